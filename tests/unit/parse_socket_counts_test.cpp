// Tests for the /proc/net/protocols and /proc/net/sockstat socket-count parsers.
#include <gtest/gtest.h>

#include "parse/socket_counts.hpp"

namespace sockscope {
namespace {

constexpr std::string_view kProtocols =
    "protocol  size sockets  memory press maxhdr  slab module     cl co di ac io in de sh ss gs se re sp bi br ha uh gp em\n"
    "PACKET    1600      0      -1   NI       0   no   kernel      n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n\n"
    "RAWv6     1344      2      -1   NI       0   yes  kernel      y  y  y  n  y  y  y  n  y  y  y  y  n  n  n  y  n  n  n\n"
    "UDPv6     1472      4       3   NI       0   yes  kernel      y  y  y  n  y  y  y  n  y  y  y  y  n  n  n  y  y  y  n\n"
    "TCPv6     2432     10       5   no     320   yes  kernel      y  y  y  y  y  y  y  y  y  y  y  y  y  n  y  y  y  y  y\n"
    "UNIX-STREAM 1152  40      -1   NI       0   yes  kernel      n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n\n"
    "UNIX      1152     60      -1   NI       0   yes  kernel      n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n  n\n"
    "RAW       1152      1      -1   NI       0   yes  kernel      y  y  y  n  y  y  y  n  y  y  y  y  n  n  n  y  n  n  n\n"
    "UDP       1344   1000       3   NI       0   yes  kernel      y  y  y  n  y  y  y  n  y  y  y  y  y  n  n  y  y  y  n\n"
    "TCP       2304 100008       3   no     320   yes  kernel      y  y  y  y  y  y  y  y  y  y  y  y  y  n  y  y  y  y  y\n";

TEST(SocketCounts, ReadsEveryDumpedProtocol) {
  SocketCounts c;
  add_protocol_counts(kProtocols, c);
  EXPECT_TRUE(c.found);
  EXPECT_EQ(c.tcp, 100008u);
  EXPECT_EQ(c.tcp6, 10u);
  EXPECT_EQ(c.udp, 1000u);
  EXPECT_EQ(c.udp6, 4u);
  EXPECT_EQ(c.raw, 1u);
  EXPECT_EQ(c.raw6, 2u);
  EXPECT_EQ(c.unix_sockets, 100u);  // UNIX + UNIX-STREAM
}

TEST(SocketCounts, SkipsHeaderMalformedAndTruncatedRows) {
  SocketCounts c;
  add_protocol_counts("protocol size sockets\nTCP 2304 -5 3\nUDP 1344\nTCP 2304 12x\nTCP", c);
  EXPECT_FALSE(c.found);
  EXPECT_EQ(c.tcp, 0u);
  add_protocol_counts("", c);
  EXPECT_FALSE(c.found);
  add_protocol_counts("TCP 2304 7 3 no", c);  // no trailing newline
  EXPECT_TRUE(c.found);
  EXPECT_EQ(c.tcp, 7u);
}

TEST(SocketCounts, ReadsTimeWaitFromSockstat) {
  SocketCounts c;
  add_sockstat_counts(
      "sockets: used 101008\nTCP: inuse 100008 orphan 0 tw 4321 alloc 100010 mem 205\nUDP: inuse 1000 mem 0\n", c);
  EXPECT_EQ(c.tcp_time_wait, 4321u);
  SocketCounts d;
  add_sockstat_counts("TCP: inuse 5 orphan 0 tw", d);  // truncated
  EXPECT_EQ(d.tcp_time_wait, 0u);
  add_sockstat_counts("TCP: inuse 5 tw nope\n", d);
  EXPECT_EQ(d.tcp_time_wait, 0u);
}

TEST(SocketCounts, ReadsOpenFilesFromFileNr) {
  EXPECT_EQ(parse_open_files("1115\t0\t2466160\n"), std::optional<std::size_t>(1115));
  EXPECT_EQ(parse_open_files("204000 0 9223372036854775807"), std::optional<std::size_t>(204000));
  EXPECT_EQ(parse_open_files(""), std::nullopt);         // truncated to nothing
  EXPECT_EQ(parse_open_files("\n1115 0 1\n"), std::nullopt);  // the count is on the first line
  EXPECT_EQ(parse_open_files("-3 0 1\n"), std::nullopt);
  EXPECT_EQ(parse_open_files("12k 0 1\n"), std::nullopt);
}

}  // namespace
}  // namespace sockscope
