// Which endpoints a command shows: protocols, states, owning processes.
#include "logic/filter.hpp"

#include <algorithm>

namespace sockscope {

namespace {

constexpr std::uint32_t kConnectedTcp =
    kAllStates & ~(state_bit(TcpState::Listen) | state_bit(TcpState::Close) | state_bit(TcpState::BoundInactive));

}  // namespace

bool ProtoSet::contains(const Endpoint& e) const {
  const bool v6 = e.family == Family::Inet6;
  switch (e.proto) {
    case Proto::Tcp: return v6 ? tcp6 : tcp4;
    case Proto::Udp: return v6 ? udp6 : udp4;
    case Proto::Raw: return v6 ? raw6 : raw4;
    case Proto::Unix: return unix_;
  }
  return false;
}

ProtoSet ProtoSet::all() { return {true, true, true, true, true, true, true}; }
ProtoSet ProtoSet::tcp_only() {
  ProtoSet s;
  s.tcp4 = s.tcp6 = true;
  return s;
}

bool add_proto(ProtoSet& s, std::string_view n) {
  if (ascii_iequals(n, "tcp")) s.tcp4 = s.tcp6 = true;
  else if (ascii_iequals(n, "tcp4")) s.tcp4 = true;
  else if (ascii_iequals(n, "tcp6") || ascii_iequals(n, "tcpv6")) s.tcp6 = true;
  else if (ascii_iequals(n, "udp")) s.udp4 = s.udp6 = true;
  else if (ascii_iequals(n, "udp4")) s.udp4 = true;
  else if (ascii_iequals(n, "udp6") || ascii_iequals(n, "udpv6")) s.udp6 = true;
  else if (ascii_iequals(n, "raw")) s.raw4 = s.raw6 = true;
  else if (ascii_iequals(n, "raw4")) s.raw4 = true;
  else if (ascii_iequals(n, "raw6")) s.raw6 = true;
  else if (ascii_iequals(n, "unix")) s.unix_ = true;
  else if (ascii_iequals(n, "inet") || ascii_iequals(n, "inet4") || ascii_iequals(n, "ipv4")) s.tcp4 = s.udp4 = s.raw4 = true;
  else if (ascii_iequals(n, "inet6") || ascii_iequals(n, "ipv6")) s.tcp6 = s.udp6 = s.raw6 = true;
  else if (ascii_iequals(n, "all")) s = ProtoSet::all();
  else return false;
  return true;
}

bool EndpointFilter::matches(const Endpoint& e, const Snapshot& snap) const {
  if (!protos.contains(e)) return false;
  const std::uint32_t bit = state_bit(e.state == TcpState::NewSynRecv ? TcpState::SynRecv : e.state);
  if (states) {
    if (!(*states & bit)) return false;
  } else if (e.proto == Proto::Tcp ? !(kConnectedTcp & bit) : e.state != TcpState::Established) {
    return false;
  }
  if (process) {
    return std::any_of(e.owners.begin(), e.owners.end(),
                       [&](const Owner& o) { return process->matches(snap.processes[o.process]); });
  }
  return true;
}

std::vector<std::size_t> select_endpoints(const Snapshot& snap, const EndpointFilter& filter) {
  std::vector<std::size_t> rows;
  rows.reserve(snap.endpoints.size());
  for (std::size_t i = 0; i < snap.endpoints.size(); ++i) {
    if (filter.matches(snap.endpoints[i], snap)) rows.push_back(i);
  }
  return rows;
}

bool any_process_matches(const Snapshot& snap, const ProcessSelector& sel) {
  return std::any_of(snap.processes.begin(), snap.processes.end(),
                     [&](const Process& p) { return sel.matches(p); });
}

}  // namespace sockscope
