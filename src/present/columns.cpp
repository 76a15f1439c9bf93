// The column table itself, lookup by name, default sets, and plain-text formatting of cells.
#include "present/columns.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstring>

#include "present/local_lookups.hpp"

namespace sockscope {

namespace {

using enum ColumnId;
constexpr auto L = Align::Left;
constexpr auto R = Align::Right;
constexpr auto kText = ValueKind::Text;
constexpr auto kInt = ValueKind::Integer;

// Ordered as ColumnId; columns() checks that at compile time.
constexpr std::array<Column, kColumnCount> kColumns{{
    {Proto, "proto", "Proto", L, kText, Elide::None, kNeedNothing, true,
     "Protocol and family: tcp, tcp6, udp, udp6, raw, raw6, unix"},
    {State, "state", "State", L, kText, Elide::None, kNeedNothing, true,
     "Socket state: ESTABLISHED, LISTEN, TIME_WAIT, ...; UNCONN for unconnected UDP, raw, UNIX"},
    {LocalAddress, "local_address", "Local Address", L, kText, Elide::Middle, kNeedNothing, true,
     "Local IP address (IPv6 with %interface scope), or the UNIX socket's path"},
    {LocalPort, "local_port", "Local Port", R, kInt, Elide::None, kNeedNothing, true,
     "Local port number"},
    {RemoteAddress, "remote_address", "Remote Address", L, kText, Elide::Middle, kNeedNothing, true,
     "Remote IP address (IPv6 with %interface scope)"},
    {RemotePort, "remote_port", "Remote Port", R, kInt, Elide::None, kNeedNothing, true,
     "Remote port number"},
    {Local, "local", "Local", L, kText, Elide::Middle, kNeedNames, false,
     "Local address:port, as names unless numeric ([addr]:port for IPv6)"},
    {Remote, "remote", "Remote", L, kText, Elide::Middle, kNeedNames, false,
     "Remote address:port, as names unless numeric; *:* style when not connected"},
    {LocalName, "local_name", "Local Name", L, kText, Elide::Middle, kNeedNames, true,
     "Host name of the local address, when one is known"},
    {RemoteName, "remote_name", "Remote Name", L, kText, Elide::Middle, kNeedNames, true,
     "Host name of the remote address, when one is known"},
    {LocalService, "local_service", "Local Service", L, kText, Elide::End, kNeedNames, true,
     "Service name of the local port (/etc/services)"},
    {RemoteService, "remote_service", "Remote Service", L, kText, Elide::End, kNeedNames, true,
     "Service name of the remote port (/etc/services)"},
    {Interface, "interface", "Interface", L, kText, Elide::None, kNeedNothing, true,
     "Network interface the socket is bound to (SO_BINDTODEVICE)"},
    {Inode, "inode", "Inode", R, kInt, Elide::None, kNeedNothing, true,
     "Socket inode number"},
    {Cookie, "cookie", "Cookie", L, kText, Elide::None, kNeedNothing, true,
     "Kernel socket cookie, hexadecimal (netlink only)"},
    {Uid, "uid", "UID", R, kInt, Elide::None, kNeedNothing, true,
     "User id that created the socket"},
    {User, "user", "User", L, kText, Elide::End, kNeedNothing, true,
     "User name that created the socket"},
    {RecvQ, "recv_q", "Recv-Q", R, kInt, Elide::None, kNeedNothing, true,
     "Bytes in the receive queue (listening: pending connections)"},
    {SendQ, "send_q", "Send-Q", R, kInt, Elide::None, kNeedNothing, true,
     "Bytes in the send queue (listening: backlog)"},
    {BytesSent, "bytes_sent", "Bytes Sent", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP bytes sent, retransmissions included"},
    {BytesAcked, "bytes_acked", "Bytes Acked", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP bytes acknowledged by the peer"},
    {BytesReceived, "bytes_received", "Bytes Received", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP bytes received"},
    {SegsOut, "segs_out", "Segs Out", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP segments sent"},
    {SegsIn, "segs_in", "Segs In", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP segments received"},
    {RttMs, "rtt_ms", "RTT ms", R, ValueKind::Float, Elide::None, kNeedTcpInfo, true,
     "Smoothed TCP round-trip time, milliseconds"},
    {Retrans, "retrans", "Retrans", R, kInt, Elide::None, kNeedTcpInfo, true,
     "TCP retransmitted segments in total"},
    {Pid, "pid", "PID", R, kInt, Elide::None, kNeedOwners, true,
     "Process id of the first (lowest) owner"},
    {Process, "process", "Process", L, kText, Elide::End, kNeedOwners, true,
     "Name of the first owning process"},
    {Pids, "pids", "PIDs", L, ValueKind::IntegerList, Elide::End, kNeedOwners, true,
     "Every owning process id (JSON: an array)"},
    {Exe, "exe", "Executable", L, kText, Elide::Start, kNeedOwners, true,
     "Executable path of the first owner"},
    {Cmdline, "cmdline", "Command Line", L, kText, Elide::End, kNeedOwners, true,
     "Command line of the first owner, arguments joined by spaces"},
    {ProcessUser, "process_user", "Process User", L, kText, Elide::End, kNeedOwners, true,
     "User the first owner runs as"},
    {ProcessStart, "process_start", "Process Start", L, ValueKind::Timestamp, Elide::None, kNeedOwners, true,
     "When the first owner started, ISO 8601 local time"},
    {UnixType, "unix_type", "Unix Type", L, kText, Elide::None, kNeedNothing, true,
     "UNIX socket type: stream, dgram, seqpacket"},
    {UnixPeer, "unix_peer", "Unix Peer", R, kInt, Elide::None, kNeedNothing, true,
     "Inode of the connected UNIX socket's peer"},
    {RawProtocol, "raw_protocol", "Raw Protocol", R, kInt, Elide::None, kNeedNothing, true,
     "IP protocol number of a raw socket"},
    {Unit, "unit", "Module", L, kText, Elide::End, kNeedOwners, true,
     "systemd unit or container of the first owner"},
    {Netns, "netns", "Netns", R, kInt, Elide::None, kNeedNothing, true,
     "Inode of the socket's network namespace (as in net:[INODE], lsns -t net)"},
    {NetnsName, "netns_name", "Namespace", L, kText, Elide::End, kNeedNothing, true,
     "The namespace's ip netns name, else its container's name, else host for PID 1's namespace"},
    {Container, "container", "Container", L, kText, Elide::End, kNeedOwners, true,
     "Container of the first owner (else of the namespace): runtime and name or short id"},
    {Mark, "mark", "Mark", R, kInt, Elide::None, kNeedNothing, false,
     "Socket mark (SO_MARK, fwmark; ss -e shows it in hex); sock_diag tells it to root only"},
    {Cgroup, "cgroup", "Cgroup", L, kText, Elide::Start, kNeedNothing, false,
     "cgroup v2 path of the socket (the creator's cgroup, as ss --cgroup shows it)"},
}};

constexpr bool ordered_by_id() {
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (static_cast<std::size_t>(kColumns[i].id) != i) return false;
  }
  return true;
}
static_assert(ordered_by_id(), "kColumns must list columns in ColumnId order");

// Lower case without ' ', '_' and '-', so ids and titles compare loosely.
std::string loose(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

template <class T>
void append_number(std::string& out, T v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

}  // namespace

std::span<const Column> all_columns() { return kColumns; }

const Column& column(ColumnId id) { return kColumns[static_cast<std::size_t>(id)]; }

const Column* find_column(std::string_view name) {
  const std::string want = loose(name);
  if (want.empty()) return nullptr;
  for (const Column& c : kColumns) {
    if (loose(c.key) == want || loose(c.title) == want) return &c;
  }
  return nullptr;
}

std::vector<const Column*> default_table_columns() {
  return {&column(ColumnId::Proto), &column(ColumnId::Local),  &column(ColumnId::Remote),
          &column(ColumnId::State), &column(ColumnId::Pid),    &column(ColumnId::Process)};
}

std::vector<const Column*> default_data_columns() {
  std::vector<const Column*> out;
  for (const Column& c : kColumns) {
    if (c.in_data_default) out.push_back(&c);
  }
  return out;
}

std::uint8_t columns_need(std::span<const Column* const> columns) {
  std::uint8_t needs = kNeedNothing;
  for (const Column* c : columns) needs |= c->needs;
  return needs;
}

int compare_values(const Value& a, const Value& b) {
  const bool a_none = std::holds_alternative<std::monostate>(a);
  const bool b_none = std::holds_alternative<std::monostate>(b);
  if (a_none || b_none) return a_none == b_none ? 0 : (a_none ? 1 : -1);
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;  // one column has one kind
  return std::visit(
      [&](const auto& x) -> int {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return 0;
        } else {
          const T& y = std::get<T>(b);
          if constexpr (std::is_same_v<T, std::string_view>) {
            const int c = x.compare(y);
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
          } else {
            return x < y ? -1 : (y < x ? 1 : 0);
          }
        }
      },
      a);
}

char* write_number(char* p, const Value& v) {
  char* end = p + kMaxNumberText;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_chars(p, end, *i).ptr;
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return std::to_chars(p, end, *u).ptr;
  if (const auto* d = std::get_if<double>(&v)) return std::to_chars(p, end, *d).ptr;
  return p;
}

void append_plain_text(std::string& out, const Column& c, const Value& v, LocalLookups* local,
                       FloatStyle floats) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    if (c.kind == ValueKind::Timestamp) {
      if (local) out.append(local->local_time(*i));
      else append_local_time(out, *i);
    } else {
      append_number(out, *i);
    }
  } else if (const auto* u = std::get_if<std::uint64_t>(&v)) {
    append_number(out, *u);
  } else if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    auto r = floats == FloatStyle::Fixed3
                 ? std::to_chars(buf, buf + sizeof buf, *d, std::chars_format::fixed, 3)
                 : std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
  } else if (const auto* s = std::get_if<std::string_view>(&v)) {
    out.append(*s);
  }
}

}  // namespace sockscope
