// `sockscope close` selection: address/port/state patterns, IPv4-mapped addresses, wildcards, ranges, processes.
#include "logic/close_match.hpp"

#include <arpa/inet.h>

#include <gtest/gtest.h>

namespace sockscope {
namespace {

IpAddress ip(const char* text) {
  auto parsed = parse_address_pattern(text);
  EXPECT_TRUE(parsed.has_value()) << text;
  EXPECT_TRUE(parsed && parsed->has_value()) << text;
  return parsed && *parsed ? **parsed : IpAddress{};
}

Endpoint tcp(const char* local, std::uint16_t lport, const char* remote, std::uint16_t rport,
             TcpState state = TcpState::Established) {
  Endpoint e;
  e.proto = Proto::Tcp;
  e.local = ip(local);
  e.remote = ip(remote);
  e.family = e.local.family;
  e.local_port = lport;
  e.remote_port = rport;
  e.state = state;
  return e;
}

TEST(ClosePort, SingleRangeAndWildcard) {
  EXPECT_EQ(parse_port_pattern("8080").value(), (PortRange{8080, 8080}));
  EXPECT_EQ(parse_port_pattern("0").value(), (PortRange{0, 0}));
  EXPECT_EQ(parse_port_pattern("65535").value(), (PortRange{65535, 65535}));
  EXPECT_EQ(parse_port_pattern("8000-8100").value(), (PortRange{8000, 8100}));
  EXPECT_EQ(parse_port_pattern("22-22").value(), (PortRange{22, 22}));
  EXPECT_FALSE(parse_port_pattern("*").value().has_value());
  PortRange r{8000, 8100};
  EXPECT_TRUE(r.contains(8000));
  EXPECT_TRUE(r.contains(8100));
  EXPECT_FALSE(r.contains(7999));
  EXPECT_FALSE(r.contains(8101));
}

TEST(ClosePort, RejectsMalformed) {
  for (const char* bad : {"", "65536", "99999", "123456", "-1", "+80", "80-", "-80", "8100-8000", "a", "80a",
                          " 80", "80 ", "1-2-3", "*-80", "0x50"}) {
    auto r = parse_port_pattern(bad);
    EXPECT_FALSE(r.has_value()) << "'" << bad << "'";
    if (!r) {
      EXPECT_NE(r.error().message.find("port"), std::string::npos) << r.error().message;
    }
  }
}

TEST(CloseAddress, ParsesNumericFormsOnly) {
  auto v4 = parse_address_pattern("192.0.2.7").value();
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->family, Family::Inet4);
  EXPECT_EQ(v4->to_string(), "192.0.2.7");
  auto v6 = parse_address_pattern("[2001:db8::1]").value();
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->family, Family::Inet6);
  EXPECT_EQ(v6->to_string(), "2001:db8::1");
  EXPECT_FALSE(parse_address_pattern("*").value().has_value());
  for (const char* bad : {"", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "[::1", "::1]", "1.2.3.4%2",
                          "fe80::1%", "::g", "[*]"}) {
    EXPECT_FALSE(parse_address_pattern(bad).has_value()) << bad;
  }
  EXPECT_NE(parse_address_pattern("localhost").error().message.find("'localhost'"), std::string::npos);
}

TEST(CloseAddress, Scopes) {
  auto numeric = parse_address_pattern("fe80::1%3").value();
  ASSERT_TRUE(numeric);
  EXPECT_EQ(numeric->scope_id, 3u);
  EXPECT_FALSE(parse_address_pattern("fe80::1%eth0").has_value()) << "names need a lookup";
  ScopeLookup lookup = [](std::string_view name) -> std::optional<std::uint32_t> {
    if (name == "eth0") return 7;
    return std::nullopt;
  };
  auto named = parse_address_pattern("fe80::1%eth0", lookup).value();
  ASSERT_TRUE(named);
  EXPECT_EQ(named->scope_id, 7u);
  auto unknown = parse_address_pattern("fe80::1%wlan9", lookup);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("wlan9"), std::string::npos);

  // A scoped pattern matches only that interface; an unscoped one matches every scope.
  IpAddress on3 = ip("fe80::1%3"), on4 = ip("fe80::1%4"), any = ip("fe80::1");
  EXPECT_TRUE(address_matches(on3, on3));
  EXPECT_FALSE(address_matches(on3, on4));
  EXPECT_TRUE(address_matches(any, on4));
}

TEST(CloseSide, AddressPortForms) {
  auto a = parse_side_pattern("127.0.0.1:8080").value();
  ASSERT_TRUE(a.address && a.port);
  EXPECT_EQ(a.address->to_string(), "127.0.0.1");
  EXPECT_EQ(*a.port, (PortRange{8080, 8080}));

  auto b = parse_side_pattern("[::1]:443").value();
  ASSERT_TRUE(b.address && b.port);
  EXPECT_EQ(b.address->family, Family::Inet6);
  EXPECT_EQ(*b.port, (PortRange{443, 443}));

  auto c = parse_side_pattern("[::1]").value();
  EXPECT_TRUE(c.address);
  EXPECT_FALSE(c.port);

  // Two or more colons without brackets: all address, never a port.
  auto d = parse_side_pattern("::1:80").value();
  ASSERT_TRUE(d.address);
  EXPECT_EQ(d.address->family, Family::Inet6);
  EXPECT_EQ(d.address->bytes[13], 1);
  EXPECT_EQ(d.address->bytes[15], 0x80);
  EXPECT_FALSE(d.port);

  auto e = parse_side_pattern("*:8000-8100").value();
  EXPECT_FALSE(e.address);
  EXPECT_EQ(*e.port, (PortRange{8000, 8100}));
  auto f = parse_side_pattern(":22").value();
  EXPECT_FALSE(f.address);
  EXPECT_EQ(*f.port, (PortRange{22, 22}));
  auto g = parse_side_pattern("*").value();
  EXPECT_FALSE(g.address || g.port);
  auto h = parse_side_pattern("10.0.0.1").value();
  EXPECT_TRUE(h.address);
  EXPECT_FALSE(h.port);
  auto i = parse_side_pattern("10.0.0.1:*").value();
  EXPECT_TRUE(i.address);
  EXPECT_FALSE(i.port);
  auto j = parse_side_pattern("[fe80::1%5]:22").value();
  ASSERT_TRUE(j.address);
  EXPECT_EQ(j.address->scope_id, 5u);
}

TEST(CloseSide, RejectsMalformed) {
  for (const char* bad : {"", "127.0.0.1:", "[::1]:", "[::1]80", "[::1", "[*]:80", "host:80", "1.2.3.4:port",
                          "1.2.3.4:70000", "[::1]:1-", ":", "[]:80", "[]"}) {
    EXPECT_FALSE(parse_side_pattern(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(CloseAddress, V4MappedMatchesItsIpv4FormBothWays) {
  const IpAddress v4 = ip("127.0.0.1");
  const IpAddress mapped = ip("::ffff:127.0.0.1");
  ASSERT_EQ(mapped.family, Family::Inet6);
  EXPECT_TRUE(address_matches(v4, mapped));
  EXPECT_TRUE(address_matches(mapped, v4));
  EXPECT_TRUE(address_matches(mapped, mapped));
  EXPECT_FALSE(address_matches(ip("127.0.0.2"), mapped));
  EXPECT_FALSE(address_matches(ip("::ffff:127.0.0.2"), v4));
  // Only the mapped form is the same address: IPv4-compatible (::a.b.c.d) and other IPv6 are not.
  EXPECT_FALSE(address_matches(v4, ip("::127.0.0.1")));
  EXPECT_FALSE(address_matches(v4, ip("64:ff9b::127.0.0.1")));
  EXPECT_FALSE(address_matches(ip("::1"), v4));
  EXPECT_FALSE(address_matches(ip("0.0.0.0"), ip("::")));
}

TEST(CloseAddress, ExactNotPrefix) {
  EXPECT_TRUE(address_matches(ip("10.1.2.3"), ip("10.1.2.3")));
  EXPECT_FALSE(address_matches(ip("10.1.2.3"), ip("10.1.2.30")));
  EXPECT_FALSE(address_matches(ip("2001:db8::1"), ip("2001:db8::10")));
  // An IPv4 address's unused bytes do not take part.
  IpAddress dirty = ip("10.1.2.3");
  dirty.bytes[8] = 0x55;
  EXPECT_TRUE(address_matches(ip("10.1.2.3"), dirty));
}

TEST(CloseState, ConnectionStatesAndListen) {
  EXPECT_EQ(parse_close_state("established").value(), state_bit(TcpState::Established));
  EXPECT_EQ(parse_close_state("ESTAB").value(), state_bit(TcpState::Established));
  EXPECT_EQ(parse_close_state("close-wait").value(), state_bit(TcpState::CloseWait));
  EXPECT_EQ(parse_close_state("listen").value(), state_bit(TcpState::Listen));
  EXPECT_EQ(parse_close_state("syn_recv").value(),
            state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv));
  for (const char* s : {"fin_wait1", "fin_wait2", "last_ack", "closing", "syn_sent"}) {
    auto bits = parse_close_state(s);
    ASSERT_TRUE(bits) << s;
    EXPECT_EQ(*bits & kConnectionStates, *bits) << s;
  }
  auto tw = parse_close_state("time_wait");
  ASSERT_FALSE(tw);
  EXPECT_NE(tw.error().message.find("TIME_WAIT"), std::string::npos);
  EXPECT_FALSE(parse_close_state("close"));
  EXPECT_FALSE(parse_close_state("bound"));
  EXPECT_FALSE(parse_close_state("unconn"));
  auto bogus = parse_close_state("dancing");
  ASSERT_FALSE(bogus);
  EXPECT_NE(bogus.error().message.find("'dancing'"), std::string::npos);
  EXPECT_FALSE(kConnectionStates & state_bit(TcpState::Listen));
  EXPECT_FALSE(kConnectionStates & state_bit(TcpState::TimeWait));
}

TEST(CloseCriteria, WildcardsMatchEveryConnectionButNotListenersOrTimeWait) {
  Snapshot snap;
  CloseCriteria any;
  EXPECT_TRUE(any.matches(tcp("127.0.0.1", 8080, "127.0.0.1", 43122), snap));
  EXPECT_TRUE(any.matches(tcp("::1", 8080, "::1", 43122, TcpState::CloseWait), snap));
  EXPECT_TRUE(any.matches(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpState::NewSynRecv), snap));
  EXPECT_TRUE(any.matches(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpState::SynSent), snap));
  EXPECT_FALSE(any.matches(tcp("0.0.0.0", 8080, "0.0.0.0", 0, TcpState::Listen), snap));
  EXPECT_FALSE(any.matches(tcp("10.0.0.1", 1, "10.0.0.2", 2, TcpState::TimeWait), snap));
  EXPECT_FALSE(any.matches(tcp("10.0.0.1", 1, "0.0.0.0", 0, TcpState::Close), snap));
  EXPECT_FALSE(any.matches(tcp("10.0.0.1", 1, "0.0.0.0", 0, TcpState::BoundInactive), snap));
  Endpoint udp = tcp("127.0.0.1", 53, "127.0.0.1", 5353);
  udp.proto = Proto::Udp;
  EXPECT_FALSE(any.matches(udp, snap)) << "only TCP";

  CloseCriteria listeners;
  listeners.states = parse_close_state("listen").value();
  EXPECT_TRUE(listeners.matches(tcp("0.0.0.0", 8080, "0.0.0.0", 0, TcpState::Listen), snap));
  EXPECT_FALSE(listeners.matches(tcp("127.0.0.1", 8080, "127.0.0.1", 43122), snap));
}

TEST(CloseCriteria, EachSideAndPort) {
  Snapshot snap;
  const Endpoint server = tcp("127.0.0.1", 8080, "127.0.0.1", 43122);
  const Endpoint client = tcp("127.0.0.1", 43122, "127.0.0.1", 8080);
  CloseCriteria c;
  c.local = parse_side_pattern("127.0.0.1:8080").value();
  EXPECT_TRUE(c.matches(server, snap));
  EXPECT_FALSE(c.matches(client, snap));
  c = {};
  c.remote.port = PortRange{8080, 8080};
  EXPECT_FALSE(c.matches(server, snap));
  EXPECT_TRUE(c.matches(client, snap));
  c = {};
  c.local.port = PortRange{40000, 50000};
  EXPECT_FALSE(c.matches(server, snap));
  EXPECT_TRUE(c.matches(client, snap));
  c = {};
  c.remote.address = ip("10.9.9.9");
  EXPECT_FALSE(c.matches(server, snap));
  EXPECT_FALSE(c.matches(client, snap));
}

TEST(CloseCriteria, MappedSocketMatchesIpv4Pattern) {
  Snapshot snap;
  Endpoint dual = tcp("::ffff:127.0.0.1", 8080, "::ffff:127.0.0.1", 50000);
  ASSERT_EQ(dual.family, Family::Inet6);
  CloseCriteria c;
  c.local = parse_side_pattern("127.0.0.1:8080").value();
  EXPECT_TRUE(c.matches(dual, snap));
  c.tcp6 = false;  // -p tcp4 names the socket's family, and this socket is IPv6
  EXPECT_FALSE(c.matches(dual, snap));
}

TEST(CloseCriteria, FamilySelection) {
  Snapshot snap;
  CloseCriteria v4only;
  v4only.tcp6 = false;
  EXPECT_TRUE(v4only.matches(tcp("127.0.0.1", 1, "127.0.0.1", 2), snap));
  EXPECT_FALSE(v4only.matches(tcp("::1", 1, "::1", 2), snap));
  CloseCriteria v6only;
  v6only.tcp4 = false;
  EXPECT_FALSE(v6only.matches(tcp("127.0.0.1", 1, "127.0.0.1", 2), snap));
  EXPECT_TRUE(v6only.matches(tcp("::1", 1, "::1", 2), snap));
}

TEST(CloseCriteria, ProcessByNameOrPidAnyOwner) {
  Snapshot snap;
  Process nginx, curl;
  nginx.pid = 100;
  nginx.name = "nginx";
  curl.pid = 200;
  curl.name = "curl";
  snap.processes = {nginx, curl};
  Endpoint shared = tcp("127.0.0.1", 80, "127.0.0.1", 5000);
  shared.owners = {Owner{0, 3}, Owner{1, 4}};
  Endpoint orphan = tcp("127.0.0.1", 80, "127.0.0.1", 5001, TcpState::FinWait2);
  Endpoint bad_index = tcp("127.0.0.1", 80, "127.0.0.1", 5002);
  bad_index.owners = {Owner{9, 3}};
  snap.endpoints = {shared, orphan, bad_index};

  CloseCriteria c;
  c.process = ProcessSelector::parse("CURL");
  EXPECT_EQ(select_to_close(snap, c), (std::vector<std::size_t>{0}));
  c.process = ProcessSelector::parse("100");
  EXPECT_EQ(select_to_close(snap, c), (std::vector<std::size_t>{0}));
  c.process = ProcessSelector::parse("300");
  EXPECT_TRUE(select_to_close(snap, c).empty());
  c.process.reset();
  EXPECT_EQ(select_to_close(snap, c), (std::vector<std::size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace sockscope
