// Golden tests for the netstat table layouts (-s, -e, -r both ways, the interface display and its interval count).
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "parse/snmp.hpp"
#include "present/netstat_ifaces_text.hpp"
#include "present/netstat_routes_text.hpp"
#include "present/netstat_stats_text.hpp"
#include "present_netstat_model.hpp"

namespace sockscope {
namespace {

using testdata::ip4;
using testdata::ip6;

std::string fixture(const char* name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/netstat/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

ProtocolCounters fixture_counters() {
  auto c = parse_snmp_pairs(fixture("snmp"));
  auto c6 = parse_snmp6(fixture("snmp6"));
  EXPECT_TRUE(c && c6);
  merge_counters(*c, *c6);
  return *c;
}

std::vector<StatSection> all_sections() { return {std::begin(kAllStatSections), std::end(kAllStatSections)}; }

bool has_trailing_blanks(std::string_view text) {
  return text.find(" \n") != std::string_view::npos || text.ends_with(' ');
}

// Reviewed by hand against the fixture values and Windows' layouts.
constexpr std::string_view kEthernet = R"(Interface Statistics

                           Received            Sent

Bytes                      51000002        51000004
Unicast packets               51190           51400
Non-unicast packets              10
Discards                          6               8
Errors                            2               4
Unknown protocols                10

Totals of every interface, loopback (lo) included.
Sent unicast packets include multicast and broadcast: Linux does not count those per interface.
)";

constexpr std::string_view kRoutePrint = R"(===========================================================================
Interface List
  1...........................lo
  2...52 54 00 12 34 56 ......eth0
  7...aa bb cc 00 00 01 ......d1
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.10     100
        10.66.0.0      255.255.0.0      192.168.1.2    192.168.1.10       5
        10.66.0.0      255.255.0.0      192.168.1.3    192.168.1.10       5
        10.77.0.0      255.255.0.0    192.168.1.254    192.168.1.10       0
        10.99.0.0      255.255.0.0          On-link              d1       0
        127.0.0.0        255.0.0.0          On-link       127.0.0.1       0
        127.0.0.1  255.255.255.255          On-link       127.0.0.1       0
      192.168.1.0    255.255.255.0          On-link    192.168.1.10     100
     192.168.1.10  255.255.255.255          On-link    192.168.1.10       0
    192.168.1.255  255.255.255.255          On-link    192.168.1.10       0
     198.51.100.0    255.255.255.0      Unreachable               -       0
      203.0.113.0    255.255.255.0        Blackhole               -       0
===========================================================================
Persistent Routes:
  None (Linux keeps no persistent routes)

IPv6 Route Table
===========================================================================
Active Routes:
 If Metric Network Destination      Gateway
  2   1024 ::/0                     fe80::1
  1      0 ::1/128                  On-link
  2    256 2001:db8:5::/64          On-link
  2      0 2001:db8:5:0:1234:5678:9abc:def0/128
                                    On-link
  2    256 fe80::/64                On-link
  2    256 ff00::/8                 On-link
===========================================================================
Persistent Routes:
  None (Linux keeps no persistent routes)
)";

constexpr std::string_view kBsdRoutes = R"(Routing tables

Internet:
Destination        Gateway            Flags Refs      Use  Netif Expire
default            192.168.1.1        UG       -        -  eth0
10.66.0.0/16       192.168.1.2        UGS      -        -  eth0
10.66.0.0/16       192.168.1.3        UGS      -        -  eth0
10.77.0.0/16       192.168.1.254      UGS      -        -  eth0
10.99.0.0/16       link#7             S        -        -  d1
127.0.0.0/8        link#1             Ul       -        -  lo
127.0.0.1          link#1             UHl      -        -  lo
192.168.1.0/24     link#2             U        -        -  eth0
192.168.1.10       link#2             UHl      -        -  eth0
192.168.1.255      link#2             UHb      -        -  eth0
198.51.100.0/24    -                  URS      -        -  -
203.0.113.0/24     -                  UBS      -        -  -

Internet6:
Destination                      Gateway                  Flags Refs      Use  Netif Expire
default                          fe80::1%eth0             UG       -        -  eth0  1790
::1                              link#1                   UHl      -        -  lo
2001:db8:5::/64                  link#2                   U        -        -  eth0
2001:db8:5:0:1234:5678:9abc:def0 link#2                   UHl      -        -  eth0
fe80::%eth0/64                   link#2                   U        -        -  eth0
ff00::/8                         link#2                   U        -        -  eth0
)";

constexpr std::string_view kBsdRoutesNamed = R"(Routing tables

Internet:
Destination        Gateway            Flags Refs      Use  Netif Expire
default            192.168.1.1        UG       -        -  eth0
10.66.0.0/16       192.168.1.2        UGS      -        -  eth0
10.66.0.0/16       192.168.1.3        UGS      -        -  eth0
10.77.0.0/16       gw\x1b             UGS      -        -  eth0
10.99.0.0/16       link#7             S        -        -  d1
127.0.0.0/8        link#1             Ul       -        -  lo
localhost          link#1             UHl      -        -  lo
192.168.1.0/24     link#2             U        -        -  eth0
192.168.1.10       link#2             UHl      -        -  eth0
192.168.1.255      link#2             UHb      -        -  eth0
198.51.100.0/24    -                  URS      -        -  -
203.0.113.0/24     -                  UBS      -        -  -

Internet6:
Destination                      Gateway                  Flags Refs      Use  Netif Expire
default                          fe80::1%eth0             UG       -        -  eth0  1790
::1                              link#1                   UHl      -        -  lo
2001:db8:5::/64                  link#2                   U        -        -  eth0
2001:db8:5:0:1234:5678:9abc:def0 link#2                   UHl      -        -  eth0
fe80::%eth0/64                   link#2                   U        -        -  eth0
ff00::/8                         link#2                   U        -        -  eth0
)";

constexpr std::string_view kInterfaces = R"(Name   Mtu Network         Address                      Ipkts Ierrs Opkts Oerrs Coll
lo   65536 <Link#1>                                      1100     1  1200     2    0
lo       - 127.0.0.0/8     127.0.0.1                        -     -     -     -    -
lo       - ::1/128         ::1                              -     -     -     -    -
eth0  1500 <Link#2>        52:54:00:12:34:56            50100     1 50200     2    0
eth0     - 192.168.1.0/24  192.168.1.10                     -     -     -     -    -
eth0     - 192.168.1.0/24  192.168.1.11                     -     -     -     -    -
eth0     - 2001:db8:5::/64 2001:db8:5::10                   -     -     -     -    -
eth0     - fe80::%eth0/64  fe80::5054:ff:fe12:3456%eth0     -     -     -     -    -
d1*   1500 <Link#7>        aa:bb:cc:00:00:01                0     0     0     0    0
)";

constexpr std::string_view kInterfacesDropsEth0 = R"(Name  Mtu Network         Address                      Ipkts Ierrs Idrop Opkts Oerrs Coll Drop
eth0 1500 <Link#2>        52:54:00:12:34:56            50100     1     3 50200     2    0    4
eth0    - 192.168.1.0/24  192.168.1.10                     -     -     -     -     -    -    -
eth0    - 192.168.1.0/24  192.168.1.11                     -     -     -     -     -    -    -
eth0    - 2001:db8:5::/64 2001:db8:5::10                   -     -     -     -     -    -    -
eth0    - fe80::%eth0/64  fe80::5054:ff:fe12:3456%eth0     -     -     -     -     -    -    -
)";

constexpr std::string_view kWatch = R"(         input          (eth0)            output                        input          (Total)            output
   packets  errs      bytes    packets  errs      bytes colls     packets  errs      bytes    packets  errs      bytes colls
     50100     1   50000001      50200     2   50000002     0       51200     2   51000002      51400     4   51000004     0
        20     0          0          0     0       1000     0         100     0          0          0     0       3000     0
        20     0          0          0     0       1000     0         100     0          0          0     0       3000     0
        20     0          0          0     0       1000     0         100     0          0          0     0       3000     0
         input          (eth0)            output                        input          (Total)            output
   packets  errs      bytes    packets  errs      bytes colls     packets  errs      bytes    packets  errs      bytes colls
     50180     1   50000001      50200     2   50004002     0       51600     2   51000002      51400     4   51012004     0
)";

constexpr std::string_view kWatchLoDrops = R"(             input              (lo)                output                               input             (Total)               output
   packets  errs idrops      bytes    packets  errs      bytes colls drops     packets  errs idrops      bytes    packets  errs      bytes colls drops
      1100     1      3    1000001       1200     2    1000002     0     4       51200     2      6   51000002      51400     4   51000004     0     8
         0     0      0          0          0     0          0     0     0           0     0      0          0          0     0          0     0     0
)";


// -s ------------------------------------------------------------------------------------------------

TEST(NetstatStatistics, AllSectionsGolden) {
  EXPECT_EQ(format_protocol_statistics(fixture_counters(), all_sections()), fixture("statistics.golden"));
}

TEST(NetstatStatistics, SectionsInWindowsOrderOnce) {
  const auto c = fixture_counters();
  const auto text = format_protocol_statistics(c, {StatSection::Udpv4, StatSection::Tcpv4, StatSection::Udpv4});
  EXPECT_EQ(text,
            "\nTCP Statistics for IPv4\n\n"
            "  Active Opens                        = 4004\n"
            "  Passive Opens                       = 4005\n"
            "  Failed Connection Attempts          = 4006\n"
            "  Reset Connections                   = 4007\n"
            "  Current Connections                 = 4008\n"
            "  Segments Received                   = 4009\n"
            "  Segments Sent                       = 4010\n"
            "  Segments Retransmitted              = 4011\n"
            "\nUDP Statistics for IPv4\n\n"
            "  Datagrams Received    = 5000\n"
            "  No Ports              = 5001\n"
            "  Receive Errors        = 5002\n"
            "  Datagrams Sent        = 5003\n");
}

TEST(NetstatStatistics, TcpV6SaysLinuxCountsTogether) {
  const auto both = format_protocol_statistics(fixture_counters(), {StatSection::Tcpv6, StatSection::Tcpv4});
  const auto v6 = both.find("\nTCP Statistics for IPv6\n");
  ASSERT_NE(v6, std::string::npos) << both;
  EXPECT_EQ(both.substr(v6),
            "\nTCP Statistics for IPv6\n\n  Linux counts TCP over IPv4 and IPv6 together; see TCP Statistics for IPv4\n")
      << "not repeated beside the IPv4 section";
}

TEST(NetstatStatistics, TcpV6AloneShowsTheSharedCounters) {
  const auto text = format_protocol_statistics(fixture_counters(), {StatSection::Tcpv6});
  EXPECT_EQ(text,
            "\nTCP Statistics for IPv6\n\n"
            "  Linux counts TCP over IPv4 and IPv6 together: these counters are for both\n"
            "  Active Opens                        = 4004\n"
            "  Passive Opens                       = 4005\n"
            "  Failed Connection Attempts          = 4006\n"
            "  Reset Connections                   = 4007\n"
            "  Current Connections                 = 4008\n"
            "  Segments Received                   = 4009\n"
            "  Segments Sent                       = 4010\n"
            "  Segments Retransmitted              = 4011\n");
}

TEST(NetstatStatistics, MissingCountersAreLeftOutNotZero) {
  auto c = parse_snmp_pairs("Ip: InReceives OutRequests\nIp: 7 8\nUdp: OutDatagrams\nUdp: 3\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(format_protocol_statistics(*c, {StatSection::Ipv4, StatSection::Udpv4, StatSection::Icmpv4}),
            "\nIPv4 Statistics\n\n"
            "  Packets Received                   = 7\n"
            "  Output Requests                    = 8\n"
            "\nICMPv4 Statistics\n\n"
            "                            Received    Sent\n"
            "\nUDP Statistics for IPv4\n\n"
            "  Datagrams Sent        = 3\n");
}

TEST(NetstatStatistics, IcmpTypeRowsNeedTheIcmpGroup) {
  // No IcmpMsg lines (no ICMP message yet): the per-type rows are true zeros.
  auto c = parse_snmp_pairs("Icmp: InMsgs OutMsgs\nIcmp: 0 0\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(format_protocol_statistics(*c, {StatSection::Icmpv4}),
            "\nICMPv4 Statistics\n\n"
            "                            Received    Sent\n"
            "  Messages                  0           0\n"
            "  Router Solicitations      0           0\n"
            "  Router Advertisements     0           0\n");
  // A row with only one direction known shows "-" for the other.
  auto one = parse_snmp_pairs("Icmp: InEchos\nIcmp: 4\n");
  ASSERT_TRUE(one.has_value());
  EXPECT_NE(format_protocol_statistics(*one, {StatSection::Icmpv4}).find("  Echos                     4           -\n"),
            std::string::npos);
}

TEST(NetstatStatistics, NoIpv6) {
  auto c = parse_snmp_pairs("Ip: InReceives\nIp: 1\n");
  ASSERT_TRUE(c.has_value());
  c->has_ipv6 = false;
  const auto text = format_protocol_statistics(*c, {StatSection::Ipv6, StatSection::Udpv6, StatSection::Tcpv6,
                                                    StatSection::Icmpv6});
  const std::string_view no = "  IPv6 is not available: this kernel has no /proc/net/snmp6\n";
  EXPECT_EQ(text, "\nIPv6 Statistics\n\n" + std::string(no) + "\nICMPv6 Statistics\n\n" + std::string(no) +
                      "\nTCP Statistics for IPv6\n\n" + std::string(no) + "\nUDP Statistics for IPv6\n\n" +
                      std::string(no));
}

TEST(NetstatStatistics, SectionNames) {
  EXPECT_EQ(stat_section_named("IP"), StatSection::Ipv4);
  EXPECT_EQ(stat_section_named("ip"), StatSection::Ipv4);
  EXPECT_EQ(stat_section_named("IPV6"), StatSection::Ipv6);
  EXPECT_EQ(stat_section_named("icmp"), StatSection::Icmpv4);
  EXPECT_EQ(stat_section_named("IcmpV6"), StatSection::Icmpv6);
  EXPECT_EQ(stat_section_named("Tcp"), StatSection::Tcpv4);
  EXPECT_EQ(stat_section_named("tcpv6"), StatSection::Tcpv6);
  EXPECT_EQ(stat_section_named("udp"), StatSection::Udpv4);
  EXPECT_EQ(stat_section_named("UDPv6"), StatSection::Udpv6);
  EXPECT_EQ(stat_section_named("ipv4"), std::nullopt);
  EXPECT_EQ(stat_section_named("tcp6"), std::nullopt);
  EXPECT_EQ(stat_section_named(""), std::nullopt);
}

// -e ------------------------------------------------------------------------------------------------

TEST(NetstatEthernet, Golden) { EXPECT_EQ(format_interface_statistics(testdata::links()), kEthernet); }

TEST(NetstatEthernet, NoCountersAnywhere) {
  std::vector<InterfaceInfo> links(1);
  links[0].index = 1;
  links[0].name = "x";
  const auto text = format_interface_statistics(links);
  EXPECT_NE(text.find("Bytes                             0               0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Unknown protocols                 -\n"), std::string::npos) << text;
}

TEST(NetstatEthernet, MulticastBeyondPacketsIsCapped) {
  auto links = testdata::links();
  links.resize(1);
  links[0].stats->rx_packets = 5;
  links[0].stats->multicast = 50;
  const auto text = format_interface_statistics(links);
  EXPECT_NE(text.find("Unicast packets                   0"), std::string::npos) << text;
  EXPECT_NE(text.find("Non-unicast packets               5\n"), std::string::npos) << text;
}

// -r ------------------------------------------------------------------------------------------------

TEST(NetstatRoutes, RoutePrintGolden) {
  const auto text = format_route_print(testdata::links(), testdata::routes());
  EXPECT_EQ(text, kRoutePrint);
  EXPECT_FALSE(has_trailing_blanks(text));
}

TEST(NetstatRoutes, BsdGolden) {
  const auto text = format_bsd_routes(testdata::links(), testdata::routes(), {});
  EXPECT_EQ(text, kBsdRoutes);
  EXPECT_FALSE(has_trailing_blanks(text));
}

TEST(NetstatRoutes, BsdNamesFromTheNamerEscaped) {
  HostNamer names = [](const IpAddress& a) -> std::optional<std::string> {
    if (a == ip4("127.0.0.1")) return "localhost";
    if (a == ip4("192.168.1.254")) return "gw\x1b";
    return std::nullopt;
  };
  EXPECT_EQ(format_bsd_routes(testdata::links(), testdata::routes(), names), kBsdRoutesNamed);
}

TEST(NetstatRoutes, NoIpv6Routing) {
  auto routes = testdata::routes();
  routes.has_ipv6 = false;
  routes.inet6.clear();
  const auto windows = format_route_print(testdata::links(), routes);
  EXPECT_NE(windows.find("IPv6 Route Table\n=====", 0), std::string::npos);
  EXPECT_NE(windows.find("  IPv6 is not available"), std::string::npos);
  const auto bsd = format_bsd_routes(testdata::links(), routes, {});
  EXPECT_EQ(bsd.find("Internet6:"), std::string::npos);
}

TEST(NetstatRoutes, HostileInterfaceNameIsEscaped) {
  auto links = testdata::links();
  links[2].name = "d\x1b]0;x\a";
  const auto windows = format_route_print(links, testdata::routes());
  EXPECT_EQ(windows.find('\x1b'), std::string::npos);
  EXPECT_NE(windows.find("d\\x1b]0;x\\x07"), std::string::npos) << windows;
  const auto bsd = format_bsd_routes(links, testdata::routes(), {});
  EXPECT_EQ(bsd.find('\x1b'), std::string::npos);
}

TEST(NetstatRoutes, NexthopObjectAndRouteWithoutKnownInterface) {
  RouteTables t;
  t.inet.push_back(testdata::route(Family::Inet4, ip4("10.1.0.0"), 16, std::nullopt, 0, std::nullopt));
  t.inet.back().nexthop_id = 9;
  t.inet.push_back(testdata::route(Family::Inet4, ip4("10.2.0.0"), 16, std::nullopt, 42, std::nullopt));
  const auto windows = format_route_print({}, t);
  EXPECT_NE(windows.find("         10.1.0.0      255.255.0.0           nhid 9               -       0\n"),
            std::string::npos)
      << windows;
  EXPECT_NE(windows.find("         10.2.0.0      255.255.0.0          On-link              42       0\n"),
            std::string::npos)
      << windows;
  const auto bsd = format_bsd_routes({}, t, {});
  EXPECT_NE(bsd.find("10.1.0.0/16        nhid#9             U        -        -  -\n"), std::string::npos) << bsd;
  EXPECT_NE(bsd.find("10.2.0.0/16        link#42            U        -        -  42\n"), std::string::npos) << bsd;
}

TEST(NetstatRoutes, BsdFlags) {
  using testdata::route;
  auto gw = route(Family::Inet4, ip4("10.0.0.0"), 8, ip4("10.9.0.2"), 2, 0, RouteType::Unicast, kRouteProtoStatic);
  EXPECT_EQ(bsd_route_flags(gw, gw.nexthops[0]), "UGS");
  auto host = route(Family::Inet6, ip6("2001:db8::1"), 128, std::nullopt, 2, 0, RouteType::Unicast, 1);
  EXPECT_EQ(bsd_route_flags(host, host.nexthops[0]), "UHD");
  auto prohibit = route(Family::Inet4, ip4("10.0.0.0"), 8, std::nullopt, 0, 0, RouteType::Prohibit, 2);
  EXPECT_EQ(bsd_route_flags(prohibit, prohibit.nexthops[0]), "UR");
  auto dead = route(Family::Inet4, ip4("10.0.0.0"), 8, ip4("10.9.0.2"), 2, 0, RouteType::Unicast, 2);
  dead.nexthops[0].dead = true;
  EXPECT_EQ(bsd_route_flags(dead, dead.nexthops[0]), "G");
  auto bcast = route(Family::Inet4, ip4("10.255.255.255"), 32, std::nullopt, 2, 0, RouteType::Broadcast, 2);
  EXPECT_EQ(bsd_route_flags(bcast, bcast.nexthops[0]), "UHb");
}

// Interface display -------------------------------------------------------------------------------

TEST(NetstatInterfaces, Golden) {
  const auto text = format_interface_table(testdata::links(), {}, {});
  EXPECT_EQ(text, kInterfaces);
  EXPECT_FALSE(has_trailing_blanks(text));
}

TEST(NetstatInterfaces, OneInterfaceWithDropsGolden) {
  HostNamer none = [](const IpAddress&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(format_interface_table(testdata::links(), {true, "eth0"}, none), kInterfacesDropsEth0);
}

TEST(NetstatInterfaces, NamesAndPeers) {
  auto links = testdata::links();
  links[1].addresses = {{ip4("10.0.0.1"), ip4("10.0.0.2"), 32, 0, false}};
  links[1].stats.reset();
  HostNamer names = [](const IpAddress& a) -> std::optional<std::string> {
    if (a == ip4("10.0.0.1")) return "me";
    return std::nullopt;
  };
  const auto text = format_interface_table(links, {false, "eth0"}, names);
  EXPECT_EQ(text,
            "Name  Mtu Network     Address           Ipkts Ierrs Opkts Oerrs Coll\n"
            "eth0 1500 <Link#2>    52:54:00:12:34:56     -     -     -     -    -\n"
            "eth0    - 10.0.0.2/32 me                    -     -     -     -    -\n");
}

TEST(NetstatInterfaces, UnknownOnlyInterfaceGivesHeaderOnly) {
  EXPECT_EQ(format_interface_table(testdata::links(), {false, "nope"}, {}),
            "Name Mtu Network Address Ipkts Ierrs Opkts Oerrs Coll\n");
}

// Interval display --------------------------------------------------------------------------------

void traffic(std::vector<InterfaceInfo>& links) {
  for (auto& l : links) {
    if (!l.stats) continue;
    l.stats->rx_packets += 10 * l.index;
    l.stats->tx_bytes += 1000;
  }
}

TEST(NetstatWatch, PrimaryAndTotalWithNewScreensGolden) {
  auto links = testdata::links();
  InterfaceWatch watch(std::nullopt, false, 4);
  std::string out;
  for (int i = 0; i < 5; ++i) {
    out += watch.next(links);
    traffic(links);
  }
  EXPECT_EQ(out, kWatch);
}

TEST(NetstatWatch, NamedInterfaceWithDropsGolden) {
  const auto links = testdata::links();
  InterfaceWatch watch(std::string("lo"), true);
  std::string out = watch.next(links);
  out += watch.next(links);
  EXPECT_EQ(out, kWatchLoDrops);
}

// Just the numbers of one output line, for the counting tests below.
std::vector<std::string> fields(std::string_view line) {
  std::vector<std::string> f;
  std::istringstream in{std::string(line)};
  for (std::string w; in >> w;) f.push_back(w);
  return f;
}

std::string last_line(const std::string& text) {
  auto body = std::string_view(text).substr(0, text.size() - 1);
  return std::string(body.substr(body.rfind('\n') + 1));
}

TEST(NetstatWatch, ResetCountersCountFromZeroAndNewInterfacesCountWhole) {
  auto links = testdata::links();
  InterfaceWatch watch(std::nullopt, false);
  watch.next(links);
  // eth0 re-created: its counters start again; a new interface appears with 7 packets.
  links[1].stats = LinkCounters{};
  links[1].stats->rx_packets = 3;
  InterfaceInfo fresh;
  fresh.index = 9;
  fresh.name = "new0";
  fresh.flags = 0x1;
  fresh.stats = LinkCounters{};
  fresh.stats->rx_packets = 7;
  links.push_back(fresh);
  const auto f = fields(last_line(watch.next(links)));
  ASSERT_EQ(f.size(), 14u);
  EXPECT_EQ(f[0], "3");   // eth0 packets in
  EXPECT_EQ(f[7], "10");  // total: 3 + 7 (lo and d1 unchanged)
}

TEST(NetstatWatch, MissingWatchedInterfaceShowsDashes) {
  auto links = testdata::links();
  InterfaceWatch watch(std::string("eth0"), false);
  watch.next(links);
  links.erase(links.begin() + 1);
  const auto f = fields(last_line(watch.next(links)));
  ASSERT_EQ(f.size(), 14u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(f[static_cast<std::size_t>(i)], "-");
  EXPECT_EQ(f[7], "0");
}

TEST(NetstatWatch, OnlyLoopbackMeansTotalOnly) {
  auto links = testdata::links();
  links.erase(links.begin() + 1, links.end());
  InterfaceWatch watch(std::nullopt, false);
  const auto text = watch.next(links);
  EXPECT_EQ(text.find("(lo)"), std::string::npos);
  EXPECT_NE(text.find("(Total)"), std::string::npos);
  EXPECT_EQ(fields(last_line(text)).size(), 7u);
}

}  // namespace
}  // namespace sockscope
