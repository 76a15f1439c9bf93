// The live table's diff: identity, highlight lifetimes, tombstones, TIME_WAIT twins, quiet protocols.
#include "logic/endpoint_diff.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <memory>

namespace sockscope {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::system_clock::time_point;
const Time kT0 = Time{} + 1'700'000'000s;

IpAddress ip4(const char* s) {
  in_addr a{};
  inet_pton(AF_INET, s, &a);
  return IpAddress::v4(a.s_addr);
}

Endpoint tcp(std::uint16_t lport, std::uint16_t rport, TcpState st, std::uint64_t cookie = 0,
             std::uint64_t inode = 0) {
  Endpoint e;
  e.proto = Proto::Tcp;
  e.local = ip4("10.0.0.1");
  e.remote = ip4(rport ? "10.0.0.2" : "0.0.0.0");
  e.local_port = lport;
  e.remote_port = rport;
  e.state = st;
  e.cookie = cookie;
  e.inode = inode;
  return e;
}

SnapshotPtr snap(Time at, std::vector<Endpoint> eps) {
  auto s = std::make_shared<Snapshot>();
  s->taken_at = at;
  s->endpoints = std::move(eps);
  return s;
}

const LiveRow* find_port(const LiveTable& t, std::uint16_t lport, RowStatus status) {
  for (const auto& r : t.rows) {
    if (r.endpoint().local_port == lport && r.status == status) return &r;
  }
  return nullptr;
}

const LiveRow* find_port(const LiveTable& t, std::uint16_t lport) {
  for (const auto& r : t.rows) {
    if (r.endpoint().local_port == lport) return &r;
  }
  return nullptr;
}

TEST(EndpointKey, CookieWinsOverAddresses) {
  Endpoint a = tcp(1, 2, TcpState::Established, 77);
  Endpoint b = tcp(3, 4, TcpState::Listen, 77);
  EXPECT_EQ(endpoint_key(a), endpoint_key(b));
  EXPECT_EQ(EndpointKeyHash{}(endpoint_key(a)), EndpointKeyHash{}(endpoint_key(b)));
  Endpoint c = tcp(1, 2, TcpState::Established, 0, 5);
  Endpoint d = tcp(1, 2, TcpState::Established, 0, 6);
  EXPECT_NE(endpoint_key(c), endpoint_key(d));  // same addresses, other inode
  Endpoint u = c;
  u.proto = Proto::Udp;
  EXPECT_NE(endpoint_key(c), endpoint_key(u));
}

TEST(EndpointDiff, FirstSnapshotIsAllAliveAndSeenBefore) {
  LiveTable t = advance({}, snap(kT0, {tcp(80, 0, TcpState::Listen, 1), tcp(5000, 80, TcpState::Established, 2)}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.refresh, 1u);
  EXPECT_EQ(t.started, kT0);
  for (const auto& r : t.rows) {
    EXPECT_EQ(r.status, RowStatus::Alive);
    EXPECT_TRUE(r.existed_before);
    EXPECT_EQ(r.first_seen, kT0);
  }
  EXPECT_NE(t.rows[0].id, t.rows[1].id);
}

TEST(EndpointDiff, NewRowIsGreenForThreeRefreshes) {
  LiveTable t = advance({}, snap(kT0, {tcp(80, 0, TcpState::Listen, 1)}), {});
  t = advance(t, snap(kT0 + 1s, {tcp(80, 0, TcpState::Listen, 1), tcp(5000, 80, TcpState::Established, 2)}), {});
  const LiveRow* row = find_port(t, 5000);
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->status, RowStatus::New);
  EXPECT_FALSE(row->existed_before);
  EXPECT_EQ(row->first_seen, kT0 + 1s);
  const auto id = row->id;
  std::vector<RowStatus> shown;
  for (int i = 0; i < 4; ++i) {
    shown.push_back(shown_status(*find_port(t, 5000), t.refresh, 3));
    EXPECT_EQ(find_port(t, 5000)->id, id);
    EXPECT_EQ(find_port(t, 5000)->first_seen, kT0 + 1s);
    t = advance(t, snap(kT0 + 2s + std::chrono::seconds(i), {tcp(80, 0, TcpState::Listen, 1), tcp(5000, 80, TcpState::Established, 2)}), {});
  }
  EXPECT_EQ(shown, (std::vector<RowStatus>{RowStatus::New, RowStatus::New, RowStatus::New, RowStatus::Alive}));
}

TEST(EndpointDiff, ClosedRowIsATombstoneForThreeRefreshesThenGone) {
  LiveTable t = advance({}, snap(kT0, {tcp(80, 0, TcpState::Listen, 1), tcp(5000, 80, TcpState::Established, 2)}), {});
  std::vector<bool> present;
  for (int i = 1; i <= 4; ++i) {
    t = advance(t, snap(kT0 + std::chrono::seconds(i), {tcp(80, 0, TcpState::Listen, 1)}), {});
    const LiveRow* r = find_port(t, 5000);
    present.push_back(r != nullptr);
    if (r) {
      EXPECT_EQ(shown_status(*r, t.refresh, 3), RowStatus::Closed);
    }
  }
  EXPECT_EQ(present, (std::vector<bool>{true, true, true, false}));
  EXPECT_EQ(t.rows.size(), 1u);
}

TEST(EndpointDiff, HighlightLengthIsConfigurable) {
  DiffOptions o;
  o.highlight_refreshes = 1;
  LiveTable t = advance({}, snap(kT0, {tcp(5000, 80, TcpState::Established, 2)}), o);
  t = advance(t, snap(kT0 + 1s, {}), o);
  ASSERT_NE(find_port(t, 5000), nullptr);
  t = advance(t, snap(kT0 + 2s, {}), o);
  EXPECT_EQ(find_port(t, 5000), nullptr);
}

TEST(EndpointDiff, StateChangeIsYellowThenFades) {
  LiveTable t = advance({}, snap(kT0, {tcp(5000, 80, TcpState::SynSent, 2)}), {});
  t = advance(t, snap(kT0 + 1s, {tcp(5000, 80, TcpState::Established, 2)}), {});
  EXPECT_EQ(t.rows[0].status, RowStatus::StateChanged);
  EXPECT_EQ(shown_status(t.rows[0], t.refresh, 3), RowStatus::StateChanged);
  EXPECT_TRUE(t.rows[0].existed_before);  // history is kept
  t = advance(t, snap(kT0 + 2s, {tcp(5000, 80, TcpState::Established, 2)}), {});
  t = advance(t, snap(kT0 + 3s, {tcp(5000, 80, TcpState::Established, 2)}), {});
  EXPECT_EQ(shown_status(t.rows[0], t.refresh, 3), RowStatus::StateChanged);
  t = advance(t, snap(kT0 + 4s, {tcp(5000, 80, TcpState::Established, 2)}), {});
  EXPECT_EQ(shown_status(t.rows[0], t.refresh, 3), RowStatus::Alive);
}

TEST(EndpointDiff, TimeWaitTwinWithNewCookieIsAStateChangeNotCloseAndNew) {
  LiveTable t = advance({}, snap(kT0, {tcp(5000, 80, TcpState::Established, 2, 99)}), {});
  const auto id = t.rows[0].id;
  t = advance(t, snap(kT0 + 1s, {tcp(5000, 80, TcpState::TimeWait, 3, 0)}), {});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].id, id);
  EXPECT_EQ(t.rows[0].status, RowStatus::StateChanged);
  // The new key is what matches from now on.
  t = advance(t, snap(kT0 + 2s, {tcp(5000, 80, TcpState::TimeWait, 3, 0)}), {});
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0].id, id);
}

TEST(EndpointDiff, WithoutCookiesInodeAndAddressesIdentify) {
  LiveTable t = advance({}, snap(kT0, {tcp(5000, 80, TcpState::Established, 0, 10)}), {});
  // Same addresses, another inode: the old socket closed and a new one opened. UDP gets no
  // tuple matching, TCP does (it must, for TIME_WAIT), so use UDP to see the split.
  Endpoint u1 = tcp(53, 0, TcpState::Close, 0, 11);
  u1.proto = Proto::Udp;
  Endpoint u2 = u1;
  u2.inode = 12;
  t = advance({}, snap(kT0, {u1}), {});
  t = advance(t, snap(kT0 + 1s, {u2}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_NE(find_port(t, 53, RowStatus::New), nullptr);
  EXPECT_NE(find_port(t, 53, RowStatus::Closed), nullptr);
}

TEST(EndpointDiff, ReusedKeyAfterCloseIsNewBesideTheTombstone) {
  LiveTable t = advance({}, snap(kT0, {tcp(5000, 80, TcpState::Established, 0, 10)}), {});
  t = advance(t, snap(kT0 + 1s, {}), {});
  t = advance(t, snap(kT0 + 2s, {tcp(5000, 80, TcpState::Established, 0, 10)}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_NE(find_port(t, 5000, RowStatus::New), nullptr);
  EXPECT_NE(find_port(t, 5000, RowStatus::Closed), nullptr);
  EXPECT_NE(find_port(t, 5000, RowStatus::New)->id, find_port(t, 5000, RowStatus::Closed)->id);
}

TEST(EndpointDiff, QuietProtocolsAppearAndVanishWithoutHighlight) {
  Endpoint u;
  u.proto = Proto::Unix;
  u.family = Family::Unix;
  u.inode = 42;
  u.unix_path = "/run/x.sock";
  DiffOptions quiet;
  quiet.quiet.unix_ = true;
  LiveTable t = advance({}, snap(kT0, {tcp(80, 0, TcpState::Listen, 1)}), {});
  t = advance(t, snap(kT0 + 1s, {tcp(80, 0, TcpState::Listen, 1), u}), quiet);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1].status, RowStatus::Alive);
  EXPECT_TRUE(t.rows[1].existed_before);
  t = advance(t, snap(kT0 + 2s, {tcp(80, 0, TcpState::Listen, 1)}), quiet);
  EXPECT_EQ(t.rows.size(), 1u);  // no tombstone
  // Without the quiet option the same change is highlighted.
  t = advance(t, snap(kT0 + 3s, {tcp(80, 0, TcpState::Listen, 1), u}), {});
  EXPECT_EQ(t.rows[1].status, RowStatus::New);
}

TEST(EndpointDiff, RatesFromCountersOverElapsedTime) {
  Endpoint a = tcp(5000, 80, TcpState::Established, 2);
  a.tcp = TcpCounters{};
  a.tcp->bytes_sent = 1000;
  a.tcp->bytes_received = 5000;
  Endpoint b = a;
  b.tcp->bytes_sent = 3000;
  b.tcp->bytes_received = 5000;
  LiveTable t = advance({}, snap(kT0, {a}), {});
  EXPECT_EQ(t.rows[0].rates, Rates{});
  t = advance(t, snap(kT0 + 2s, {b}), {});
  ASSERT_TRUE(t.rows[0].rates.send && t.rows[0].rates.receive);
  EXPECT_DOUBLE_EQ(*t.rows[0].rates.send, 1000.0);
  EXPECT_DOUBLE_EQ(*t.rows[0].rates.receive, 0.0);
  t = advance(t, snap(kT0 + 3s, {}), {});
  EXPECT_EQ(t.rows[0].rates, Rates{});  // a tombstone has no rate
}

TEST(EndpointDiff, TombstoneKeepsItsOwnSnapshotAndOwner) {
  auto s1 = std::make_shared<Snapshot>();
  s1->taken_at = kT0;
  Process curl;
  curl.pid = 7;
  curl.name = "curl";
  s1->processes.push_back(curl);
  Endpoint e = tcp(5000, 80, TcpState::Established, 2);
  e.owners.push_back(Owner{0, 3});
  s1->endpoints.push_back(e);
  LiveTable t = advance({}, s1, {});
  t = advance(t, snap(kT0 + 1s, {}), {});
  ASSERT_EQ(t.rows.size(), 1u);
  ASSERT_NE(t.rows[0].owner(), nullptr);
  EXPECT_EQ(t.rows[0].owner()->name, "curl");
  EXPECT_EQ(t.rows[0].snapshot, s1);
}

}  // namespace
}  // namespace sockscope
