// Tests for the inet_diag / unix_diag message parsers on hand-built and malformed payloads.
#include "parse/sock_diag.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netlink_payload.hpp"

namespace sockscope {
namespace {

inet_diag_msg inet4_msg() {
  inet_diag_msg m{};
  m.idiag_family = AF_INET;
  m.idiag_state = 1;  // ESTABLISHED
  m.id.idiag_sport = htons(8080);
  m.id.idiag_dport = htons(51234);
  inet_pton(AF_INET, "192.0.2.7", &m.id.idiag_src[0]);
  inet_pton(AF_INET, "198.51.100.9", &m.id.idiag_dst[0]);
  m.id.idiag_if = 0;
  m.id.idiag_cookie[0] = 0x11223344;
  m.id.idiag_cookie[1] = 0x55667788;
  m.idiag_rqueue = 3;
  m.idiag_wqueue = 4;
  m.idiag_uid = 1000;
  m.idiag_inode = 987654;
  return m;
}

inet_diag_msg inet6_msg(const char* src, const char* dst, std::uint32_t ifindex) {
  inet_diag_msg m{};
  m.idiag_family = AF_INET6;
  m.idiag_state = 10;  // LISTEN
  m.id.idiag_sport = htons(443);
  m.id.idiag_dport = 0;
  inet_pton(AF_INET6, src, m.id.idiag_src);
  inet_pton(AF_INET6, dst, m.id.idiag_dst);
  m.id.idiag_if = ifindex;
  m.idiag_inode = 42;
  return m;
}

tcp_info sample_tcp_info() {
  tcp_info ti{};
  ti.tcpi_retransmits = 2;
  ti.tcpi_rtt = 1500;
  ti.tcpi_rttvar = 700;
  ti.tcpi_snd_cwnd = 10;
  ti.tcpi_total_retrans = 5;
  ti.tcpi_bytes_acked = 100000;
  ti.tcpi_bytes_received = 200000;
  ti.tcpi_segs_out = 300;
  ti.tcpi_segs_in = 400;
  ti.tcpi_data_segs_in = 150;
  ti.tcpi_data_segs_out = 250;
  ti.tcpi_delivery_rate = 123456789;
  ti.tcpi_bytes_sent = 100500;
  ti.tcpi_bytes_retrans = 500;
  return ti;
}

IpAddress v6(const char* text, std::uint32_t scope = 0) {
  std::uint8_t b[16];
  EXPECT_EQ(inet_pton(AF_INET6, text, b), 1);
  return IpAddress::v6(b, scope);
}

TEST(ParseInetDiag, Ipv4WithoutInfo) {
  Payload p;
  p.put(inet4_msg());
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->proto, Proto::Tcp);
  EXPECT_EQ(e->family, Family::Inet4);
  EXPECT_EQ(e->state, TcpState::Established);
  EXPECT_EQ(e->local.to_string(), "192.0.2.7");
  EXPECT_EQ(e->remote.to_string(), "198.51.100.9");
  EXPECT_EQ(e->local.family, Family::Inet4);
  EXPECT_EQ(e->local_port, 8080);
  EXPECT_EQ(e->remote_port, 51234);
  EXPECT_EQ(e->inode, 987654u);
  EXPECT_EQ(e->uid, 1000u);
  EXPECT_EQ(e->rqueue, 3u);
  EXPECT_EQ(e->wqueue, 4u);
  EXPECT_EQ(e->cookie, 0x5566778811223344ull);
  EXPECT_FALSE(e->tcp);
}

TEST(ParseInetDiag, MarkOnlyWhenTheKernelSaysIt) {
  Payload plain;
  plain.put(inet4_msg());
  auto e = parse_inet_diag(plain.span(), Proto::Udp);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->mark_known) << "sock_diag omits it for requesters without CAP_NET_ADMIN";
  Payload marked;
  marked.put(inet4_msg());
  const std::uint32_t mark = 0x1234;
  marked.attr(INET_DIAG_MARK, &mark, sizeof mark);
  e = parse_inet_diag(marked.span(), Proto::Udp);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->mark_known);
  EXPECT_EQ(e->mark, 0x1234u);
  Payload truncated;
  truncated.put(inet4_msg());
  truncated.attr(INET_DIAG_MARK, &mark, 2);
  e = parse_inet_diag(truncated.span(), Proto::Udp);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->mark_known) << "a short attribute is no mark";
}

TEST(ParseInetDiag, CgroupIdFromItsAttribute) {
  Payload plain;
  plain.put(inet4_msg());
  auto e = parse_inet_diag(plain.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cgroup_id, 0u) << "no attribute (a kernel without cgroup data): unknown";
  Payload p;
  p.put(inet4_msg());
  const std::uint64_t id = 0x1234'5678'9abcULL;
  const std::uint32_t mark = 7;
  p.attr(INET_DIAG_MARK, &mark, sizeof mark);
  p.attr(INET_DIAG_CGROUP_ID, &id, sizeof id);
  e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cgroup_id, id);
  EXPECT_EQ(e->mark, 7u);
  Payload truncated;
  truncated.put(inet4_msg());
  truncated.attr(INET_DIAG_CGROUP_ID, &id, 4);
  e = parse_inet_diag(truncated.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->cgroup_id, 0u) << "a short attribute is no id";
}

TEST(ParseInetDiag, Ipv4WithTcpInfo) {
  Payload p;
  p.put(inet4_msg());
  const auto ti = sample_tcp_info();
  std::uint8_t shutdown = 0;
  p.attr(INET_DIAG_SHUTDOWN, &shutdown, 1);  // unrelated attribute before, with padding
  p.attr(INET_DIAG_INFO, &ti, sizeof ti);
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->tcp);
  EXPECT_EQ(e->tcp->rtt_us, 1500u);
  EXPECT_EQ(e->tcp->total_retrans, 5u);
  EXPECT_EQ(e->tcp->bytes_acked, 100000u);
  EXPECT_EQ(e->tcp->bytes_received, 200000u);
  EXPECT_EQ(e->tcp->segs_out, 300u);
  EXPECT_EQ(e->tcp->segs_in, 400u);
  EXPECT_EQ(e->tcp->bytes_sent, 100500u);
}

TEST(ParseInetDiag, TcpInfoIgnoredForUdp) {
  Payload p;
  auto m = inet4_msg();
  m.idiag_state = 7;
  p.put(m);
  const auto ti = sample_tcp_info();
  p.attr(INET_DIAG_INFO, &ti, sizeof ti);
  auto e = parse_inet_diag(p.span(), Proto::Udp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->proto, Proto::Udp);
  EXPECT_EQ(e->state, TcpState::Close);
  EXPECT_FALSE(e->tcp);
}

TEST(ParseInetDiag, ShortTcpInfoFromOlderKernel) {
  // Cut inside tcpi_bytes_acked: fields before it are read, it and later ones are not.
  const auto ti = sample_tcp_info();
  const std::size_t len = offsetof(tcp_info, tcpi_bytes_acked) + 4;
  Payload p;
  p.put(inet4_msg());
  p.attr(INET_DIAG_INFO, &ti, len);
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->tcp);
  EXPECT_EQ(e->tcp->rtt_us, 1500u);
  EXPECT_EQ(e->tcp->total_retrans, 5u);
  EXPECT_EQ(e->tcp->bytes_acked, 0u);
  EXPECT_EQ(e->tcp->bytes_received, 0u);
  EXPECT_EQ(e->tcp->bytes_sent, 0u);
}

TEST(ParseTcpInfo, LongerThanKnownStruct) {
  // Newer kernels append fields; the known prefix must still be read.
  std::vector<std::byte> buf(sizeof(tcp_info) + 64, std::byte{0xee});
  const auto ti = sample_tcp_info();
  std::memcpy(buf.data(), &ti, sizeof ti);
  const auto c = parse_tcp_info(buf);
  EXPECT_EQ(c.bytes_sent, 100500u);
  EXPECT_EQ(c.segs_in, 400u);
  EXPECT_EQ(c.total_retrans, 5u);
}

TEST(ParseTcpInfo, EmptyGivesZeros) {
  EXPECT_EQ(parse_tcp_info({}), TcpCounters{});
}

TEST(ParseInetDiag, Ipv6LinkLocalGetsScope) {
  Payload p;
  p.put(inet6_msg("fe80::1", "fe80::2", 3));
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->family, Family::Inet6);
  EXPECT_EQ(e->state, TcpState::Listen);
  EXPECT_EQ(e->local, v6("fe80::1", 3));
  EXPECT_EQ(e->remote, v6("fe80::2", 3));
  EXPECT_EQ(e->ifindex, 3u);
  EXPECT_EQ(e->local_port, 443);
}

TEST(ParseInetDiag, Ipv6GlobalHasNoScope) {
  Payload p;
  p.put(inet6_msg("2001:db8::1", "::", 3));
  auto e = parse_inet_diag(p.span(), Proto::Udp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->local, v6("2001:db8::1"));
  EXPECT_EQ(e->local.scope_id, 0u);
  EXPECT_TRUE(e->remote.is_unspecified());
  EXPECT_EQ(e->ifindex, 3u);
}

TEST(ParseInetDiag, V4MappedStaysInet6) {
  Payload p;
  p.put(inet6_msg("::ffff:127.0.0.1", "::ffff:10.1.2.3", 0));
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->family, Family::Inet6);
  EXPECT_EQ(e->local.family, Family::Inet6);
  EXPECT_TRUE(e->local.is_v4_mapped());
  EXPECT_EQ(e->local.to_string(), "::ffff:127.0.0.1");
  EXPECT_EQ(e->remote.to_string(), "::ffff:10.1.2.3");
}

TEST(ParseInetDiag, StatesIncludingBoundAndUnknown) {
  for (std::uint8_t s : {std::uint8_t{12}, std::uint8_t{13}}) {
    Payload p;
    auto m = inet4_msg();
    m.idiag_state = s;
    p.put(m);
    auto e = parse_inet_diag(p.span(), Proto::Tcp);
    ASSERT_TRUE(e);
    EXPECT_EQ(static_cast<int>(e->state), s);
  }
  Payload p;
  auto m = inet4_msg();
  m.idiag_state = 200;
  p.put(m);
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->state, TcpState::Unknown);
}

TEST(ParseInetDiag, TruncatedHeaderIsRejected) {
  Payload p;
  p.put(inet4_msg());
  for (std::size_t n = 0; n < sizeof(inet_diag_msg); ++n) {
    EXPECT_FALSE(parse_inet_diag(p.span().first(n), Proto::Tcp)) << n;
  }
}

TEST(ParseInetDiag, UnknownFamilyIsRejected) {
  Payload p;
  auto m = inet4_msg();
  m.idiag_family = AF_UNIX;
  p.put(m);
  EXPECT_FALSE(parse_inet_diag(p.span(), Proto::Tcp));
}

TEST(ParseInetDiag, AttributeLengthPastEndIsIgnored) {
  Payload p;
  p.put(inet4_msg());
  const auto ti = sample_tcp_info();
  p.attr(INET_DIAG_INFO, &ti, sizeof ti);
  // Drop the attribute's tail: its declared length now runs past the payload.
  p.bytes.erase(p.bytes.end() - 8, p.bytes.end());
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->inode, 987654u);
  EXPECT_FALSE(e->tcp);
}

TEST(ParseInetDiag, ZeroAndTinyAttributeLengthsStopTheWalk) {
  for (std::uint16_t len : {std::uint16_t{0}, std::uint16_t{1}, std::uint16_t{3}}) {
    Payload p;
    p.put(inet4_msg());
    p.raw_attr_header(len, INET_DIAG_INFO);
    const auto ti = sample_tcp_info();
    p.attr(INET_DIAG_INFO, &ti, sizeof ti);  // unreachable behind the bad header
    auto e = parse_inet_diag(p.span(), Proto::Tcp);
    ASSERT_TRUE(e) << len;
    EXPECT_FALSE(e->tcp) << len;
  }
}

TEST(ParseInetDiag, TrailingBytesShorterThanAttributeHeader) {
  Payload p;
  p.put(inet4_msg());
  p.bytes.push_back(std::byte{8});
  p.bytes.push_back(std::byte{0});
  auto e = parse_inet_diag(p.span(), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->tcp);
}

TEST(ParseInetDiag, EveryTruncationIsSafe) {
  Payload p;
  p.put(inet4_msg());
  std::uint8_t shutdown = 3;
  p.attr(INET_DIAG_SHUTDOWN, &shutdown, 1);
  const auto ti = sample_tcp_info();
  p.attr(INET_DIAG_INFO, &ti, sizeof ti);
  // Copy each prefix into an exact-size buffer so ASan flags any read past its end.
  for (std::size_t n = 0; n <= p.bytes.size(); ++n) {
    std::vector<std::byte> cut(p.bytes.begin(), p.bytes.begin() + n);
    auto e = parse_inet_diag(cut, Proto::Tcp);
    EXPECT_EQ(e.has_value(), n >= sizeof(inet_diag_msg)) << n;
    if (e && n < p.bytes.size()) {
      EXPECT_FALSE(e->tcp) << n;
    }
  }
}

TEST(ParseInetDiag, UnalignedPayload) {
  Payload p;
  p.put(inet4_msg());
  std::vector<std::byte> shifted(p.bytes.size() + 1);
  std::memcpy(shifted.data() + 1, p.bytes.data(), p.bytes.size());
  auto e = parse_inet_diag(std::span<const std::byte>(shifted).subspan(1), Proto::Tcp);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->inode, 987654u);
}

unix_diag_msg unix_msg(std::uint8_t type, std::uint8_t state, std::uint32_t ino) {
  unix_diag_msg m{};
  m.udiag_family = AF_UNIX;
  m.udiag_type = type;
  m.udiag_state = state;
  m.udiag_ino = ino;
  m.udiag_cookie[0] = 7;
  m.udiag_cookie[1] = 1;
  return m;
}

TEST(ParseUnixDiag, PathNameListener) {
  Payload p;
  p.put(unix_msg(SOCK_STREAM, 10, 555));
  const char path[] = "/run/app.sock";  // with the NUL, as the kernel sends it
  p.attr(UNIX_DIAG_NAME, path, sizeof path);
  unix_diag_vfs vfs{123, 456};
  p.attr(UNIX_DIAG_VFS, &vfs, sizeof vfs);
  unix_diag_rqlen q{2, 128};
  p.attr(UNIX_DIAG_RQLEN, &q, sizeof q);
  std::uint32_t uid = 33;
  p.attr(UNIX_DIAG_UID, &uid, sizeof uid);
  auto e = parse_unix_diag(p.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->proto, Proto::Unix);
  EXPECT_EQ(e->family, Family::Unix);
  EXPECT_EQ(e->unix_type, UnixType::Stream);
  EXPECT_EQ(e->state, TcpState::Listen);
  EXPECT_EQ(e->inode, 555u);
  EXPECT_EQ(e->unix_path, "/run/app.sock");
  EXPECT_EQ(e->rqueue, 2u);
  EXPECT_EQ(e->wqueue, 128u);
  EXPECT_EQ(e->uid, 33u);
  EXPECT_EQ(e->unix_peer, 0u);
  EXPECT_EQ(e->cookie, (1ull << 32) | 7u);
}

TEST(ParseUnixDiag, AbstractNameKeepsRawBytes) {
  Payload p;
  p.put(unix_msg(SOCK_DGRAM, 1, 77));
  const char name[] = {'\0', 'x', '\0', 'y', '\n', '\xff'};
  p.attr(UNIX_DIAG_NAME, name, sizeof name);
  std::uint32_t peer = 78;
  p.attr(UNIX_DIAG_PEER, &peer, sizeof peer);
  auto e = parse_unix_diag(p.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->unix_type, UnixType::Dgram);
  EXPECT_EQ(e->state, TcpState::Established);
  EXPECT_EQ(e->unix_path, std::string("@x\0y\n\xff", 6));
  EXPECT_EQ(e->unix_peer, 78u);
}

TEST(ParseUnixDiag, UnnamedSeqpacketWithoutUid) {
  Payload p;
  p.put(unix_msg(SOCK_SEQPACKET, 7, 1));
  auto e = parse_unix_diag(p.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->unix_type, UnixType::SeqPacket);
  EXPECT_EQ(e->state, TcpState::Close);
  EXPECT_EQ(e->unix_path, "");
  EXPECT_EQ(e->uid, 0u);
}

TEST(ParseUnixDiag, ShortAttributesAreIgnored) {
  Payload p;
  p.put(unix_msg(SOCK_STREAM, 1, 5));
  std::uint16_t two = 9;
  p.attr(UNIX_DIAG_PEER, &two, sizeof two);
  p.attr(UNIX_DIAG_UID, &two, sizeof two);
  p.attr(UNIX_DIAG_RQLEN, &two, sizeof two);
  p.attr(UNIX_DIAG_NAME, nullptr, 0);
  auto e = parse_unix_diag(p.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->unix_peer, 0u);
  EXPECT_EQ(e->uid, 0u);
  EXPECT_EQ(e->rqueue, 0u);
  EXPECT_EQ(e->unix_path, "");
}

TEST(ParseUnixDiag, TruncatedAndWrongFamilyAreRejected) {
  Payload p;
  p.put(unix_msg(SOCK_STREAM, 1, 5));
  for (std::size_t n = 0; n < sizeof(unix_diag_msg); ++n) {
    EXPECT_FALSE(parse_unix_diag(p.span().first(n))) << n;
  }
  Payload q;
  auto m = unix_msg(SOCK_STREAM, 1, 5);
  m.udiag_family = AF_INET;
  q.put(m);
  EXPECT_FALSE(parse_unix_diag(q.span()));
}

TEST(ParseUnixDiag, NameLengthOverflowingIsIgnored) {
  Payload p;
  p.put(unix_msg(SOCK_STREAM, 1, 5));
  p.raw_attr_header(200, UNIX_DIAG_NAME);
  p.bytes.insert(p.bytes.end(), {std::byte{'/'}, std::byte{'a'}, std::byte{0}, std::byte{0}});
  auto e = parse_unix_diag(p.span());
  ASSERT_TRUE(e);
  EXPECT_EQ(e->unix_path, "");
}

TEST(ParseUnixDiag, EveryTruncationIsSafe) {
  Payload p;
  p.put(unix_msg(SOCK_STREAM, 1, 5));
  const char name[] = "\0abstract";
  p.attr(UNIX_DIAG_NAME, name, sizeof name - 1);
  std::uint32_t peer = 6;
  p.attr(UNIX_DIAG_PEER, &peer, sizeof peer);
  for (std::size_t n = 0; n <= p.bytes.size(); ++n) {
    std::vector<std::byte> cut(p.bytes.begin(), p.bytes.begin() + n);
    auto e = parse_unix_diag(cut);
    EXPECT_EQ(e.has_value(), n >= sizeof(unix_diag_msg)) << n;
    if (e && n == p.bytes.size()) {
      EXPECT_EQ(e->unix_path, "@abstract");
      EXPECT_EQ(e->unix_peer, 6u);
    }
  }
}

}  // namespace
}  // namespace sockscope
