// Text of `netstat -r`: Windows' `route print` layout and the BSD routing-table layout.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/netstat_tables.hpp"

namespace sockscope {

// Host names for addresses (from /etc/hosts) when names are wanted; empty function = numeric.
using HostNamer = std::function<std::optional<std::string>(const IpAddress&)>;

// Windows `route print`: "Interface List" (index...MAC......name; an all-zero or missing hardware
// address is left out), "IPv4 Route Table" (Network Destination, Netmask, Gateway, Interface,
// Metric; Gateway "On-link" without a next hop, "Blackhole"/"Unreachable"/"Prohibit"/"Throw" for
// those types; Interface = the route's preferred source, else the interface's first primary IPv4
// address, else its name; Metric = RTA_PRIORITY, 0 without one), "Persistent Routes: None" (Linux
// keeps no persistent routes), then "IPv6 Route Table" (If, Metric, Network Destination, Gateway).
// Routes of every table, sorted by destination and prefix length; a multipath route gives one
// row per next hop.
std::string format_route_print(const std::vector<InterfaceInfo>& links, const RouteTables& routes);

// The BSD routing tables: "Routing tables", "Internet:" and "Internet6:" with Destination, Gateway,
// Flags, Refs, Use, Netif, Expire. Destination: "default", a host address, or network/prefix
// (link-local ones with %netif); Gateway: the next hop or "link#N" for on-link routes. Flags:
// U up (next hop not dead or link-down), G gateway, H host route, R reject (unreachable, prohibit),
// B blackhole, D dynamic (installed by a redirect), S static (added by an administrator: protocol
// boot or static), l local address, b broadcast. Linux keeps no per-route reference or use counts:
// Refs and Use are "-". Expire: seconds left for routes that expire. `names` turns host addresses
// into names when set.
std::string format_bsd_routes(const std::vector<InterfaceInfo>& links, const RouteTables& routes,
                              const HostNamer& names);

// The BSD flag letters of one route and next hop (exposed for tests).
std::string bsd_route_flags(const RouteEntry& route, const RouteNextHop& hop);

}  // namespace sockscope
