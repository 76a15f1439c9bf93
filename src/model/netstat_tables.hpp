// The netstat tables that are not sockets: protocol counters, interfaces with their addresses and counters, routes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {

// Kernel counters by "Group.Key": "Ip.InReceives", "Tcp.ActiveOpens", "TcpExt.SyncookiesSent" from the
// two-line files (/proc/net/snmp, /proc/net/netstat); "Ip6.InReceives", "Icmp6.InMsgs", "Udp6.NoPorts"
// from /proc/net/snmp6 (split after the group's '6'). Only what the kernel printed is here.
struct ProtocolCounters {
  std::map<std::string, std::uint64_t, std::less<>> values;
  bool has_ipv6 = true;  // false: the kernel has no IPv6 (/proc/net/snmp6 does not exist)

  std::optional<std::uint64_t> get(std::string_view group, std::string_view key) const {
    std::string name;
    name.reserve(group.size() + 1 + key.size());
    name.append(group).append(1, '.').append(key);
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  bool has_group(std::string_view group) const {
    std::string prefix(group);
    prefix += '.';
    const auto it = values.lower_bound(prefix);
    return it != values.end() && std::string_view(it->first).starts_with(prefix);
  }
};

// struct rtnl_link_stats64 as far as netstat shows it. rx_nohandler is absent from old kernels.
struct LinkCounters {
  std::uint64_t rx_packets = 0;
  std::uint64_t tx_packets = 0;
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_bytes = 0;
  std::uint64_t rx_errors = 0;
  std::uint64_t tx_errors = 0;
  std::uint64_t rx_dropped = 0;
  std::uint64_t tx_dropped = 0;
  std::uint64_t multicast = 0;  // received multicast packets; Linux does not count sent ones per link
  std::uint64_t collisions = 0;
  std::optional<std::uint64_t> rx_nohandler;  // received for no protocol handler
  friend bool operator==(const LinkCounters&, const LinkCounters&) = default;
};

struct InterfaceAddress {
  IpAddress address;               // IFA_LOCAL, else IFA_ADDRESS
  std::optional<IpAddress> peer;   // point-to-point peer (IFA_ADDRESS when it differs from IFA_LOCAL)
  std::uint8_t prefix_len = 0;
  std::uint8_t scope = 0;          // RT_SCOPE_* numbering: 0 universe, 253 link, 254 host
  bool secondary = false;          // IFA_F_SECONDARY: not the interface's primary address of its subnet
  friend bool operator==(const InterfaceAddress&, const InterfaceAddress&) = default;
};

struct InterfaceInfo {
  std::uint32_t index = 0;
  std::string name;                    // raw bytes as the kernel gave them; escaped by presenters
  std::uint32_t mtu = 0;
  std::uint32_t flags = 0;             // IFF_* numbering (net/if.h)
  std::uint16_t type = 0;              // ARPHRD_* numbering
  std::vector<std::uint8_t> hwaddr;    // IFLA_ADDRESS; empty when the link has none
  std::optional<LinkCounters> stats;   // IFLA_STATS64 (or the 32-bit IFLA_STATS)
  std::vector<InterfaceAddress> addresses;  // joined from RTM_GETADDR, in the kernel's order

  bool up() const { return flags & 0x1u; }          // IFF_UP
  bool loopback() const { return flags & 0x8u; }    // IFF_LOOPBACK
  friend bool operator==(const InterfaceInfo&, const InterfaceInfo&) = default;
};

// Kernel numbering (RTN_*), so parsers can cast directly.
enum class RouteType : std::uint8_t {
  Unspec = 0, Unicast = 1, Local = 2, Broadcast = 3, Anycast = 4, Multicast = 5,
  Blackhole = 6, Unreachable = 7, Prohibit = 8, Throw = 9, Nat = 10, Xresolve = 11,
};

// Route protocols (RTPROT_*) netstat's flags care about.
inline constexpr std::uint8_t kRouteProtoRedirect = 1;
inline constexpr std::uint8_t kRouteProtoKernel = 2;
inline constexpr std::uint8_t kRouteProtoBoot = 3;    // what `ip route add` uses unless told otherwise
inline constexpr std::uint8_t kRouteProtoStatic = 4;

inline constexpr std::uint32_t kRouteTableMain = 254;
inline constexpr std::uint32_t kRouteTableLocal = 255;

struct RouteNextHop {
  std::optional<IpAddress> gateway;  // RTA_GATEWAY or RTA_VIA; none = on-link
  std::uint32_t oif = 0;             // 0 = no device (blackhole and the like)
  bool dead = false;                 // RTNH_F_DEAD
  bool linkdown = false;             // RTNH_F_LINKDOWN
  bool onlink = false;               // RTNH_F_ONLINK
  std::uint8_t weight = 1;           // multipath weight (rtnh_hops + 1)
  friend bool operator==(const RouteNextHop&, const RouteNextHop&) = default;
};

struct RouteEntry {
  Family family = Family::Inet4;
  IpAddress destination;
  std::uint8_t prefix_len = 0;
  std::uint32_t table = kRouteTableMain;   // RTA_TABLE, else rtm_table
  RouteType type = RouteType::Unicast;
  std::uint8_t scope = 0;                  // RT_SCOPE_*
  std::uint8_t protocol = 0;               // RTPROT_*
  std::optional<std::uint32_t> priority;   // RTA_PRIORITY: the metric
  std::optional<IpAddress> prefsrc;        // RTA_PREFSRC
  std::optional<std::uint32_t> expires_seconds;  // RTA_CACHEINFO rta_expires, when nonzero
  std::optional<std::uint32_t> nexthop_id;       // RTA_NH_ID: next hops live in a nexthop object
  std::vector<RouteNextHop> nexthops;      // one for a plain route, several for RTA_MULTIPATH
  bool multipath = false;
  friend bool operator==(const RouteEntry&, const RouteEntry&) = default;
};

struct RouteTables {
  std::vector<RouteEntry> inet;
  std::vector<RouteEntry> inet6;
  bool has_ipv6 = true;  // false: the kernel has no IPv6 routing (the AF_INET6 dump was refused)
};

}  // namespace sockscope
