// Which endpoints a command shows: protocols, states, owning processes.
#include "logic/filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sockscope {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

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
  if (iequals(n, "tcp")) s.tcp4 = s.tcp6 = true;
  else if (iequals(n, "tcp4")) s.tcp4 = true;
  else if (iequals(n, "tcp6") || iequals(n, "tcpv6")) s.tcp6 = true;
  else if (iequals(n, "udp")) s.udp4 = s.udp6 = true;
  else if (iequals(n, "udp4")) s.udp4 = true;
  else if (iequals(n, "udp6") || iequals(n, "udpv6")) s.udp6 = true;
  else if (iequals(n, "raw")) s.raw4 = s.raw6 = true;
  else if (iequals(n, "raw4")) s.raw4 = true;
  else if (iequals(n, "raw6")) s.raw6 = true;
  else if (iequals(n, "unix")) s.unix_ = true;
  else if (iequals(n, "inet") || iequals(n, "inet4") || iequals(n, "ipv4")) s.tcp4 = s.udp4 = s.raw4 = true;
  else if (iequals(n, "inet6") || iequals(n, "ipv6")) s.tcp6 = s.udp6 = s.raw6 = true;
  else if (iequals(n, "all")) s = ProtoSet::all();
  else return false;
  return true;
}

ProcessSelector ProcessSelector::parse(std::string_view text) {
  ProcessSelector sel;
  int pid = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size() && pid > 0) {
    sel.pid = pid;
  } else {
    sel.name = std::string(text);
  }
  return sel;
}

bool ProcessSelector::matches(const Process& p) const {
  if (pid) return p.pid == *pid;
  if (iequals(p.name, name)) return true;
  if (!p.exe.empty() && iequals(base_name(p.exe), name)) return true;
  return !p.cmdline.empty() && iequals(base_name(p.cmdline.front()), name);
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
