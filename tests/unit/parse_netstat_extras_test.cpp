// Tests for the sockstat, multicast routing and routing counter parsers on fixtures and broken text.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "parse/mroute.hpp"
#include "parse/route_stats.hpp"
#include "parse/sockstat.hpp"

namespace sockscope {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/netstat/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

TEST(ParseSockstat, Fixture) {
  auto l = parse_sockstat(fixture("sockstat"));
  ASSERT_TRUE(l.has_value()) << l.error().message;
  ASSERT_EQ(l->size(), 6u);
  EXPECT_EQ((*l)[0].label, "sockets");
  EXPECT_EQ((*l)[0].get("used"), 131u);
  EXPECT_EQ((*l)[1].label, "TCP");
  EXPECT_EQ((*l)[1].get("inuse"), 7u);
  EXPECT_EQ((*l)[1].get("orphan"), 1u);
  EXPECT_EQ((*l)[1].get("tw"), 3u);
  EXPECT_EQ((*l)[1].get("alloc"), 9u);
  EXPECT_EQ((*l)[1].get("mem"), 5u);
  EXPECT_FALSE((*l)[2].get("tw").has_value());
  EXPECT_EQ((*l)[5].get("memory"), 0u);
  auto six = parse_sockstat(fixture("sockstat6"));
  ASSERT_TRUE(six.has_value());
  EXPECT_EQ(six->back().label, "FRAG6");
  EXPECT_EQ(six->back().get("memory"), 2048u);
}

TEST(ParseSockstat, TruncatedAndMalformed) {
  EXPECT_FALSE(parse_sockstat("").has_value());
  EXPECT_FALSE(parse_sockstat("TCP: inuse 1 orphan").has_value());   // cut mid-pair
  EXPECT_FALSE(parse_sockstat("TCP: inuse 1 orphan 0x").has_value()); // not a number
  EXPECT_FALSE(parse_sockstat("TCP inuse 1\n").has_value());          // no colon
  EXPECT_FALSE(parse_sockstat("TCP:\n").has_value());                 // no counters
  EXPECT_FALSE(parse_sockstat("TCP: inuse -1\n").has_value());
  auto e = parse_sockstat("sockets: used 1\nUDP: inuse x\n");
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().message.find("line 2"), std::string::npos) << e.error().message;
}

TEST(ParseMemLimits, ThreeNumbersOnly) {
  auto l = parse_mem_limits(fixture("tcp_mem"));
  ASSERT_TRUE(l.has_value()) << l.error().message;
  EXPECT_EQ((*l)[0], 18951u);
  EXPECT_EQ((*l)[1], 25269u);
  EXPECT_EQ((*l)[2], 37902u);
  EXPECT_TRUE(parse_mem_limits("1 2 3").has_value());
  EXPECT_FALSE(parse_mem_limits("").has_value());
  EXPECT_FALSE(parse_mem_limits("1 2").has_value());
  EXPECT_FALSE(parse_mem_limits("1 2 3 4\n").has_value());
  EXPECT_FALSE(parse_mem_limits("1 2 x\n").has_value());
  EXPECT_FALSE(parse_mem_limits("1 2 3\n4\n").has_value());
}

TEST(ParseMroute, Ipv4Vifs) {
  auto v = parse_mroute_vifs(fixture("ip_mr_vif"), false);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ((*v)[0].index, 0);
  EXPECT_EQ((*v)[0].name, "veth0");
  EXPECT_EQ((*v)[0].bytes_in, 1500u);
  EXPECT_EQ((*v)[0].pkts_in, 3u);
  EXPECT_EQ((*v)[0].bytes_out, 3000u);
  EXPECT_EQ((*v)[0].pkts_out, 6u);
  EXPECT_EQ((*v)[0].local, "10.0.0.1");
  EXPECT_EQ((*v)[0].remote, "0.0.0.0");
  EXPECT_EQ((*v)[1].name, "pimreg");
  EXPECT_EQ((*v)[1].flags, 4u);
  // VIFF_USE_IFINDEX: the kernel prints the ifindex (5) where the address would be.
  EXPECT_EQ((*v)[2].flags, 8u);
  EXPECT_TRUE((*v)[2].local.empty());
  EXPECT_EQ((*v)[2].remote, "0.0.0.0");
}

TEST(ParseMroute, Ipv4Cache) {
  auto c = parse_mroute_cache(fixture("ip_mr_cache"), false);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[0].group, "239.1.1.1");
  EXPECT_EQ((*c)[0].origin, "10.0.0.2");
  EXPECT_EQ((*c)[0].in_vif, 0);
  EXPECT_EQ((*c)[0].packets, 5u);
  EXPECT_EQ((*c)[0].bytes, 500u);
  EXPECT_EQ((*c)[0].wrong_if, 1u);
  ASSERT_EQ((*c)[0].out_ttls.size(), 2u);
  EXPECT_EQ((*c)[0].out_ttls[1], (std::pair<int, int>{2, 64}));
  EXPECT_EQ((*c)[1].in_vif, -1);
  EXPECT_TRUE((*c)[1].out_ttls.empty());
}

TEST(ParseMroute, Ipv6Tables) {
  auto v = parse_mroute_vifs(fixture("ip6_mr_vif"), true);
  ASSERT_TRUE(v.has_value()) << v.error().message;
  ASSERT_EQ(v->size(), 1u);
  EXPECT_EQ((*v)[0].pkts_out, 2u);
  EXPECT_TRUE((*v)[0].local.empty());
  auto c = parse_mroute_cache(fixture("ip6_mr_cache"), true);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].group, "ff0e::1");
  EXPECT_EQ((*c)[0].origin, "2001:db8::2");
  EXPECT_EQ((*c)[0].packets, 7u);
}

TEST(ParseMroute, HeadingsOnlyAreEmptyTables) {
  auto v = parse_mroute_vifs("Interface      BytesIn  PktsIn  BytesOut PktsOut Flags Local    Remote\n", false);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->empty());
  auto c = parse_mroute_cache("Group    Origin   Iif     Pkts    Bytes    Wrong Oifs\n", false);
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->empty());
}

TEST(ParseMroute, TruncatedAndMalformed) {
  const std::string vif = fixture("ip_mr_vif");
  EXPECT_FALSE(parse_mroute_vifs("", false).has_value());
  EXPECT_FALSE(parse_mroute_vifs(vif.substr(0, vif.size() - 12), false).has_value());  // cut in a row
  EXPECT_FALSE(parse_mroute_vifs("Interface\n 0 eth0 1 2 3 4 00000 0100000A 0000000\n", false).has_value());
  EXPECT_FALSE(parse_mroute_vifs("Interface\n x eth0 1 2 3 4 00000 0100000A 00000000\n", false).has_value());
  EXPECT_FALSE(parse_mroute_vifs("Interface\n 0 eth0 1 2 3 4 0000g\n", true).has_value());
  const std::string cache = fixture("ip_mr_cache");
  EXPECT_FALSE(parse_mroute_cache(cache.substr(0, 60), false).has_value());
  EXPECT_FALSE(parse_mroute_cache("Group\n010101EF 0200000A 0 5 500 1 1-1\n", false).has_value());
  EXPECT_FALSE(parse_mroute_cache("Group\n010101EF 0200000A 0 5 500 1 1:\n", false).has_value());
  EXPECT_FALSE(parse_mroute_cache("Group\nff0e::zz ::1 0 5 500 1\n", true).has_value());
  EXPECT_FALSE(parse_mroute_cache("Origin\n", false).has_value());  // not the heading
}

TEST(ParseRouteStats, RtCacheSumsCpuRows) {
  auto s = parse_rt_cache_stat(fixture("rt_cache"));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->at("entries"), 7u);  // repeated per row, not summed
  EXPECT_EQ(s->at("in_slow_tot"), 0x11u);
  EXPECT_EQ(s->at("in_no_route"), 15u);
  EXPECT_EQ(s->at("in_martian_dst"), 1u);
  EXPECT_EQ(s->at("in_martian_src"), 3u);
  EXPECT_EQ(s->at("out_slow_tot"), 0x24fu + 0x294u);
}

TEST(ParseRouteStats, RtCacheTruncatedAndMalformed) {
  const std::string t = fixture("rt_cache");
  EXPECT_FALSE(parse_rt_cache_stat("").has_value());
  EXPECT_FALSE(parse_rt_cache_stat(t.substr(0, t.find('\n') + 1)).has_value());  // heading only
  EXPECT_FALSE(parse_rt_cache_stat(t.substr(0, t.size() - 30)).has_value());     // cut in a row
  EXPECT_FALSE(parse_rt_cache_stat("a b\n0001 zz\n").has_value());
  EXPECT_FALSE(parse_rt_cache_stat("a b\n0001 0002 0003\n").has_value());
}

TEST(ParseRouteStats, Rt6Stats) {
  auto s = parse_rt6_stats(fixture("rt6_stats"));
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->fib_nodes, 9u);
  EXPECT_EQ(s->fib_route_nodes, 6u);
  EXPECT_EQ(s->fib_rt_entries, 7u);
  EXPECT_EQ(s->fib_rt_cache, 1u);
  EXPECT_EQ(s->discarded_routes, 2u);
  EXPECT_FALSE(parse_rt6_stats("").has_value());
  EXPECT_FALSE(parse_rt6_stats("0009 0006 0000 0007 0001 0000").has_value());
  EXPECT_FALSE(parse_rt6_stats("0009 0006 0000 0007 0001 0000 000g\n").has_value());
  EXPECT_FALSE(parse_rt6_stats("0009 0006 0000 0007 0001 0000 0002 0003\n").has_value());
}

}  // namespace
}  // namespace sockscope
