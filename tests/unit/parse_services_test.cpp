// Tests for the /etc/services parser.
#include "parse/services.hpp"

#include <gtest/gtest.h>

namespace sockscope {
namespace {

std::string tcp_name(const ServiceTable& t, std::uint16_t port) {
  const std::string* name = t.find(port, Proto::Tcp);
  return name ? *name : "<none>";
}

std::string udp_name(const ServiceTable& t, std::uint16_t port) {
  const std::string* name = t.find(port, Proto::Udp);
  return name ? *name : "<none>";
}

TEST(ParseServices, NameByPortAndProtocol) {
  const auto t = parse_services(
      "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\n"
      "domain\t\t53/tcp\n"
      "domain\t\t53/udp\n"
      "syslog\t\t514/udp\n");
  EXPECT_EQ(tcp_name(t, 22), "ssh");
  EXPECT_EQ(udp_name(t, 22), "<none>");
  EXPECT_EQ(tcp_name(t, 53), "domain");
  EXPECT_EQ(udp_name(t, 53), "domain");
  EXPECT_EQ(udp_name(t, 514), "syslog");
  EXPECT_EQ(tcp_name(t, 514), "<none>");
  EXPECT_EQ(t.tcp.size(), 2u);
  EXPECT_EQ(t.udp.size(), 2u);
}

TEST(ParseServices, AliasesAreNotNames) {
  const auto t = parse_services("http 80/tcp www www-http # WorldWideWeb HTTP\n");
  EXPECT_EQ(tcp_name(t, 80), "http");
}

TEST(ParseServices, FirstNameForAPortWins) {
  const auto t = parse_services(
      "kerberos 88/tcp kerberos5 krb5\n"
      "kerberos-alt 88/tcp\n"
      "kerberos-udp 88/udp\n");
  EXPECT_EQ(tcp_name(t, 88), "kerberos");
  EXPECT_EQ(udp_name(t, 88), "kerberos-udp");
}

TEST(ParseServices, CommentsBlanksAndWhitespace) {
  const auto t = parse_services(
      "# full line comment 1/tcp\n"
      "\n"
      "   \t  \n"
      "   echo   7/tcp   \n"
      "#disabled 9/tcp\n"
      "discard 9/udp#no space before comment\n"
      "qotd 17/tcp\r\n");
  EXPECT_EQ(tcp_name(t, 7), "echo");
  EXPECT_EQ(tcp_name(t, 9), "<none>");
  EXPECT_EQ(udp_name(t, 9), "discard");
  EXPECT_EQ(tcp_name(t, 17), "qotd");  // CRLF line ending does not leak into the protocol
  EXPECT_EQ(t.tcp.size(), 2u);
  EXPECT_EQ(t.udp.size(), 1u);
}

TEST(ParseServices, MalformedLinesAreSkipped) {
  const auto t = parse_services(
      "noport\n"
      "letters abc/tcp\n"
      "negative -1/tcp\n"
      "plus +5/tcp\n"
      "toobig 65536/tcp\n"
      "huge 99999999999999999999/tcp\n"
      "noslash 99\n"
      "noproto 98/\n"
      "noport /tcp\n"
      "trailing 97x/tcp\n"
      "1/tcp\n"
      "ddp-only 4/ddp\n"
      "sctp-only 5/sctp\n"
      "upper 6/TCP\n"
      "good 100/tcp\n");
  EXPECT_EQ(tcp_name(t, 100), "good");
  EXPECT_EQ(t.tcp.size(), 1u);
  EXPECT_TRUE(t.udp.empty());
}

TEST(ParseServices, PortRangeEdges) {
  const auto t = parse_services("zero 0/tcp\nmax 65535/udp\nleadingzero 0080/tcp\n");
  EXPECT_EQ(tcp_name(t, 0), "zero");
  EXPECT_EQ(udp_name(t, 65535), "max");
  EXPECT_EQ(tcp_name(t, 80), "leadingzero");
}

TEST(ParseServices, TruncatedInput) {
  EXPECT_TRUE(parse_services("").empty());
  EXPECT_TRUE(parse_services("ssh").empty());
  EXPECT_TRUE(parse_services("ssh 22").empty());
  EXPECT_TRUE(parse_services("ssh 22/").empty());
  EXPECT_TRUE(parse_services("ssh 22/tc").empty());
  // A last line without its newline still counts.
  const auto t = parse_services("echo 7/tcp\nssh 22/tcp");
  EXPECT_EQ(tcp_name(t, 22), "ssh");
}

TEST(ParseServices, BinaryGarbageDoesNotCrash) {
  const std::string garbage("\0\xff\n\x01 2/tcp\n\xfe\xfe 3/udp \0\n", 20);
  const auto t = parse_services(garbage);
  EXPECT_EQ(tcp_name(t, 2), "\x01");
  EXPECT_EQ(udp_name(t, 3), "\xfe\xfe");
}

TEST(ParseServices, OnlyTcpAndUdpHaveNames) {
  const auto t = parse_services("x 1/tcp\nx 1/udp\n");
  EXPECT_NE(t.find(1, Proto::Tcp), nullptr);
  EXPECT_EQ(t.find(1, Proto::Raw), nullptr);
  EXPECT_EQ(t.find(1, Proto::Unix), nullptr);
}

}  // namespace
}  // namespace sockscope
