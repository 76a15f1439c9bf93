// Golden tests for `netstat -m`, `-g`, `-g -s` and the routing statistics text, from fixture files.
#include "present/netstat_extras_text.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace sockscope {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/netstat/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

template <typename T>
T ok(Result<T> r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : T{};
}

SocketMemory memory() {
  SocketMemory m;
  m.lines = ok(parse_sockstat(fixture("sockstat")));
  auto six = ok(parse_sockstat(fixture("sockstat6")));
  m.lines.insert(m.lines.end(), six.begin(), six.end());
  m.tcp_mem = ok(parse_mem_limits(fixture("tcp_mem")));
  m.udp_mem = ok(parse_mem_limits("1 2 3\n"));
  m.page_size = 4096;
  return m;
}

MulticastRouting multicast() {
  MulticastRouting r;
  r.ipv4 = r.ipv6 = true;
  r.vifs4 = ok(parse_mroute_vifs(fixture("ip_mr_vif"), false));
  r.cache4 = ok(parse_mroute_cache(fixture("ip_mr_cache"), false));
  r.vifs6 = ok(parse_mroute_vifs(fixture("ip6_mr_vif"), true));
  r.cache6 = ok(parse_mroute_cache(fixture("ip6_mr_cache"), true));
  return r;
}

// Reviewed by hand against the fixture values and BSD's layouts.
TEST(PresentNetstatExtras, MemoryGolden) { EXPECT_EQ(format_socket_memory(memory()), fixture("memory.golden")); }

TEST(PresentNetstatExtras, MemorySumsPagesAndBytes) {
  // TCP 5 pages + UDP 2 pages of 4 KBytes, FRAG6 2048 bytes = 2 KBytes.
  EXPECT_NE(format_socket_memory(memory()).find("\n30 KBytes allocated to network"), std::string::npos);
  SocketMemory m = memory();
  m.page_size = 8192;
  EXPECT_NE(format_socket_memory(m).find("\n58 KBytes allocated"), std::string::npos);
  m.tcp_mem.reset();
  EXPECT_EQ(format_socket_memory(m).find("TCP memory limits"), std::string::npos);
}

TEST(PresentNetstatExtras, MulticastGolden) {
  EXPECT_EQ(format_multicast_routing(multicast()), fixture("multicast.golden"));
}

TEST(PresentNetstatExtras, MulticastEmptyAndAbsent) {
  MulticastRouting r;
  r.ipv4 = true;
  EXPECT_EQ(format_multicast_routing(r),
            "\nIPv4 Virtual Interface Table is empty\n"
            "\nIPv4 Multicast Forwarding Cache is empty\n"
            "\nIPv6 multicast routing: not in this kernel (no /proc/net/ip6_mr_vif; CONFIG_IPV6_MROUTE is off)\n");
}

TEST(PresentNetstatExtras, MulticastHostileDeviceNameEscaped) {
  MulticastRouting r = multicast();
  r.vifs4[0].name = "ev\x1b[2Jil";
  const std::string t = format_multicast_routing(r);
  EXPECT_EQ(t.find('\x1b'), std::string::npos);
  EXPECT_NE(t.find("\\x1b"), std::string::npos) << t;
}

TEST(PresentNetstatExtras, MulticastStatisticsGolden) {
  ProtocolCounters c;
  c.values["IpExt.InMcastPkts"] = 40;
  c.values["IpExt.OutMcastPkts"] = 41;
  c.values["Ip6.InMcastPkts"] = 60;
  EXPECT_EQ(format_multicast_statistics(multicast(), c), fixture("multicast_stats.golden"));
}

TEST(PresentNetstatExtras, RoutingStatisticsGolden) {
  RoutingStatistics s;
  s.counters.values["Ip.OutNoRoutes"] = 11;
  s.counters.values["IpExt.InNoRoutes"] = 12;
  s.counters.values["Icmp.InRedirects"] = 13;
  s.counters.values["Icmp.OutRedirects"] = 14;
  s.counters.values["Ip6.OutNoRoutes"] = 15;
  s.counters.values["Icmp6.InRedirects"] = 16;
  s.rt_cache = ok(parse_rt_cache_stat(fixture("rt_cache")));
  s.rt6 = ok(parse_rt6_stats(fixture("rt6_stats")));
  EXPECT_EQ(format_routing_statistics(s), fixture("routing_stats.golden"));
}

TEST(PresentNetstatExtras, RoutingStatisticsLeaveOutWhatIsMissing) {
  const std::string t = format_routing_statistics(RoutingStatistics{});
  EXPECT_EQ(t,
            "routing:\n"
            "Not kept by Linux: bad routing redirects, dynamically created routes, new gateways\n"
            "due to redirects, uses of a wildcard route.\n");
}

}  // namespace
}  // namespace sockscope
