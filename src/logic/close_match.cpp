// Which TCP sockets `sockscope close` closes: address, port, process and state patterns, parsed and matched.
#include "logic/close_match.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace sockscope {

namespace {

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::optional<std::uint16_t> parse_port_number(std::string_view s) {
  if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  unsigned value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// The IPv4 form of an IPv4-mapped IPv6 address; any other address unchanged.
IpAddress unmapped(const IpAddress& a) {
  if (!a.is_v4_mapped()) return a;
  IpAddress v4;
  v4.family = Family::Inet4;
  std::copy(a.bytes.begin() + 12, a.bytes.end(), v4.bytes.begin());
  return v4;
}

}  // namespace

bool address_matches(const IpAddress& pattern, const IpAddress& actual) {
  const IpAddress p = unmapped(pattern);
  const IpAddress a = unmapped(actual);
  if (p.family != a.family) return false;
  const std::size_t n = p.family == Family::Inet4 ? 4 : 16;
  if (!std::equal(p.bytes.begin(), p.bytes.begin() + n, a.bytes.begin())) return false;
  return p.family != Family::Inet6 || p.scope_id == 0 || p.scope_id == a.scope_id;
}

Result<std::optional<PortRange>> parse_port_pattern(std::string_view text) {
  auto bad = [&] {
    return fail("port " + quoted(text) + " is not a number 0-65535, a range like 8000-8100, or *");
  };
  if (text == "*") return std::optional<PortRange>{};
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto port = parse_port_number(text);
    if (!port) return bad();
    return std::optional<PortRange>{PortRange{*port, *port}};
  }
  auto low = parse_port_number(text.substr(0, dash));
  auto high = parse_port_number(text.substr(dash + 1));
  if (!low || !high) return bad();
  if (*low > *high) return fail("port range " + quoted(text) + " runs backwards");
  return std::optional<PortRange>{PortRange{*low, *high}};
}

Result<std::optional<IpAddress>> parse_address_pattern(std::string_view text, const ScopeLookup& scopes) {
  if (text == "*") return std::optional<IpAddress>{};
  std::string_view addr = text;
  if (addr.size() >= 2 && addr.front() == '[' && addr.back() == ']') addr = addr.substr(1, addr.size() - 2);
  std::string_view scope;
  if (auto percent = addr.find('%'); percent != std::string_view::npos) {
    scope = addr.substr(percent + 1);
    addr = addr.substr(0, percent);
    if (scope.empty()) return fail("empty scope in " + quoted(text));
  }
  const std::string plain(addr);
  IpAddress out;
  if (scope.empty() && inet_pton(AF_INET, plain.c_str(), out.bytes.data()) == 1) {
    out.family = Family::Inet4;
    return std::optional<IpAddress>{out};
  }
  if (inet_pton(AF_INET6, plain.c_str(), out.bytes.data()) != 1) {
    return fail(quoted(text) + " is not a numeric IP address");
  }
  out.family = Family::Inet6;
  if (!scope.empty()) {
    if (std::all_of(scope.begin(), scope.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      std::uint32_t index = 0;
      auto [ptr, ec] = std::from_chars(scope.data(), scope.data() + scope.size(), index);
      if (ec != std::errc() || ptr != scope.data() + scope.size()) return fail("bad scope in " + quoted(text));
      out.scope_id = index;
    } else if (auto index = scopes ? scopes(scope) : std::nullopt) {
      out.scope_id = *index;
    } else {
      return fail("unknown interface " + quoted(scope) + " in " + quoted(text));
    }
  }
  return std::optional<IpAddress>{out};
}

Result<SidePattern> parse_side_pattern(std::string_view text, const ScopeLookup& scopes) {
  if (text.empty()) return fail("empty address");
  std::string_view addr = text;
  std::optional<std::string_view> port;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return fail("missing ']' in " + quoted(text));
    addr = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return fail("expected ':PORT' after ']' in " + quoted(text));
      port = rest.substr(1);
    }
    if (addr == "*") return fail(quoted(text) + ": write '*' without brackets");
  } else if (std::count(text.begin(), text.end(), ':') == 1) {
    // Exactly one colon: IPv4 (or *) and a port. Two or more: a bare IPv6 address.
    const auto colon = text.find(':');
    addr = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (addr.empty()) addr = "*";
  }
  SidePattern side;
  if (port) {
    if (port->empty()) return fail("empty port in " + quoted(text));
    auto range = parse_port_pattern(*port);
    if (!range) return std::unexpected(range.error());
    side.port = *range;
  }
  if (addr.empty()) return fail("empty address in " + quoted(text));
  auto address = parse_address_pattern(addr, scopes);
  if (!address) return std::unexpected(address.error());
  side.address = *address;
  return side;
}

Result<std::uint32_t> parse_close_state(std::string_view name) {
  const auto state = parse_state_name(name);
  if (!state) return fail("unknown state " + quoted(name));
  switch (*state) {
    case TcpState::TimeWait:
      return fail("TIME_WAIT sockets cannot be closed: their connection is already over");
    case TcpState::Close:
    case TcpState::BoundInactive:
    case TcpState::Unknown:
      return fail(quoted(name) + " sockets have no connection to close");
    case TcpState::SynRecv:
    case TcpState::NewSynRecv:
      return state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv);
    default:
      return state_bit(*state);
  }
}

bool CloseCriteria::matches(const Endpoint& e, const Snapshot& snap) const {
  if (e.proto != Proto::Tcp) return false;
  if (e.family == Family::Inet4 ? !tcp4 : e.family == Family::Inet6 ? !tcp6 : true) return false;
  if (!(states & state_bit(e.state))) return false;
  if (local.address && !address_matches(*local.address, e.local)) return false;
  if (local.port && !local.port->contains(e.local_port)) return false;
  if (remote.address && !address_matches(*remote.address, e.remote)) return false;
  if (remote.port && !remote.port->contains(e.remote_port)) return false;
  if (process) {
    return std::any_of(e.owners.begin(), e.owners.end(), [&](const Owner& o) {
      return o.process < snap.processes.size() && process->matches(snap.processes[o.process]);
    });
  }
  return true;
}

std::vector<std::size_t> select_to_close(const Snapshot& snap, const CloseCriteria& criteria) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < snap.endpoints.size(); ++i) {
    if (criteria.matches(snap.endpoints[i], snap)) rows.push_back(i);
  }
  return rows;
}

}  // namespace sockscope
