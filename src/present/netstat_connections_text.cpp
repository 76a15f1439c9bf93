// Windows netstat's "Active Connections" table, -b owner lines, the UNIX socket list and the -x section.
#include "present/netstat_connections_text.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <tuple>

#include "present/netstat_text_util.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

using netstat_text::append_field;
using netstat_text::end_line;

bool is_tcp(const Endpoint& e) { return e.proto == Proto::Tcp; }

std::string shorten(std::string name, bool fqdn) {
  if (fqdn) return name;
  const std::size_t dot = name.find('.');
  if (dot == 0 || dot == std::string::npos) return name;
  name.resize(dot);
  return name;
}

std::string numeric_address(const IpAddress& a) {
  if (a.family != Family::Inet6) return netstat_text::ip(a);
  // Windows writes the scope as the interface index: [fe80::1%10]:135.
  return '[' + netstat_text::ip(a) + (a.scope_id != 0 ? '%' + std::to_string(a.scope_id) : "") + ']';
}

std::string port_text(std::uint16_t port, Proto proto, const NameSource* names) {
  if (names && port != 0) {
    if (auto s = names->service_name(port, proto)) return terminal_safe(*s);
  }
  return std::to_string(port);
}

std::string local_text(const Endpoint& e, const ConnectionView& v, const NameSource* names) {
  if (!names) return numeric_address(e.local) + ':' + std::to_string(e.local_port);
  return terminal_safe(shorten(v.host_name, v.fqdn)) + ':' + port_text(e.local_port, e.proto, names);
}

std::string foreign_text(const Endpoint& e, const ConnectionView& v, const NameSource* names) {
  if (!is_tcp(e)) return "*:*";
  if (!names) return numeric_address(e.remote) + ':' + std::to_string(e.remote_port);
  std::string host;
  if (e.remote.is_unspecified()) {
    host = terminal_safe(shorten(v.host_name, v.fqdn));  // Windows: MYHOST:0 for listening rows
  } else if (auto name = names->host_name(e.remote)) {
    host = terminal_safe(shorten(*name, v.fqdn));
  } else {
    host = numeric_address(e.remote);
  }
  return host + ':' + port_text(e.remote_port, e.proto, names);
}

const Process* process_at(const Snapshot& snap, const Owner& o) {
  return o.process < snap.processes.size() ? &snap.processes[o.process] : nullptr;
}

// Owners are ordered by pid; one entry per process holding the socket.
std::vector<const Process*> owning_processes(const Snapshot& snap, const Endpoint& e) {
  std::vector<const Process*> out;
  for (const Owner& o : e.owners) {
    const Process* p = process_at(snap, o);
    if (p && std::none_of(out.begin(), out.end(), [&](const Process* q) { return q->pid == p->pid; })) out.push_back(p);
  }
  return out;
}

std::string pid_text(const Snapshot& snap, const Endpoint& e) {
  auto procs = owning_processes(snap, e);
  if (!procs.empty()) return std::to_string(procs.front()->pid);
  // 0 as Windows shows for sockets no process holds; "-" when a holder may exist but was not visible.
  return e.inode != 0 && snap.notes.owners_incomplete ? "-" : "0";
}

std::string process_label(const Process& p) {
  return p.name.empty() ? "pid " + std::to_string(p.pid) : terminal_safe(p.name);
}

void append_owner_lines(std::string& out, const Snapshot& snap, const Endpoint& e, const ConnectionView& v,
                        const ConnectionHooks& hooks) {
  const auto procs = owning_processes(snap, e);
  if (procs.empty()) {
    out += " Can not obtain ownership information\n";
    return;
  }
  for (const Process* p : procs) {
    // A container by its runtime and name ("container docker web") rather than the cgroup's bare id.
    if (!p->container.empty()) out += "  container " + terminal_safe(p->container) + '\n';
    else if (!p->unit.empty()) out += "  " + terminal_safe(p->unit) + '\n';
    if (v.verbose && hooks.ancestry) {
      // The parents inside the same unit, outermost first: how the socket's holder came to be.
      std::vector<Process> chain = hooks.ancestry(p->pid);
      std::vector<const Process*> inside;
      for (std::size_t i = (!chain.empty() && chain[0].pid == p->pid) ? 1 : 0; i < chain.size(); ++i) {
        if (chain[i].pid <= 1 || chain[i].unit != p->unit) break;
        inside.push_back(&chain[i]);
      }
      for (auto it = inside.rbegin(); it != inside.rend(); ++it)
        out += "  " + process_label(**it) + " (PID " + std::to_string((*it)->pid) + ")\n";
    }
    out += " [" + process_label(*p) + "]\n";
  }
}

}  // namespace

std::string_view windows_state_name(TcpState s) {
  switch (s) {
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynRecv:
    case TcpState::NewSynRecv: return "SYN_RECEIVED";
    case TcpState::FinWait1: return "FIN_WAIT_1";
    case TcpState::FinWait2: return "FIN_WAIT_2";
    case TcpState::TimeWait: return "TIME_WAIT";
    case TcpState::Close: return "CLOSED";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::Listen: return "LISTENING";
    case TcpState::Closing: return "CLOSING";
    case TcpState::BoundInactive: return "BOUND";
    case TcpState::Unknown: break;
  }
  return "UNKNOWN";
}

EndpointFilter connection_filter(const ConnectionView& v) {
  const bool listed = v.all || v.bound;
  EndpointFilter f;
  f.protos = {v.protos.tcp4, v.protos.tcp6, listed && v.protos.udp4, listed && v.protos.udp6, false, false, false};
  std::uint32_t states = kAllStates | state_bit(TcpState::Unknown);
  if (!listed) states &= ~(state_bit(TcpState::Listen) | state_bit(TcpState::Close) | state_bit(TcpState::Unknown));
  if (!v.bound) states &= ~state_bit(TcpState::BoundInactive);
  f.states = states;
  return f;
}

std::vector<std::size_t> select_connections(const Snapshot& snap, const ConnectionView& view) {
  std::vector<std::size_t> rows = select_endpoints(snap, connection_filter(view));
  auto key = [&](std::size_t i) {
    const Endpoint& e = snap.endpoints[i];
    return std::tie(e.proto, e.family, e.local, e.local_port, e.remote, e.remote_port);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return rows;
}

std::vector<IpAddress> addresses_to_resolve(const Snapshot& snap, const std::vector<std::size_t>& rows) {
  std::vector<IpAddress> out;
  for (std::size_t r : rows) {
    const Endpoint& e = snap.endpoints[r];
    if (is_tcp(e) && !e.remote.is_unspecified()) out.push_back(e.remote);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string format_connections(const Snapshot& snap, const std::vector<std::size_t>& rows,
                               const ConnectionView& v, const NameSource* names, const ConnectionHooks& hooks) {
  std::string out = "\nActive Connections\n\n";
  std::string line;
  // Extra columns after State, in a fixed order; each but the last padded.
  auto header = [&] {
    line = "  ";
    append_field(line, "Proto", 7);
    append_field(line, "Local Address", 23);
    append_field(line, "Foreign Address", 23);
    append_field(line, "State", 16);
    if (v.pid) append_field(line, "PID", 9);
    if (v.offload) append_field(line, "Offload State", 16);
    if (v.templates) append_field(line, "Template", 16);
    if (v.time_in_state) append_field(line, "Time in State (ms)", 20);
    if (v.pcb) {
      append_field(line, "Inode", 12);
      append_field(line, "Cookie", 18);
    }
    end_line(out, line);
  };
  header();
  for (std::size_t r : rows) {
    const Endpoint& e = snap.endpoints[r];
    line = "  ";
    append_field(line, is_tcp(e) ? "TCP" : "UDP", 7);
    append_field(line, local_text(e, v, names), 23);
    append_field(line, foreign_text(e, v, names), 23);
    append_field(line, is_tcp(e) ? windows_state_name(e.state) : "", 16);
    if (v.pid) append_field(line, pid_text(snap, e), 9);
    if (v.offload) append_field(line, "InHost", 16);
    if (v.templates) append_field(line, "Not Applicable", 16);
    if (v.time_in_state) {
      std::optional<std::int64_t> ms = hooks.ms_in_state ? hooks.ms_in_state(e) : std::nullopt;
      append_field(line, ms ? std::to_string(*ms) : "-", 20);
    }
    if (v.pcb) {
      append_field(line, e.inode ? std::to_string(e.inode) : "-", 12);
      std::string cookie = "-";
      if (e.cookie) {
        char buf[24];
        auto res = std::to_chars(buf, buf + sizeof buf, e.cookie, 16);
        cookie = std::string(buf, res.ptr);
      }
      append_field(line, cookie, 18);
    }
    end_line(out, line);
    if (v.owners) append_owner_lines(out, snap, e, v, hooks);
  }
  return out;
}

bool owners_hidden(const Snapshot& snap, const std::vector<std::size_t>& rows) {
  if (!snap.notes.owners_incomplete) return false;
  return std::any_of(rows.begin(), rows.end(), [&](std::size_t r) {
    const Endpoint& e = snap.endpoints[r];
    return e.inode != 0 && e.owners.empty();
  });
}

std::string format_unix_sockets(const Snapshot& snap, const ConnectionView& v, const ConnectionHooks& hooks) {
  EndpointFilter unix_filter;
  unix_filter.protos = {};
  unix_filter.protos.unix_ = true;
  unix_filter.states = kAllStates | state_bit(TcpState::Unknown);
  if (!(v.all || v.bound)) *unix_filter.states &= ~state_bit(TcpState::Listen);  // servers only with -a
  std::vector<std::size_t> rows = select_endpoints(snap, unix_filter);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t a, std::size_t b) { return snap.endpoints[a].inode < snap.endpoints[b].inode; });

  std::string out = (v.all || v.bound) ? "\nActive UNIX domain sockets (servers and established)\n"
                                        : "\nActive UNIX domain sockets (w/o servers)\n";
  std::string line;
  append_field(line, "Proto", 6);
  append_field(line, "RefCnt", 7);
  append_field(line, "Flags", 12);
  append_field(line, "Type", 11);
  append_field(line, "State", 14);
  append_field(line, "I-Node", 9);
  if (v.pid) append_field(line, "PID", 9);
  line += "Path";
  end_line(out, line);
  for (std::size_t r : rows) {
    const Endpoint& e = snap.endpoints[r];
    append_field(line, "unix", 6);
    append_field(line, "-", 7);  // the reference count is in /proc/net/unix only; netlink does not report it
    append_field(line, e.state == TcpState::Listen ? "[ ACC ]" : "[ ]", 12);
    std::string type;
    switch (e.unix_type) {
      case UnixType::Stream: type = "STREAM"; break;
      case UnixType::Dgram: type = "DGRAM"; break;
      case UnixType::SeqPacket: type = "SEQPACKET"; break;
      case UnixType::None: type = "?"; break;
    }
    append_field(line, type, 11);
    std::string_view state;
    switch (e.state) {
      case TcpState::Listen: state = "LISTENING"; break;
      case TcpState::Established: state = "CONNECTED"; break;
      case TcpState::SynSent: state = "CONNECTING"; break;
      case TcpState::Close:
      case TcpState::Unknown: state = ""; break;  // unconnected
      default: state = "DISCONNECTING"; break;
    }
    append_field(line, state, 14);
    append_field(line, std::to_string(e.inode), 9);
    if (v.pid) append_field(line, pid_text(snap, e), 9);
    line += terminal_safe(e.unix_path);
    end_line(out, line);
    if (v.owners) append_owner_lines(out, snap, e, v, hooks);
  }
  return out;
}

std::string format_network_direct() {
  return "\nActive NetworkDirect Connections, Listeners, SharedEndpoints\n\n"
         "  None: NetworkDirect is a Windows RDMA interface; Linux has no NetworkDirect endpoints.\n";
}

}  // namespace sockscope
