// Query pushdown: bytecode layout, kernel audit rules, and agreement with the evaluator.
#include "logic/query_bytecode.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/inet_diag.h>

#include <random>

#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"
#include "query_gen.hpp"

namespace sockscope {
namespace {

Pushdown plan(std::string_view text) {
  auto q = parse_query(text);
  EXPECT_TRUE(q) << text << ": " << q.error().format();
  return q ? plan_pushdown(*q) : Pushdown{};
}

TEST(QueryBytecode, PortEqualityIsAnSsHostCondition) {
  const Pushdown p = plan("dport = :22");
  // D_COND, yes = its length, no = 4 past the end; hostcond AF_UNSPEC, prefix 0, port 22.
  ASSERT_EQ(p.bytecode.size(), 12u);
  EXPECT_EQ(p.bytecode[0], INET_DIAG_BC_D_COND);
  EXPECT_EQ(p.bytecode[1], 12);
  EXPECT_EQ(p.bytecode[2] | (p.bytecode[3] << 8), 16);
  inet_diag_hostcond h;
  std::memcpy(&h, p.bytecode.data() + 4, sizeof h);
  EXPECT_EQ(h.family, AF_UNSPEC);
  EXPECT_EQ(h.prefix_len, 0);
  EXPECT_EQ(h.port, 22);
  EXPECT_FALSE(p.recheck);
  EXPECT_EQ(p.states, kQueryAllStates);
  EXPECT_TRUE(audit_bytecode(p.bytecode));
}

TEST(QueryBytecode, OrderingsUseGeLeAsSs) {
  const Pushdown ge = plan("sport >= :1024");
  ASSERT_EQ(ge.bytecode.size(), 8u);
  EXPECT_EQ(ge.bytecode[0], INET_DIAG_BC_S_GE);
  EXPECT_EQ(ge.bytecode[6] | (ge.bytecode[7] << 8), 1024);
  const Pushdown gt = plan("sport > :1024");  // not (sport <= 1024): S_LE then a jump
  ASSERT_EQ(gt.bytecode.size(), 12u);
  EXPECT_EQ(gt.bytecode[0], INET_DIAG_BC_S_LE);
  EXPECT_EQ(gt.bytecode[8], INET_DIAG_BC_JMP);
}

TEST(QueryBytecode, StatesAndProtocolsComeFromTopLevelConjuncts) {
  Pushdown p = plan("state established ( dport = :22 or sport = :22 )");
  EXPECT_EQ(p.states, state_bit(TcpState::Established));
  EXPECT_FALSE(p.recheck);
  EXPECT_FALSE(p.bytecode.empty());
  p = plan("exclude listening proto = tcp");
  EXPECT_EQ(p.states, kQueryAllStates & ~state_bit(TcpState::Listen));
  EXPECT_TRUE(p.wants(Proto::Tcp));
  EXPECT_FALSE(p.wants(Proto::Udp));
  EXPECT_FALSE(p.wants(Proto::Unix));
  EXPECT_TRUE(p.bytecode.empty());
  EXPECT_FALSE(p.recheck);
  p = plan("dport = :22 or state listening");  // a state under an `or`: nothing narrows, recheck
  EXPECT_EQ(p.states, kQueryAllStates);
  EXPECT_TRUE(p.bytecode.empty());
  EXPECT_TRUE(p.recheck);
  p = plan("( state listening and sport = :1 ) or ( state established and sport = :2 )");
  EXPECT_EQ(p.states, state_bit(TcpState::Listen) | state_bit(TcpState::Established));
  EXPECT_TRUE(p.recheck);
  EXPECT_FALSE(p.bytecode.empty());
}

TEST(QueryBytecode, NonKernelFieldsAreLeftToTheRecheck) {
  Pushdown p = plan("dport = :443 and process ~ ^nginx");
  EXPECT_FALSE(p.bytecode.empty());  // the port still narrows the dump
  EXPECT_TRUE(p.recheck);
  p = plan("dport = :443 or process = nginx");
  EXPECT_TRUE(p.bytecode.empty());
  EXPECT_TRUE(p.recheck);
  p = plan("not ( dport = :443 and pid = 1 )");
  EXPECT_TRUE(p.bytecode.empty());
  EXPECT_TRUE(p.recheck);
  p = plan("family = inet");
  EXPECT_FALSE(p.bytecode.empty());
  EXPECT_TRUE(p.recheck);  // IPv4-mapped IPv6 sockets pass the kernel's IPv4 condition
  p = plan("family = inet6 dev 2");
  EXPECT_FALSE(p.recheck);
}

TEST(QueryBytecode, AuditRefusesWhatTheKernelRefuses) {
  EXPECT_TRUE(audit_bytecode({}));
  std::vector<std::uint8_t> bad = plan("sport >= :1").bytecode;
  bad[2] = 9;  // a jump off an op boundary
  EXPECT_FALSE(audit_bytecode(bad));
  bad = plan("dst 10.0.0.0/8").bytecode;
  bad[5] = 40;  // an IPv4 prefix longer than 32
  EXPECT_FALSE(audit_bytecode(bad));
  bad.pop_back();
  EXPECT_FALSE(audit_bytecode(bad));
}

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return IpAddress::v4(htonl((std::uint32_t{a} << 24) | (b << 16) | (c << 8) | d));
}

IpAddress v6(std::uint16_t first, std::uint8_t last, bool mapped_v4 = false) {
  std::uint8_t b[16] = {};
  if (mapped_v4) {
    b[10] = b[11] = 0xff;
    b[12] = 10;
    b[15] = last;
  } else {
    b[0] = static_cast<std::uint8_t>(first >> 8);
    b[1] = static_cast<std::uint8_t>(first);
    b[15] = last;
  }
  return IpAddress::v6(b);
}

// Whatever the query keeps, the pushdown keeps; when it claims no recheck, it keeps nothing else.
TEST(QueryBytecode, NeverDropsARowTheQueryKeeps) {
  std::mt19937 rng(14);
  std::vector<Endpoint> eps;
  const int ports[] = {0, 1, 22, 80, 443, 1024, 5000, 40000, 65535};
  for (int i = 0; i < 400; ++i) {
    Endpoint e;
    e.proto = rng() % 2 ? Proto::Tcp : Proto::Udp;
    const int kind = static_cast<int>(rng() % 3);
    const auto last = static_cast<std::uint8_t>(rng() % 3);
    if (kind == 0) {
      e.family = Family::Inet4;
      e.local = v4(10, 0, 0, last);
      e.remote = v4(rng() % 2 ? 10 : 127, 0, 0, static_cast<std::uint8_t>(rng() % 3));
    } else {
      e.family = Family::Inet6;
      e.local = v6(0xfd00, last, kind == 2);
      e.remote = v6(rng() % 2 ? 0xfd00 : 0, static_cast<std::uint8_t>(rng() % 3), kind == 2);
    }
    e.local_port = static_cast<std::uint16_t>(ports[rng() % 9]);
    e.remote_port = static_cast<std::uint16_t>(ports[rng() % 9]);
    e.state = static_cast<TcpState>(1 + rng() % 11);
    e.ifindex = rng() % 3;
    eps.push_back(e);
  }
  testing::QueryGen gen(7, {"10.0.0.1", "10.0.0.0/8", "127.0.0.0/8", "[fd00::1]", "fd00::/16", "*", "::/0",
                            "[::ffff:10.0.0.1]", "0.0.0.0/0", "inet:*", "inet6:*"},
                        {0, 1, 22, 80, 443, 1024, 5000, 40000, 65535});
  int exact = 0;
  for (int i = 0; i < 500; ++i) {
    std::string text = gen.expression();
    if (i % 5 == 0) text += " dev 1";
    if (i % 7 == 0) text += " and proto = udp";
    if (i % 11 == 0) text += " or bytes_sent > 5";
    if (i % 13 == 0) text = "( " + text + " ) and family != inet";
    auto q = parse_query(text);
    ASSERT_TRUE(q) << text << ": " << q.error().format();
    const Pushdown p = plan_pushdown(*q);
    ASSERT_TRUE(audit_bytecode(p.bytecode)) << text;
    exact += !p.recheck;
    for (const Endpoint& e : eps) {
      const bool keep = evaluate(*q, e, EndpointFields{});
      const bool pushed = (p.states & state_bit(e.state)) && p.wants(e.proto) && run_bytecode(p.bytecode, e);
      if (keep) {
        ASSERT_TRUE(pushed) << text << " dropped " << e.local.to_string() << ":" << e.local_port;
      }
      if (!p.recheck) {
        ASSERT_EQ(keep, pushed) << text << " kept " << e.local.to_string() << ":" << e.local_port;
      }
    }
  }
  EXPECT_GT(exact, 250);  // most of ss's subset is pushed exactly
}

}  // namespace
}  // namespace sockscope
