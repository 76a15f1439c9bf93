// Names and address helpers of the endpoint model.
#include "model/endpoint.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace sockscope {
namespace {

IpAddress v6(const char* text) {
  std::uint8_t b[16];
  EXPECT_EQ(inet_pton(AF_INET6, text, b), 1);
  return IpAddress::v6(b);
}

TEST(IpAddress, FormatsAndClassifies) {
  EXPECT_EQ(IpAddress::v4(htonl(0x7f000001)).to_string(), "127.0.0.1");
  EXPECT_TRUE(IpAddress::v4(0).is_unspecified());
  EXPECT_FALSE(IpAddress::v4(htonl(1)).is_unspecified());
  EXPECT_EQ(v6("::ffff:10.0.0.1").to_string(), "::ffff:10.0.0.1");
  EXPECT_TRUE(v6("::ffff:10.0.0.1").is_v4_mapped());
  EXPECT_FALSE(v6("::1").is_v4_mapped());
  EXPECT_TRUE(v6("::").is_unspecified());
  EXPECT_LT(IpAddress::v4(htonl(1)), IpAddress::v4(htonl(2)));
}

TEST(IpAddress, Loopback) {
  EXPECT_TRUE(IpAddress::v4(htonl(0x7f000001)).is_loopback());
  EXPECT_TRUE(IpAddress::v4(htonl(0x7f080001)).is_loopback());
  EXPECT_FALSE(IpAddress::v4(htonl(0x80000001)).is_loopback());
  EXPECT_FALSE(IpAddress::v4(0).is_loopback());
  EXPECT_TRUE(v6("::1").is_loopback());
  EXPECT_TRUE(v6("::ffff:127.0.0.2").is_loopback());
  EXPECT_FALSE(v6("::ffff:10.0.0.1").is_loopback());
  EXPECT_FALSE(v6("::").is_loopback());
  EXPECT_FALSE(v6("::2").is_loopback());
  EXPECT_FALSE(v6("fe80::1").is_loopback());
}

TEST(Names, ProtoAndStateNames) {
  Endpoint e;
  e.proto = Proto::Udp;
  e.family = Family::Inet6;
  e.state = TcpState::Close;
  EXPECT_EQ(proto_name(e), "udp6");
  EXPECT_EQ(state_name(e), "UNCONN");
  e.proto = Proto::Tcp;
  EXPECT_EQ(state_name(e), "CLOSE");
  e.state = TcpState::NewSynRecv;
  EXPECT_EQ(state_name(e), "SYN_RECV");
  e.state = TcpState::BoundInactive;
  EXPECT_EQ(state_name(e), "BOUND");
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.state = TcpState::Listen;
  EXPECT_EQ(proto_name(e), "unix");
  EXPECT_EQ(state_name(e), "LISTEN");
}

TEST(Names, ParseStateAcceptsEveryNameAndSpelling) {
  for (int i = 1; i <= kMaxTcpState; ++i) {
    auto s = static_cast<TcpState>(i);
    if (s == TcpState::NewSynRecv) continue;
    EXPECT_EQ(parse_state_name(tcp_state_name(s)), s) << tcp_state_name(s);
  }
  EXPECT_EQ(parse_state_name("close-wait"), TcpState::CloseWait);
  EXPECT_EQ(parse_state_name("Estab"), TcpState::Established);
  EXPECT_EQ(parse_state_name("LISTENING"), TcpState::Listen);
  EXPECT_EQ(parse_state_name("unconn"), TcpState::Close);
  EXPECT_FALSE(parse_state_name("established!").has_value());
  EXPECT_FALSE(parse_state_name("").has_value());
}

TEST(StateBits, AllStatesCoversOneToThirteen) {
  EXPECT_EQ(kAllStates & 1u, 0u);
  for (int i = 1; i <= kMaxTcpState; ++i) EXPECT_TRUE(kAllStates & state_bit(static_cast<TcpState>(i)));
  EXPECT_EQ(kAllStates >> (kMaxTcpState + 1), 0u);
}

}  // namespace
}  // namespace sockscope
