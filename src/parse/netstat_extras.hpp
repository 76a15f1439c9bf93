// What netstat's BSD displays gather from /proc: socket memory (-m), multicast routing (-g), routing statistics.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/netstat_tables.hpp"
#include "parse/mroute.hpp"
#include "parse/route_stats.hpp"
#include "parse/sockstat.hpp"

namespace sockscope {

struct SocketMemory {
  std::vector<SockstatLine> lines;                      // sockstat then sockstat6
  std::optional<std::array<std::uint64_t, 3>> tcp_mem;  // pages: min, pressure, max
  std::optional<std::array<std::uint64_t, 3>> udp_mem;
  long page_size = 4096;
};

struct MulticastRouting {
  bool ipv4 = false, ipv6 = false;  // whether the kernel has the tables (CONFIG_IP_MROUTE, CONFIG_IPV6_MROUTE)
  std::vector<MrouteVif> vifs4, vifs6;
  std::vector<MrouteEntry> cache4, cache6;
};

struct RoutingStatistics {
  ProtocolCounters counters;  // /proc/net/snmp, snmp6 and netstat
  std::optional<std::map<std::string, std::uint64_t, std::less<>>> rt_cache;  // absent: no such file
  std::optional<Rt6Stats> rt6;
};

}  // namespace sockscope
