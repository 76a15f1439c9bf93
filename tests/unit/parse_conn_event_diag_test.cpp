// parse_destroy_event: sock_diag destroy-group messages (ss -E) as connection events, and malformed ones.
#include "parse/conn_event_diag.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include "netlink_payload.hpp"

namespace sockscope {
namespace {

Payload destroyed_tcp(std::uint8_t protocol = IPPROTO_TCP, int remote_port = 443) {
  inet_diag_msg m{};
  m.idiag_family = AF_INET6;
  m.idiag_state = 7;  // CLOSE
  m.id.idiag_sport = htons(40000);
  m.id.idiag_dport = htons(static_cast<std::uint16_t>(remote_port));
  inet_pton(AF_INET6, "2001:db8::1", m.id.idiag_src);
  inet_pton(AF_INET6, "2001:db8::2", m.id.idiag_dst);
  m.id.idiag_cookie[0] = 0x55;
  Payload p;
  p.put(m);
  p.attr(INET_DIAG_PROTOCOL, &protocol, 1);
  tcp_info info{};
  info.tcpi_bytes_acked = 1002;
  info.tcpi_bytes_received = 301;
  info.tcpi_segs_out = 6;
  p.attr(INET_DIAG_INFO, &info, sizeof info);
  return p;
}

TEST(ParseDestroyEvent, TcpWithItsLastTcpInfo) {
  const auto e = parse_destroy_event(destroyed_tcp().span(), 4026531840u, 123);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ConnEventKind::Closed);
  EXPECT_EQ(e->source, ConnEventSource::DestroyGroup);
  EXPECT_EQ(e->proto, Proto::Tcp);
  EXPECT_EQ(e->family, Family::Inet6);
  EXPECT_EQ(e->new_state, TcpState::Close);
  EXPECT_EQ(e->old_state, TcpState::Unknown);
  EXPECT_EQ(e->direction, ConnDirection::Unknown);
  EXPECT_EQ(e->netns, 4026531840u);
  EXPECT_EQ(e->cookie, 0x55u);
  EXPECT_EQ(e->local.to_string(), "2001:db8::1");
  EXPECT_EQ(e->remote.to_string(), "2001:db8::2");
  EXPECT_EQ(e->local_port, 40000);
  EXPECT_EQ(e->remote_port, 443);
  EXPECT_EQ(e->close_ns, 123u);
  EXPECT_EQ(e->open_ns, 0u);
  EXPECT_EQ(e->tcp.bytes_acked, 1002u);
  EXPECT_EQ(e->tcp.bytes_received, 301u);
  EXPECT_EQ(e->tcp.segs_out, 6u);
  EXPECT_FALSE(e->owner);
}

TEST(ParseDestroyEvent, UdpHasNoCounters) {
  const auto e = parse_destroy_event(destroyed_tcp(IPPROTO_UDP).span(), 1, 1);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->proto, Proto::Udp);
  EXPECT_EQ(e->tcp.bytes_acked, 0u);
}

TEST(ParseDestroyEvent, TcpWithoutPeerIsNoConnection) {
  EXPECT_FALSE(parse_destroy_event(destroyed_tcp(IPPROTO_TCP, 0).span(), 1, 1));  // a listener or never connected
}

TEST(ParseDestroyEvent, OtherProtocolsAndMissingProtocolAreRefused) {
  EXPECT_FALSE(parse_destroy_event(destroyed_tcp(IPPROTO_SCTP).span(), 1, 1));
  Payload bare;
  inet_diag_msg m{};
  m.idiag_family = AF_INET;
  m.id.idiag_dport = htons(80);
  bare.put(m);
  EXPECT_FALSE(parse_destroy_event(bare.span(), 1, 1));
}

TEST(ParseDestroyEvent, TruncatedOrBrokenMessagesAreRefused) {
  const Payload p = destroyed_tcp();
  for (std::size_t n : {std::size_t{0}, std::size_t{4}, sizeof(inet_diag_msg) - 1, sizeof(inet_diag_msg)})
    EXPECT_FALSE(parse_destroy_event(p.span().first(n), 1, 1)) << n;
  // The protocol attribute's length runs past the end: the walk stops before it.
  Payload broken;
  inet_diag_msg m{};
  m.idiag_family = AF_INET;
  broken.put(m);
  broken.raw_attr_header(200, INET_DIAG_PROTOCOL);
  EXPECT_FALSE(parse_destroy_event(broken.span(), 1, 1));
}

TEST(ParseDestroyEvent, UnknownFamilyIsRefused) {
  Payload p = destroyed_tcp();
  p.bytes[0] = std::byte{AF_UNIX};  // idiag_family is the first byte
  EXPECT_FALSE(parse_destroy_event(p.span(), 1, 1));
}

}  // namespace
}  // namespace sockscope
