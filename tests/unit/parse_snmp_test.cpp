// Tests for the /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6 parsers on fixtures and broken text.
#include "parse/snmp.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace sockscope {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/netstat/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << name;
  return ss.str();
}

TEST(ParseSnmp, ProcNetSnmpFixture) {
  auto c = parse_snmp_pairs(fixture("snmp"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->get("Ip", "Forwarding"), 1u);
  EXPECT_EQ(c->get("Ip", "InReceives"), 1002u);
  EXPECT_EQ(c->get("Ip", "OutTransmits"), 1019u);
  EXPECT_EQ(c->get("Icmp", "InMsgs"), 2000u);
  EXPECT_EQ(c->get("IcmpMsg", "OutType10"), 3008u);
  EXPECT_EQ(c->get("Tcp", "ActiveOpens"), 4004u);
  EXPECT_EQ(c->get("Udp", "OutDatagrams"), 5003u);
  EXPECT_EQ(c->get("UdpLite", "InDatagrams"), 6000u);
  // MaxConn is -1 ("no limit"): not a counter, so not stored.
  EXPECT_EQ(c->get("Tcp", "MaxConn"), std::nullopt);
  EXPECT_EQ(c->get("Tcp", "NoSuchKey"), std::nullopt);
  EXPECT_EQ(c->get("Nope", "InReceives"), std::nullopt);
  EXPECT_TRUE(c->has_group("IcmpMsg"));
  EXPECT_FALSE(c->has_group("Icmp6"));
  EXPECT_FALSE(c->has_group("Ic"));
}

TEST(ParseSnmp, ProcNetNetstatFixture) {
  auto c = parse_snmp_pairs(fixture("netstat"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->get("TcpExt", "SyncookiesSent"), 7000u);
  EXPECT_EQ(c->get("IpExt", "InNoRoutes"), 7000u);
  EXPECT_EQ(c->get("IpExt", "InOctets"), 7006u);
  EXPECT_TRUE(c->has_group("MPTcpExt"));
}

TEST(ParseSnmp, LargeCountersAndNoFinalNewline) {
  auto c = parse_snmp_pairs("Udp: InDatagrams NoPorts\nUdp: 18446744073709551615 0");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->get("Udp", "InDatagrams"), 18446744073709551615ull);
  EXPECT_EQ(c->get("Udp", "NoPorts"), 0u);
}

TEST(ParseSnmp, EmptyTextIsNoCounters) {
  auto c = parse_snmp_pairs("");
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->values.empty());
  auto blank = parse_snmp_pairs("\n\n");
  ASSERT_TRUE(blank.has_value());
  EXPECT_TRUE(blank->values.empty());
}

TEST(ParseSnmp, HeaderWithoutValuesIsAnError) {
  auto c = parse_snmp_pairs("Ip: Forwarding DefaultTTL\nIp: 1 64\nTcp: ActiveOpens PassiveOpens\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("line 3"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("Tcp"), std::string::npos) << c.error().message;
}

TEST(ParseSnmp, TruncatedValueLineIsAnError) {
  std::string text = fixture("snmp");
  // Cut inside the Tcp value line, as a short read would.
  const auto tcp_values = text.find("Tcp: 1 ");
  ASSERT_NE(tcp_values, std::string::npos);
  auto c = parse_snmp_pairs(std::string_view(text).substr(0, tcp_values + 12));
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("names but"), std::string::npos) << c.error().message;
}

TEST(ParseSnmp, MismatchedGroupIsAnError) {
  auto c = parse_snmp_pairs("Ip: Forwarding\nTcp: 1\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos);
}

TEST(ParseSnmp, NonNumericValueIsAnError) {
  EXPECT_FALSE(parse_snmp_pairs("Ip: Forwarding\nIp: x1\n").has_value());
  EXPECT_FALSE(parse_snmp_pairs("Ip: Forwarding\nIp: 1x\n").has_value());
  EXPECT_FALSE(parse_snmp_pairs("Ip: Forwarding\nIp: -\n").has_value());
  EXPECT_FALSE(parse_snmp_pairs("Ip: Forwarding\nIp: +1\n").has_value());
}

TEST(ParseSnmp, LineWithoutGroupIsAnError) {
  EXPECT_FALSE(parse_snmp_pairs("Forwarding DefaultTTL\n1 64\n").has_value());
  EXPECT_FALSE(parse_snmp_pairs(":\n:\n").has_value());
}

TEST(ParseSnmp6, Fixture) {
  auto c = parse_snmp6(fixture("snmp6"));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->get("Ip6", "InReceives"), 10000u);
  EXPECT_EQ(c->get("Icmp6", "InMsgs"), 10033u);
  EXPECT_EQ(c->get("Udp6", "InDatagrams"), 10073u);
  EXPECT_EQ(c->get("UdpLite6", "InDatagrams"), 10082u);
  EXPECT_EQ(c->get("Icmp6", "InType143"), 11003u);
  EXPECT_EQ(c->get("Icmp6", "OutType138"), 11005u);
}

TEST(ParseSnmp6, PerInterfaceFileKeepsKeysWithoutSix) {
  auto c = parse_snmp6("ifIndex                         \t2\nIp6InReceives  \t7\n");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->values.at("ifIndex"), 2u);
  EXPECT_EQ(c->get("Ip6", "InReceives"), 7u);
}

TEST(ParseSnmp6, MalformedLines) {
  for (const char* bad : {"Ip6InReceives\n", "Ip6InReceives 1 2\n", "Ip6InReceives one\n", "Ip6InReceives -1\n",
                          "Ip6InReceives 1\nIcmp6InMsgs"}) {
    auto c = parse_snmp6(bad);
    EXPECT_FALSE(c.has_value()) << bad;
  }
  auto c = parse_snmp6("Ip6InReceives 1\nIcmp6InMsgs\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

TEST(ParseSnmp, MergeKeepsExistingValues) {
  auto a = parse_snmp_pairs("Ip: InReceives\nIp: 5\n");
  auto b = parse_snmp6("Ip6InReceives 6\n");
  auto dup = parse_snmp_pairs("Ip: InReceives OutRequests\nIp: 9 10\n");
  ASSERT_TRUE(a && b && dup);
  merge_counters(*a, *b);
  merge_counters(*a, *dup);
  EXPECT_EQ(a->get("Ip", "InReceives"), 5u);
  EXPECT_EQ(a->get("Ip", "OutRequests"), 10u);
  EXPECT_EQ(a->get("Ip6", "InReceives"), 6u);
}

}  // namespace
}  // namespace sockscope
