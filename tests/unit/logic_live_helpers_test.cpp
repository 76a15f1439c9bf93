// Live-view helpers: transfer rates, the quick filter, selection tracking.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include "logic/quick_filter.hpp"
#include "logic/rates.hpp"
#include "logic/selection.hpp"

namespace sockscope {
namespace {

using namespace std::chrono_literals;

Endpoint with_counters(std::uint64_t sent, std::uint64_t received) {
  Endpoint e;
  e.tcp = TcpCounters{};
  e.tcp->bytes_sent = sent;
  e.tcp->bytes_received = received;
  return e;
}

TEST(Rates, BytesPerSecond) {
  Rates r = tcp_rates(with_counters(0, 100), with_counters(500, 1100), 500ms);
  ASSERT_TRUE(r.send && r.receive);
  EXPECT_DOUBLE_EQ(*r.send, 1000.0);
  EXPECT_DOUBLE_EQ(*r.receive, 2000.0);
}

TEST(Rates, AbsentWithoutCountersTimeOrMonotonicity) {
  EXPECT_EQ(tcp_rates(Endpoint{}, with_counters(1, 1), 1s), Rates{});
  EXPECT_EQ(tcp_rates(with_counters(1, 1), Endpoint{}, 1s), Rates{});
  EXPECT_EQ(tcp_rates(with_counters(1, 1), with_counters(2, 2), 0s), Rates{});
  EXPECT_EQ(tcp_rates(with_counters(1, 1), with_counters(2, 2), -1s), Rates{});
  Rates back = tcp_rates(with_counters(10, 10), with_counters(5, 20), 1s);
  EXPECT_FALSE(back.send);
  ASSERT_TRUE(back.receive);
  EXPECT_DOUBLE_EQ(*back.receive, 10.0);
}

Snapshot one_endpoint() {
  Snapshot s;
  Process p;
  p.pid = 4321;
  p.name = "NginX";
  p.exe = "/usr/sbin/nginx";
  s.processes.push_back(p);
  Endpoint e;
  e.proto = Proto::Tcp;
  in_addr a{};
  inet_pton(AF_INET, "192.168.1.20", &a);
  e.local = IpAddress::v4(a.s_addr);
  e.local_port = 8443;
  e.remote_port = 0;
  e.state = TcpState::Listen;
  e.owners.push_back(Owner{0, 3});
  s.endpoints.push_back(e);
  return s;
}

TEST(QuickFilter, MatchesProcessAddressPortStateCaseInsensitively) {
  Snapshot s = one_endpoint();
  const Endpoint& e = s.endpoints[0];
  for (const char* yes : {"nginx", "NGINX", "sbin/ng", "4321", "192.168.1", "8443", "listen", "tcp", "", "  443 "}) {
    EXPECT_TRUE(QuickFilter(yes).matches(e, s)) << yes;
  }
  for (const char* no : {"apache", "10.0.0", "established", "udp", "9999"}) {
    EXPECT_FALSE(QuickFilter(no).matches(e, s)) << no;
  }
  EXPECT_TRUE(QuickFilter("example.org").matches(e, s, "www.Example.org"));
}

TEST(QuickFilter, UnixSocketsMatchByPath) {
  Snapshot s;
  Endpoint e;
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.unix_path = "/run/dbus/system_bus_socket";
  s.endpoints.push_back(e);
  EXPECT_TRUE(QuickFilter("dbus").matches(s.endpoints[0], s));
  EXPECT_TRUE(QuickFilter("unix").matches(s.endpoints[0], s));
  EXPECT_FALSE(QuickFilter("0.0.0.0").matches(s.endpoints[0], s));
}

TEST(Selection, FollowsTheIdThenFallsBackToThePosition) {
  std::vector<std::uint64_t> ids{5, 9, 2, 7};
  EXPECT_EQ(track_selection(ids, 2, 0), 2u);
  EXPECT_EQ(track_selection(ids, 42, 1), 1u);   // gone: stay at the position
  EXPECT_EQ(track_selection(ids, 42, 10), 3u);  // clamped
  EXPECT_EQ(track_selection(ids, std::nullopt, 2), 2u);
  EXPECT_EQ(track_selection({}, 5, 0), std::nullopt);
}

}  // namespace
}  // namespace sockscope
