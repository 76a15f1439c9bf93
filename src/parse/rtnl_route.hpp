// Parser for rtnetlink route messages (RTM_NEWROUTE payloads).
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "model/netstat_tables.hpp"

namespace sockscope {

// `payload` is one RTM_NEWROUTE message after its nlmsghdr: struct rtmsg and RTA_* attributes.
// `ticks_per_second` converts RTA_CACHEINFO's rta_expires (clock_t units, sysconf(_SC_CLK_TCK))
// to seconds. Returns nullopt when the rtmsg is truncated, the family is neither AF_INET nor
// AF_INET6, the prefix length is impossible for the family, or the entry is a cloned cache entry
// (RTM_F_CLONED: an exception, not a route). A malformed attribute ends the walk (the route keeps
// what was read before it); a malformed next hop in RTA_MULTIPATH ends the next-hop list.
// Plain routes get exactly one next hop (gateway/oif/flags from the message).
std::optional<RouteEntry> parse_rtnl_route(std::span<const std::byte> payload, long ticks_per_second = 100);

}  // namespace sockscope
