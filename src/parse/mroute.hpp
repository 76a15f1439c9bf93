// Parsers for the kernel's multicast routing tables: /proc/net/ip_mr_vif, ip_mr_cache, ip6_mr_vif, ip6_mr_cache.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/error.hpp"

namespace sockscope {

// One virtual interface (a vif; IPv6 calls it a mif).
struct MrouteVif {
  int index = 0;
  std::string name;  // the device, as the kernel prints it (may be "none" for a tunnel without one)
  std::uint64_t bytes_in = 0, pkts_in = 0, bytes_out = 0, pkts_out = 0;
  unsigned flags = 0;
  // IPv4 only: dotted addresses; empty for IPv6, and local is empty when the vif was made by
  // interface index (flag VIFF_USE_IFINDEX, 0x8): the kernel then prints the index in its place.
  std::string local, remote;
};

// One multicast forwarding cache entry.
struct MrouteEntry {
  std::string origin, group;  // numeric addresses
  int in_vif = -1;            // -1: unresolved (waiting for the routing daemon)
  std::uint64_t packets = 0, bytes = 0, wrong_if = 0;
  std::vector<std::pair<int, int>> out_ttls;  // (vif, ttl threshold)
};

// The files' text including their heading line. ipv6 selects the ip6_ layout (no Local/Remote
// columns; addresses in colon form). Fails, naming the line, on a row with too few fields or a
// field that is not a number (a short read or a layout this code does not know).
Result<std::vector<MrouteVif>> parse_mroute_vifs(std::string_view text, bool ipv6);
Result<std::vector<MrouteEntry>> parse_mroute_cache(std::string_view text, bool ipv6);

}  // namespace sockscope
