// The query field table and the Endpoint-only field accessor.
#include "logic/query_fields.hpp"

#include <array>

namespace sockscope {

namespace {

using enum FieldId;
constexpr auto kInt = FieldKind::Integer;
constexpr auto kBytes = FieldKind::Bytes;
constexpr auto kText = FieldKind::Text;
constexpr std::uint64_t kMs = 1000;
constexpr std::uint64_t kSec = 1000000;

// Ordered as FieldId (checked below). Column fields are named by the column's key.
constexpr std::array<FieldInfo, kFieldCount> kFields{{
    {Proto, "proto", kText, true, 0, "tcp, udp, raw or unix (either IP family)"},
    {Family, "family", kText, true, 0, "inet, inet6 or unix"},
    {State, "state", kText, true, 0, "socket state (see `state NAME`)"},
    {LocalAddress, "local_address", FieldKind::Address, true, 0, "local address or prefix"},
    {LocalPort, "local_port", kInt, true, 0, "local port"},
    {RemoteAddress, "remote_address", FieldKind::Address, true, 0, "remote address or prefix"},
    {RemotePort, "remote_port", kInt, true, 0, "remote port"},
    {Interface, "interface", kInt, true, 0, "bound interface index (see `dev`)"},
    {Inode, "inode", kInt, true, 0, "socket inode"},
    {Cookie, "cookie", kInt, true, 0, "kernel socket cookie"},
    {Uid, "uid", kInt, true, 0, "user id that created the socket"},
    {RecvQ, "recv_q", kBytes, true, 0, "bytes in the receive queue"},
    {SendQ, "send_q", kBytes, true, 0, "bytes in the send queue"},
    {Queue, "queue", kBytes, true, 0, "recv_q + send_q"},
    {BytesSent, "bytes_sent", kBytes, true, 0, "TCP bytes sent"},
    {BytesAcked, "bytes_acked", kBytes, true, 0, "TCP bytes acknowledged"},
    {BytesReceived, "bytes_received", kBytes, true, 0, "TCP bytes received"},
    {SegsOut, "segs_out", kInt, true, 0, "TCP segments sent"},
    {SegsIn, "segs_in", kInt, true, 0, "TCP segments received"},
    {Rtt, "rtt", FieldKind::Duration, true, kMs, "smoothed TCP round-trip time (bare number: ms)"},
    {Retrans, "retrans", kInt, true, 0, "TCP retransmitted segments"},
    {UnixType, "unix_type", kText, true, 0, "stream, dgram or seqpacket"},
    {UnixPeer, "unix_peer", kInt, true, 0, "inode of the UNIX peer"},
    {RawProtocol, "raw_protocol", kInt, true, 0, "IP protocol of a raw socket"},
    {UnixPath, "path", kText, true, 0, "UNIX socket path"},
    {Local, "local", kText, false, 0, "local address:port as shown"},
    {Remote, "remote", kText, false, 0, "remote address:port as shown"},
    {LocalName, "local_name", kText, false, 0, "host name of the local address"},
    {RemoteName, "remote_name", kText, false, 0, "host name of the remote address"},
    {LocalService, "local_service", kText, false, 0, "service name of the local port"},
    {RemoteService, "remote_service", kText, false, 0, "service name of the remote port"},
    {User, "user", kText, false, 0, "user name that created the socket"},
    {Pid, "pid", kInt, false, 0, "process id of an owner"},
    {Process, "process", kText, false, 0, "process name of an owner"},
    {Pids, "pids", kText, false, 0, "every owner's pid, comma separated"},
    {Exe, "exe", kText, false, 0, "executable path of the owner"},
    {Cmdline, "cmdline", kText, false, 0, "command line of the owner"},
    {ProcessUser, "process_user", kText, false, 0, "user the owner runs as"},
    {ProcessStart, "process_start", kInt, false, 0, "owner start, Unix milliseconds"},
    {Unit, "unit", kText, false, 0, "systemd unit of the owner"},
    {Container, "container", kText, false, 0, "container of the owner"},
    {Netns, "netns", kInt, false, 0, "network namespace inode"},
    {NetnsName, "netns_name", kText, false, 0, "network namespace name: ip netns name, container, host"},
    {Age, "age", FieldKind::Duration, false, kSec, "time since first seen (bare number: s)"},
    {SendRate, "send_rate", FieldKind::Rate, false, 0, "bytes sent per second"},
    {RecvRate, "recv_rate", FieldKind::Rate, false, 0, "bytes received per second"},
    {Mark, "mark", kInt, true, 0, "socket mark (SO_MARK; known to root: sock_diag tells it to CAP_NET_ADMIN only)"},
    {Cgroup, "cgroup", kText, false, 0, "cgroup v2 path"},
}};

constexpr bool ordered_by_id() {
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (static_cast<std::size_t>(kFields[i].id) != i) return false;
  return true;
}
static_assert(ordered_by_id());

struct Alias {
  std::string_view name;
  FieldId id;
};
constexpr std::array<Alias, 9> kAliases{{
    {"packets_sent", SegsOut}, {"packets_received", SegsIn}, {"rtt_ms", Rtt},
    {"recv-q", RecvQ}, {"send-q", SendQ}, {"unix_path", UnixPath}, {"command", Cmdline},
    {"ifindex", Interface}, {"fwmark", Mark},
}};

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x == '-') x = '_';
    if (y == '-') y = '_';
    if (x != y) return false;
  }
  return true;
}

std::string_view proto_text(const Endpoint& e) {
  switch (e.proto) {
    case Proto::Tcp: return "tcp";
    case Proto::Udp: return "udp";
    case Proto::Raw: return "raw";
    case Proto::Unix: return "unix";
  }
  return "";
}

}  // namespace

std::span<const FieldInfo> all_fields() { return kFields; }
const FieldInfo& field_info(FieldId id) { return kFields[static_cast<std::size_t>(id)]; }

const FieldInfo* find_field(std::string_view name) {
  for (const auto& f : kFields)
    if (same_name(name, f.name)) return &f;
  for (const auto& a : kAliases)
    if (same_name(name, a.name)) return &field_info(a.id);
  return nullptr;
}

FieldValue EndpointFields::get(FieldId id, const Endpoint& e, std::string& scratch) const {
  const auto n = [](auto v) { return FieldValue{static_cast<std::int64_t>(v)}; };
  const bool inet = e.family != Family::Unix;
  switch (id) {
    case FieldId::Proto: return proto_text(e);
    case FieldId::Family: return family_name(e.family);
    case State:
      scratch = tcp_state_name(e.state);
      return std::string_view(scratch);
    case LocalAddress: return inet ? FieldValue{e.local} : FieldValue{};
    case RemoteAddress: return inet ? FieldValue{e.remote} : FieldValue{};
    case LocalPort: return inet ? n(e.local_port) : FieldValue{};
    case RemotePort: return inet ? n(e.remote_port) : FieldValue{};
    case Interface: return n(e.ifindex);
    case Inode: return n(e.inode);
    case Cookie: return n(e.cookie);
    case Uid: return n(e.uid);
    case RecvQ: return n(e.rqueue);
    case SendQ: return n(e.wqueue);
    case Queue: return n(std::uint64_t{e.rqueue} + e.wqueue);
    case FieldId::UnixType: return e.family == Family::Unix ? FieldValue{unix_type_name(e.unix_type)} : FieldValue{};
    case UnixPeer: return e.family == Family::Unix ? n(e.unix_peer) : FieldValue{};
    case RawProtocol: return e.proto == Proto::Raw ? n(e.raw_protocol) : FieldValue{};
    case Mark: return e.mark_known ? n(e.mark) : FieldValue{};
    case UnixPath: return e.family == Family::Unix ? FieldValue{std::string_view(e.unix_path)} : FieldValue{};
    default: break;
  }
  if (!e.tcp) return {};
  const TcpCounters& t = *e.tcp;
  switch (id) {
    case BytesSent: return n(t.bytes_sent);
    case BytesAcked: return n(t.bytes_acked);
    case BytesReceived: return n(t.bytes_received);
    case SegsOut: return n(t.segs_out);
    case SegsIn: return n(t.segs_in);
    case Rtt: return n(t.rtt_us);
    case Retrans: return n(t.total_retrans);
    default: return {};
  }
}

}  // namespace sockscope
