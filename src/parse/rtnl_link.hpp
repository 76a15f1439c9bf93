// Parsers for rtnetlink link and address messages (RTM_NEWLINK, RTM_NEWADDR payloads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "model/netstat_tables.hpp"

namespace sockscope {

// `payload` is one RTM_NEWLINK message after its nlmsghdr: struct ifinfomsg and IFLA_* attributes.
// Reads the name, MTU, hardware address and counters (IFLA_STATS64, else IFLA_STATS; a counter
// struct shorter than this build's leaves the fields it does not cover 0 / unset). Returns nullopt
// when the ifinfomsg is truncated or the index is not positive. A malformed attribute ends the walk:
// the interface keeps what was read before it.
std::optional<InterfaceInfo> parse_rtnl_link(std::span<const std::byte> payload);

// Counters from an IFLA_STATS64 (`wide`) or IFLA_STATS payload; nullopt when shorter than the ten
// basic counters.
std::optional<LinkCounters> parse_link_stats(std::span<const std::byte> stats, bool wide);

struct ParsedAddress {
  std::uint32_t ifindex = 0;
  InterfaceAddress address;
};

// One RTM_NEWADDR payload: struct ifaddrmsg and IFA_* attributes. Returns nullopt when the header
// is truncated, the family is neither AF_INET nor AF_INET6, or no address attribute of the right
// length is present.
std::optional<ParsedAddress> parse_rtnl_addr(std::span<const std::byte> payload);

}  // namespace sockscope
