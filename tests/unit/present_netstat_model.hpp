// A fixed picture of a host's interfaces and routes for the netstat table golden tests.
#pragma once

#include <arpa/inet.h>

#include <vector>

#include "model/netstat_tables.hpp"

namespace sockscope::testdata {

inline IpAddress ip4(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return IpAddress::v4(a.s_addr);
}

inline IpAddress ip6(const char* text) {
  in6_addr a{};
  inet_pton(AF_INET6, text, &a);
  return IpAddress::v6(a.s6_addr);
}

inline LinkCounters counters(std::uint64_t base) {
  LinkCounters c;
  c.rx_packets = base + 100;
  c.tx_packets = base + 200;
  c.rx_bytes = base * 1000 + 1;
  c.tx_bytes = base * 1000 + 2;
  c.rx_errors = 1;
  c.tx_errors = 2;
  c.rx_dropped = 3;
  c.tx_dropped = 4;
  c.multicast = 10;
  c.collisions = 0;
  c.rx_nohandler = 5;
  return c;
}

// lo (up), eth0 (up, two IPv4 addresses, one IPv6 global and one link-local), d1 (down, no addresses).
inline std::vector<InterfaceInfo> links() {
  InterfaceInfo lo;
  lo.index = 1;
  lo.name = "lo";
  lo.mtu = 65536;
  lo.flags = 0x1 | 0x8 | 0x40;
  lo.type = 772;
  lo.hwaddr = {0, 0, 0, 0, 0, 0};
  lo.stats = counters(1000);
  lo.stats->multicast = 0;
  lo.addresses = {{ip4("127.0.0.1"), std::nullopt, 8, 254, false}, {ip6("::1"), std::nullopt, 128, 254, false}};

  InterfaceInfo eth;
  eth.index = 2;
  eth.name = "eth0";
  eth.mtu = 1500;
  eth.flags = 0x1 | 0x2 | 0x40 | 0x1000;
  eth.type = 1;
  eth.hwaddr = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
  eth.stats = counters(50000);
  eth.addresses = {{ip4("192.168.1.10"), std::nullopt, 24, 0, false},
                   {ip4("192.168.1.11"), std::nullopt, 24, 0, true},
                   {ip6("2001:db8:5::10"), std::nullopt, 64, 0, false},
                   {ip6("fe80::5054:ff:fe12:3456"), std::nullopt, 64, 253, false}};

  InterfaceInfo d1;
  d1.index = 7;
  d1.name = "d1";
  d1.mtu = 1500;
  d1.flags = 0x2 | 0x80;
  d1.type = 1;
  d1.hwaddr = {0xaa, 0xbb, 0xcc, 0x00, 0x00, 0x01};
  d1.stats = LinkCounters{};
  d1.stats->rx_nohandler.reset();
  return {lo, eth, d1};
}

inline RouteEntry route(Family f, IpAddress dst, std::uint8_t len, std::optional<IpAddress> gw, std::uint32_t oif,
                        std::optional<std::uint32_t> metric, RouteType type = RouteType::Unicast,
                        std::uint8_t proto = kRouteProtoKernel, std::uint32_t table = kRouteTableMain) {
  RouteEntry r;
  r.family = f;
  r.destination = dst;
  r.prefix_len = len;
  r.type = type;
  r.protocol = proto;
  r.table = table;
  r.priority = metric;
  RouteNextHop h;
  h.gateway = gw;
  h.oif = oif;
  r.nexthops = {h};
  return r;
}

inline RouteTables routes() {
  RouteTables t;
  const auto v4 = Family::Inet4;
  const auto v6 = Family::Inet6;
  t.inet = {
      route(v4, ip4("0.0.0.0"), 0, ip4("192.168.1.1"), 2, 100, RouteType::Unicast, 16),
      route(v4, ip4("192.168.1.0"), 24, std::nullopt, 2, 100),
      route(v4, ip4("10.77.0.0"), 16, ip4("192.168.1.254"), 2, std::nullopt, RouteType::Unicast, kRouteProtoBoot),
      route(v4, ip4("127.0.0.0"), 8, std::nullopt, 1, std::nullopt, RouteType::Local, kRouteProtoKernel,
            kRouteTableLocal),
      route(v4, ip4("127.0.0.1"), 32, std::nullopt, 1, std::nullopt, RouteType::Local, kRouteProtoKernel,
            kRouteTableLocal),
      route(v4, ip4("192.168.1.10"), 32, std::nullopt, 2, std::nullopt, RouteType::Local, kRouteProtoKernel,
            kRouteTableLocal),
      route(v4, ip4("192.168.1.255"), 32, std::nullopt, 2, std::nullopt, RouteType::Broadcast, kRouteProtoKernel,
            kRouteTableLocal),
      route(v4, ip4("203.0.113.0"), 24, std::nullopt, 0, std::nullopt, RouteType::Blackhole, kRouteProtoStatic),
      route(v4, ip4("198.51.100.0"), 24, std::nullopt, 0, std::nullopt, RouteType::Unreachable, kRouteProtoBoot),
      route(v4, ip4("10.99.0.0"), 16, std::nullopt, 7, std::nullopt, RouteType::Unicast, kRouteProtoBoot),
  };
  t.inet[1].prefsrc = ip4("192.168.1.10");
  t.inet[3].prefsrc = ip4("127.0.0.1");
  t.inet[9].nexthops[0].linkdown = true;
  // A multipath route over two gateways.
  RouteEntry mp = route(v4, ip4("10.66.0.0"), 16, ip4("192.168.1.2"), 2, 5, RouteType::Unicast, kRouteProtoBoot);
  RouteNextHop second;
  second.gateway = ip4("192.168.1.3");
  second.oif = 2;
  mp.nexthops.push_back(second);
  mp.multipath = true;
  t.inet.push_back(mp);

  t.inet6 = {
      route(v6, ip6("::"), 0, ip6("fe80::1"), 2, 1024, RouteType::Unicast, 9),
      route(v6, ip6("2001:db8:5::"), 64, std::nullopt, 2, 256),
      route(v6, ip6("fe80::"), 64, std::nullopt, 2, 256),
      route(v6, ip6("::1"), 128, std::nullopt, 1, 0, RouteType::Local, kRouteProtoKernel, kRouteTableLocal),
      route(v6, ip6("2001:db8:5:0:1234:5678:9abc:def0"), 128, std::nullopt, 2, 0, RouteType::Local,
            kRouteProtoKernel, kRouteTableLocal),
      route(v6, ip6("ff00::"), 8, std::nullopt, 2, 256, RouteType::Multicast, kRouteProtoKernel, kRouteTableLocal),
  };
  t.inet6[0].expires_seconds = 1790;
  return t;
}

}  // namespace sockscope::testdata
