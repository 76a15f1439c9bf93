// Tests for the /etc/hosts parser and address keys.
#include "parse/hosts.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace sockscope {
namespace {

IpAddress v4(const char* text) {
  std::uint32_t a = 0;
  EXPECT_EQ(inet_pton(AF_INET, text, &a), 1) << text;
  return IpAddress::v4(a);
}

IpAddress v6(const char* text, std::uint32_t scope = 0) {
  std::uint8_t b[16] = {};
  EXPECT_EQ(inet_pton(AF_INET6, text, b), 1) << text;
  return IpAddress::v6(b, scope);
}

std::string name_of(const HostTable& t, const IpAddress& a) {
  const std::string* name = t.find(a);
  return name ? *name : "<none>";
}

TEST(ParseHosts, Ipv4AndIpv6Entries) {
  const auto t = parse_hosts(
      "127.0.0.1\tlocalhost\n"
      "::1     localhost ip6-localhost ip6-loopback\n"
      "192.0.2.10 web.example web\n"
      "2001:db8::10 web6.example\n");
  EXPECT_EQ(name_of(t, v4("127.0.0.1")), "localhost");
  EXPECT_EQ(name_of(t, v6("::1")), "localhost");
  EXPECT_EQ(name_of(t, v4("192.0.2.10")), "web.example");
  EXPECT_EQ(name_of(t, v6("2001:db8::10")), "web6.example");
  EXPECT_EQ(name_of(t, v4("192.0.2.11")), "<none>");
  EXPECT_EQ(t.names.size(), 4u);
}

TEST(ParseHosts, FirstLineForAnAddressWins) {
  const auto t = parse_hosts(
      "127.0.0.1 localhost\n"
      "127.0.0.1 runsc\n"
      "127.0.1.1 myhost.example myhost\n");
  EXPECT_EQ(name_of(t, v4("127.0.0.1")), "localhost");
  EXPECT_EQ(name_of(t, v4("127.0.1.1")), "myhost.example");
}

TEST(ParseHosts, CommentsBlanksAndCrlf) {
  const auto t = parse_hosts(
      "# The following lines are desirable for IPv6 capable hosts\n"
      "\n"
      "  \t\n"
      "#192.0.2.1 commented\n"
      "192.0.2.2 two # trailing comment\n"
      "192.0.2.3 three#glued comment\n"
      "192.0.2.4 four\r\n"
      "   192.0.2.5\tfive\n");
  EXPECT_EQ(name_of(t, v4("192.0.2.1")), "<none>");
  EXPECT_EQ(name_of(t, v4("192.0.2.2")), "two");
  EXPECT_EQ(name_of(t, v4("192.0.2.3")), "three");
  EXPECT_EQ(name_of(t, v4("192.0.2.4")), "four");
  EXPECT_EQ(name_of(t, v4("192.0.2.5")), "five");
  EXPECT_EQ(t.names.size(), 4u);
}

TEST(ParseHosts, MalformedLinesAreSkipped) {
  const auto t = parse_hosts(
      "192.0.2.1\n"                // no name
      "192.0.2.2 # only a comment\n"
      "192.0.2 short\n"
      "256.0.2.3 octet\n"
      "192.0.2.4.5 long\n"
      "1.2.3.4x suffix\n"
      "localhost 127.0.0.1\n"      // columns swapped
      "2001:db8::zz bad6\n"
      "2001:db8:::1 bad6b\n"
      "fe80::1% emptyscope\n"
      "0x7f.0.0.1 hex\n"
      "192.0.2.9 good\n");
  EXPECT_EQ(name_of(t, v4("192.0.2.9")), "good");
  EXPECT_EQ(t.names.size(), 1u);
}

TEST(ParseHosts, TruncatedInput) {
  EXPECT_TRUE(parse_hosts("").empty());
  EXPECT_TRUE(parse_hosts("192.0.2.1").empty());
  EXPECT_TRUE(parse_hosts("192.0.2.1 ").empty());
  EXPECT_TRUE(parse_hosts("192.0.").empty());
  const auto t = parse_hosts("192.0.2.1 a\n192.0.2.2 b");
  EXPECT_EQ(name_of(t, v4("192.0.2.2")), "b");
}

TEST(ParseHosts, OverlongAddressFieldIsRejected) {
  const std::string line = std::string(200, '1') + " name\n";
  EXPECT_TRUE(parse_hosts(line).empty());
}

TEST(ParseHosts, ScopeIsDroppedForLookups) {
  const auto t = parse_hosts("fe80::1%eth0 router-ll\n");
  EXPECT_EQ(name_of(t, v6("fe80::1")), "router-ll");
  EXPECT_EQ(name_of(t, v6("fe80::1", 7)), "router-ll");
}

TEST(ParseHosts, V4MappedAddressesMeetIpv4Entries) {
  const auto t = parse_hosts("192.0.2.20 mapped-target\n::ffff:192.0.2.21 written-mapped\n");
  EXPECT_EQ(name_of(t, v6("::ffff:192.0.2.20")), "mapped-target");
  EXPECT_EQ(name_of(t, v4("192.0.2.21")), "written-mapped");
}

TEST(ParseHosts, NamesAreKeptAsRawBytes) {
  const auto t = parse_hosts("192.0.2.30 \x1b[31mred\xff\n");
  EXPECT_EQ(name_of(t, v4("192.0.2.30")), "\x1b[31mred\xff");
}

TEST(HostKey, NormalisesMappedAndScope) {
  EXPECT_EQ(host_key(v6("::ffff:10.1.2.3")), v4("10.1.2.3"));
  EXPECT_EQ(host_key(v6("fe80::2", 3)), v6("fe80::2"));
  EXPECT_EQ(host_key(v4("10.1.2.3")), v4("10.1.2.3"));
  IpAddress dirty = v4("10.1.2.3");
  dirty.bytes[9] = 0x55;  // bytes past an IPv4 address must not split keys
  EXPECT_EQ(host_key(dirty), v4("10.1.2.3"));
}

TEST(ParseIpAddress, Forms) {
  EXPECT_EQ(parse_ip_address("10.0.0.1"), v4("10.0.0.1"));
  EXPECT_EQ(parse_ip_address("::"), v6("::"));
  EXPECT_EQ(parse_ip_address("fe80::1%lo"), v6("fe80::1"));
  EXPECT_EQ(parse_ip_address(""), std::nullopt);
  EXPECT_EQ(parse_ip_address("10.0.0.1 "), std::nullopt);
  EXPECT_EQ(parse_ip_address(std::string_view("10.0.0.1\0", 9)), std::nullopt);
}

}  // namespace
}  // namespace sockscope
