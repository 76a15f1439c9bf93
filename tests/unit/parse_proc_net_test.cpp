// Tests for the /proc/net table parsers on hand-written fixtures (as a little-endian kernel prints them).
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "parse/proc_net.hpp"

namespace sockscope {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/proc/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

IpAddress v4(const char* text) {
  in_addr a{};
  EXPECT_EQ(inet_pton(AF_INET, text, &a), 1) << text;
  return IpAddress::v4(a.s_addr);
}

IpAddress v6(const char* text) {
  in6_addr a{};
  EXPECT_EQ(inet_pton(AF_INET6, text, &a), 1) << text;
  return IpAddress::v6(a.s6_addr);
}

const Endpoint* by_inode(const ParsedTable& t, std::uint64_t inode) {
  for (const auto& e : t.endpoints)
    if (e.inode == inode) return &e;
  return nullptr;
}

constexpr const char* kTcpHeader =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
constexpr const char* kUnixHeader = "Num       RefCount Protocol Flags    Type St Inode Path\n";

TEST(ProcNetTcp, ParsesFixtureRows) {
  auto t = parse_proc_net_inet(fixture("tcp"), Proto::Tcp, Family::Inet4);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->bad_lines, 0u);
  ASSERT_EQ(t->endpoints.size(), 4u);

  const Endpoint& ssh = t->endpoints[0];
  EXPECT_EQ(ssh.proto, Proto::Tcp);
  EXPECT_EQ(ssh.family, Family::Inet4);
  EXPECT_EQ(ssh.state, TcpState::Listen);
  EXPECT_EQ(ssh.local, v4("0.0.0.0"));
  EXPECT_EQ(ssh.local_port, 22);
  EXPECT_EQ(ssh.inode, 21120u);

  const Endpoint& mysql = t->endpoints[1];
  EXPECT_EQ(mysql.local, v4("127.0.0.1"));
  EXPECT_EQ(mysql.local.to_string(), "127.0.0.1");
  EXPECT_EQ(mysql.local_port, 3306);
  EXPECT_EQ(mysql.uid, 999u);
  EXPECT_EQ(mysql.rqueue, 3u);  // listen backlog currently queued
  EXPECT_EQ(mysql.wqueue, 0u);

  const Endpoint& est = t->endpoints[2];
  EXPECT_EQ(est.state, TcpState::Established);
  EXPECT_EQ(est.local, v4("10.0.2.15"));
  EXPECT_EQ(est.remote, v4("10.0.2.2"));
  EXPECT_EQ(est.remote_port, 50000);
  EXPECT_EQ(est.wqueue, 0x24u);
  EXPECT_EQ(est.inode, 45678u);
  EXPECT_EQ(est.raw_protocol, 0u);
  EXPECT_FALSE(est.tcp.has_value());  // no tcp_info from /proc

  const Endpoint& tw = t->endpoints[3];
  EXPECT_EQ(tw.state, TcpState::TimeWait);
  EXPECT_EQ(tw.inode, 0u);
  EXPECT_EQ(tw.local_port, 0x9C40);
  EXPECT_EQ(tw.remote_port, 3306);
}

TEST(ProcNetTcp6, ParsesWordsIntoNetworkOrder) {
  auto t = parse_proc_net_inet(fixture("tcp6"), Proto::Tcp, Family::Inet6);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->bad_lines, 0u);
  ASSERT_EQ(t->endpoints.size(), 4u);

  const Endpoint* any = by_inode(*t, 50001);
  ASSERT_TRUE(any);
  EXPECT_EQ(any->family, Family::Inet6);
  EXPECT_TRUE(any->local.is_unspecified());
  EXPECT_EQ(any->local_port, 80);
  EXPECT_EQ(any->uid, 33u);

  const Endpoint* mapped = by_inode(*t, 50002);
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped->local, v6("::ffff:127.0.0.1"));
  EXPECT_TRUE(mapped->local.is_v4_mapped());
  EXPECT_EQ(mapped->local.to_string(), "::ffff:127.0.0.1");
  EXPECT_EQ(mapped->local_port, 8080);
  EXPECT_EQ(mapped->remote_port, 0xD431);

  const Endpoint* loop = by_inode(*t, 50003);
  ASSERT_TRUE(loop);
  EXPECT_EQ(loop->local, v6("::1"));
  EXPECT_EQ(loop->state, TcpState::CloseWait);
  EXPECT_EQ(loop->rqueue, 1u);

  const Endpoint* global = by_inode(*t, 50004);
  ASSERT_TRUE(global);
  EXPECT_EQ(global->local, v6("2001:db8::10"));
  EXPECT_EQ(global->remote, v6("fe80::1"));
  EXPECT_EQ(global->remote.to_string(), "fe80::1");
}

TEST(ProcNetUdp, ParsesV4AndV6) {
  auto t = parse_proc_net_inet(fixture("udp"), Proto::Udp, Family::Inet4);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->bad_lines, 0u);
  ASSERT_EQ(t->endpoints.size(), 3u);
  EXPECT_EQ(t->endpoints[0].local, v4("127.0.0.53"));
  EXPECT_EQ(t->endpoints[0].local_port, 53);
  EXPECT_EQ(t->endpoints[0].state, TcpState::Close);
  EXPECT_EQ(t->endpoints[0].proto, Proto::Udp);
  EXPECT_EQ(t->endpoints[1].local_port, 68);
  EXPECT_EQ(t->endpoints[2].state, TcpState::Established);
  EXPECT_EQ(t->endpoints[2].remote, v4("8.8.8.8"));
  EXPECT_EQ(t->endpoints[2].rqueue, 0x340u);
  EXPECT_EQ(t->endpoints[2].uid, 1000u);

  auto t6 = parse_proc_net_inet(fixture("udp6"), Proto::Udp, Family::Inet6);
  ASSERT_TRUE(t6) << t6.error().message;
  ASSERT_EQ(t6->endpoints.size(), 1u);
  EXPECT_EQ(t6->endpoints[0].local_port, 5353);
  EXPECT_EQ(t6->endpoints[0].inode, 18001u);
}

TEST(ProcNetRaw, PortFieldIsTheProtocol) {
  auto t = parse_proc_net_inet(fixture("raw"), Proto::Raw, Family::Inet4);
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->endpoints.size(), 2u);
  EXPECT_EQ(t->endpoints[0].proto, Proto::Raw);
  EXPECT_EQ(t->endpoints[0].raw_protocol, 1u);  // ICMP
  EXPECT_EQ(t->endpoints[0].local_port, 0);
  EXPECT_EQ(t->endpoints[0].remote_port, 0);
  EXPECT_EQ(t->endpoints[1].raw_protocol, 255u);
  EXPECT_EQ(t->endpoints[1].local, v4("127.0.0.1"));

  auto t6 = parse_proc_net_inet(fixture("raw6"), Proto::Raw, Family::Inet6);
  ASSERT_TRUE(t6) << t6.error().message;
  ASSERT_EQ(t6->endpoints.size(), 1u);
  EXPECT_EQ(t6->endpoints[0].raw_protocol, 58u);  // ICMPv6
  EXPECT_EQ(t6->endpoints[0].local_port, 0);
}

TEST(ProcNetInet, HeaderOnlyIsAnEmptyTable) {
  auto t = parse_proc_net_inet(kTcpHeader, Proto::Tcp, Family::Inet4);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->endpoints.empty());
  EXPECT_EQ(t->bad_lines, 0u);
}

TEST(ProcNetInet, RejectsMissingOrForeignHeader) {
  EXPECT_FALSE(parse_proc_net_inet("", Proto::Tcp, Family::Inet4));
  EXPECT_FALSE(parse_proc_net_inet("\n", Proto::Tcp, Family::Inet4));
  EXPECT_FALSE(parse_proc_net_inet(kUnixHeader, Proto::Tcp, Family::Inet4));
  // A data row where the header should be.
  EXPECT_FALSE(parse_proc_net_inet(
      "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21120 1 0 100 0 0 10 0\n",
      Proto::Tcp, Family::Inet4));
  // A header with a column the parser does not know.
  EXPECT_FALSE(parse_proc_net_inet(
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode extra\n",
      Proto::Tcp, Family::Inet4));
  EXPECT_FALSE(parse_proc_net_inet(fixture("unix"), Proto::Udp, Family::Inet4));
  EXPECT_FALSE(parse_proc_net_inet(kTcpHeader, Proto::Unix, Family::Unix));
}

TEST(ProcNetInet, SkipsAndCountsMalformedRows) {
  const std::string good =
      "   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0 100 0 0 10 0\n";
  const std::string text = std::string(kTcpHeader) +
      "   1: 0100007G:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n"  // bad hex
      "   2: 0100007F0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0\n"  // no colon
      "   3: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0\n"  // no inode
      "   4: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 123\n"  // cut in inode?
      "   5: 0100007F:0050 00000000:0000 00 00000000:00000000 00:00000000 00000000     0        0 5 1 0\n"  // state 0
      "   6: 0100007F:0050 00000000:0000 FF 00000000:00000000 00:00000000 00000000     0        0 6 1 0\n"  // state 255
      "   7: 0100007F:10050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0\n"  // port >16 bit
      "   8: 0100007F:0050 00000000:0000 0A 0000000000000000 00:00000000 00000000     0        0 8 1 0\n"  // queues
      "   9: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000    -1        0 9 1 0\n"  // uid
      "  10: 0000000000000000FFFF00000100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 10 1 0\n"
      "garbage\n"
      "\n" +
      good +
      "  11: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11 1";  // no '\n'
  auto t = parse_proc_net_inet(text, Proto::Tcp, Family::Inet4);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->endpoints.size(), 1u);
  EXPECT_EQ(t->endpoints[0].inode, 777u);
  EXPECT_EQ(t->bad_lines, 12u);
}

TEST(ProcNetInet, IPv4AddressInIPv6TableIsMalformed) {
  auto t = parse_proc_net_inet(fixture("tcp"), Proto::Tcp, Family::Inet6);
  ASSERT_TRUE(t);  // the header is shared, the rows do not fit
  EXPECT_TRUE(t->endpoints.empty());
  EXPECT_EQ(t->bad_lines, 4u);
}

TEST(ProcNetInet, EveryTruncationOfAFixtureIsSafe) {
  for (const char* name : {"tcp", "tcp6", "udp", "raw6"}) {
    const std::string full = fixture(name);
    const Family fam = std::string(name).find('6') != std::string::npos ? Family::Inet6 : Family::Inet4;
    const auto whole = parse_proc_net_inet(full, Proto::Tcp, fam);
    ASSERT_TRUE(whole);
    for (std::size_t n = 0; n <= full.size(); ++n) {
      auto t = parse_proc_net_inet(std::string_view(full).substr(0, n), Proto::Tcp, fam);
      if (!t) continue;  // cut inside the header
      EXPECT_LE(t->endpoints.size(), whole->endpoints.size());
      for (std::size_t i = 0; i < t->endpoints.size(); ++i) {
        // A cut row is either dropped or complete, never half-read.
        EXPECT_EQ(t->endpoints[i].inode, whole->endpoints[i].inode) << name << " cut at " << n;
        EXPECT_EQ(t->endpoints[i].local, whole->endpoints[i].local);
      }
    }
  }
}

TEST(ProcNetUnix, ParsesFixture) {
  auto t = parse_proc_net_unix(fixture("unix"));
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->bad_lines, 0u);
  ASSERT_EQ(t->endpoints.size(), 10u);
  const auto& e = t->endpoints;

  EXPECT_EQ(e[0].proto, Proto::Unix);
  EXPECT_EQ(e[0].family, Family::Unix);
  EXPECT_EQ(e[0].unix_type, UnixType::Stream);
  EXPECT_EQ(e[0].state, TcpState::Listen);
  EXPECT_EQ(e[0].inode, 20001u);
  EXPECT_EQ(e[0].unix_path, "/run/systemd/private");
  EXPECT_EQ(e[0].unix_peer, 0u);

  EXPECT_EQ(e[1].unix_type, UnixType::SeqPacket);
  EXPECT_EQ(e[1].state, TcpState::Listen);

  EXPECT_EQ(e[2].state, TcpState::Established);
  EXPECT_EQ(e[2].unix_path, "/run/dbus/system_bus_socket");

  EXPECT_EQ(e[3].state, TcpState::Established);  // unnamed connected socket, padded inode
  EXPECT_EQ(e[3].inode, 583u);
  EXPECT_EQ(e[3].unix_path, "");

  EXPECT_EQ(e[4].unix_type, UnixType::Dgram);
  EXPECT_EQ(e[4].state, TcpState::Close);

  EXPECT_EQ(e[5].unix_path, "@/tmp/.X11-unix/X0");  // abstract
  EXPECT_EQ(e[5].state, TcpState::Listen);

  EXPECT_EQ(e[6].unix_path, "/tmp/my app/dir with spaces.sock ");  // trailing space is part of the name

  // st 02 is an accepted connection nobody has accept()ed yet: unix_diag says ESTABLISHED.
  EXPECT_EQ(e[7].state, TcpState::Established);
  EXPECT_EQ(e[7].inode, 0u);

  EXPECT_EQ(e[8].unix_path, "@@sockscope@nul");
  EXPECT_EQ(e[8].unix_type, UnixType::Dgram);
  EXPECT_EQ(e[8].state, TcpState::Established);

  EXPECT_EQ(e[9].state, TcpState::Close);  // st 04, disconnecting
}

TEST(ProcNetUnix, RejectsForeignHeader) {
  EXPECT_FALSE(parse_proc_net_unix(""));
  EXPECT_FALSE(parse_proc_net_unix(kTcpHeader));
  EXPECT_FALSE(parse_proc_net_unix("Num RefCount Protocol Flags Type St Inode\n"));
  auto t = parse_proc_net_unix(kUnixHeader);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->endpoints.empty());
}

TEST(ProcNetUnix, SkipsAndCountsMalformedRows) {
  const std::string text = std::string(kUnixHeader) +
      "0000000000000000: 00000002 00000000 00010000 0003 01 1 /raw\n"     // SOCK_RAW is not a unix type
      "0000000000000000: 00000002 00000000 00010000 0001 09 2 /bad-st\n"  // unknown st
      "0000000000000000: 00000002 00000000 00010000 0001 01 x3 /x\n"      // inode not a number
      "0000000000000000 00000002 00000000 00010000 0001 01 4 /nocolon\n"
      "0000000000000000: 00000002 00000000 00010000 0001\n"  // cut
      "0000000000000000: 00000002 00000000 0001000Z 0001 01 6 /flags\n"
      "0000000000000000: 00000002 00000000 00000000 0001 01\t7 /tab-before-path\n"
      "0000000000000000: 00000002 00000000 00000000 0001 01 8\t/tab-after-inode\n"
      "0000000000000000: 00000002 00000000 00000000 0001 03 99 /ok\n"
      "0000000000000000: 00000002 00000000 00000000 0001 03 100 /no-newline";
  auto t = parse_proc_net_unix(text);
  ASSERT_TRUE(t);
  ASSERT_EQ(t->endpoints.size(), 2u);
  EXPECT_EQ(t->endpoints[0].inode, 7u);  // tabs are separators before the path
  EXPECT_EQ(t->endpoints[0].unix_path, "/tab-before-path");
  EXPECT_EQ(t->endpoints[1].inode, 99u);
  EXPECT_EQ(t->bad_lines, 8u);
}

TEST(ProcNetUnix, EveryTruncationIsSafe) {
  const std::string full = fixture("unix");
  for (std::size_t n = 0; n <= full.size(); ++n) {
    auto t = parse_proc_net_unix(std::string_view(full).substr(0, n));
    if (!t) continue;
    for (const auto& e : t->endpoints) EXPECT_TRUE(e.unix_type != UnixType::None);
  }
}

}  // namespace
}  // namespace sockscope
