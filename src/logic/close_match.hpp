// Which TCP sockets `sockscope close` closes: address, port, process and state patterns, parsed and matched.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "logic/filter.hpp"
#include "model/error.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

// States of a real connection; SOCK_DESTROY on any of them aborts it. SYN_RECV covers request
// sockets (NEW_SYN_RECV) too. TIME_WAIT, CLOSE and BOUND are left out: nothing is connected.
inline constexpr std::uint32_t kConnectionStates =
    state_bit(TcpState::Established) | state_bit(TcpState::SynSent) | state_bit(TcpState::SynRecv) |
    state_bit(TcpState::FinWait1) | state_bit(TcpState::FinWait2) | state_bit(TcpState::CloseWait) |
    state_bit(TcpState::LastAck) | state_bit(TcpState::Closing) | state_bit(TcpState::NewSynRecv);

// What --state may name: the connection states and LISTEN (closing a listener stops it accepting).
inline constexpr std::uint32_t kClosableStates = kConnectionStates | state_bit(TcpState::Listen);

// An inclusive port range; a single port is low == high.
struct PortRange {
  std::uint16_t low = 0;
  std::uint16_t high = 65535;
  bool contains(std::uint16_t port) const { return low <= port && port <= high; }
  friend bool operator==(const PortRange&, const PortRange&) = default;
};

// Exact address equality where an IPv4 address and its IPv4-mapped IPv6 form (::ffff:a.b.c.d)
// are the same address, in either direction. A pattern scope of 0 matches any IPv6 scope.
bool address_matches(const IpAddress& pattern, const IpAddress& actual);

// One side of a connection as the user names it; an absent part matches anything.
struct SidePattern {
  std::optional<IpAddress> address;
  std::optional<PortRange> port;
  friend bool operator==(const SidePattern&, const SidePattern&) = default;
};

// Maps an IPv6 scope name ("eth0" in "fe80::1%eth0") to an interface index; nullopt = unknown.
// Numeric scopes never reach it. Without one, only numeric scopes are accepted.
using ScopeLookup = std::function<std::optional<std::uint32_t>(std::string_view)>;

// "*" (any), "80", "8000-8100". Errors name the text and say what is accepted.
Result<std::optional<PortRange>> parse_port_pattern(std::string_view text);

// "*" (any), "192.0.2.1", "2001:db8::1", "[2001:db8::1]", "fe80::1%2" (scope index or, with
// `scopes`, a name). Numeric only: names are refused, so what is closed is what was typed.
Result<std::optional<IpAddress>> parse_address_pattern(std::string_view text, const ScopeLookup& scopes = {});

// "ADDR", "ADDR:PORT", "[ADDR6]", "[ADDR6]:PORT", "*", "*:PORT", ":PORT"; PORT as in
// parse_port_pattern. A bare IPv6 address ("::1", even "::1:80") never carries a port: write
// "[::1]:80".
Result<SidePattern> parse_side_pattern(std::string_view text, const ScopeLookup& scopes = {});

// One --state name as a state_bit() mask (SYN_RECV includes NEW_SYN_RECV). Names the kernel
// knows but that cannot be closed (TIME_WAIT, CLOSE, BOUND) are errors saying why.
Result<std::uint32_t> parse_close_state(std::string_view name);

struct CloseCriteria {
  SidePattern local;
  SidePattern remote;
  std::optional<ProcessSelector> process;  // matches when any owner matches
  bool tcp4 = true;
  bool tcp6 = true;
  std::uint32_t states = kConnectionStates;  // state_bit() mask

  bool matches(const Endpoint& e, const Snapshot& snap) const;
};

// Indices of the snapshot's TCP endpoints the criteria select, in snapshot order.
std::vector<std::size_t> select_to_close(const Snapshot& snap, const CloseCriteria& criteria);

}  // namespace sockscope
