// Connections born and gone between two snapshots: which close events become short-lived rows, with
// what, for how long, and how many at most.
#include "logic/short_lived.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <memory>
#include <vector>

namespace sockscope {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::system_clock::time_point;
const Time kT0 = Time{} + 1'700'000'000s;
// Boot time 0 is kT0 - 100 s: an event at boot time 100.5 s is kT0 + 0.5 s.
constexpr std::int64_t kBootToUnix = 1'700'000'000'000'000'000 - 100'000'000'000;

IpAddress ip4(const char* s) {
  in_addr a{};
  inet_pton(AF_INET, s, &a);
  return IpAddress::v4(a.s_addr);
}

Endpoint tcp(std::uint16_t lport, std::uint16_t rport, TcpState st, std::uint64_t cookie) {
  Endpoint e;
  e.proto = Proto::Tcp;
  e.local = ip4("10.0.0.1");
  e.remote = ip4("10.0.0.2");
  e.local_port = lport;
  e.remote_port = rport;
  e.state = st;
  e.cookie = cookie;
  return e;
}

SnapshotPtr snap(Time at, std::vector<Endpoint> eps) {
  auto s = std::make_shared<Snapshot>();
  s->taken_at = at;
  s->endpoints = std::move(eps);
  return s;
}

// A connection from 10.0.0.1:lport to 10.0.0.2:80 that lived from boot time 100.2 s for `ms`.
ConnEvent closed(std::uint16_t lport, std::uint64_t cookie, std::uint64_t ms = 4) {
  ConnEvent e;
  e.kind = ConnEventKind::Closed;
  e.source = ConnEventSource::Ebpf;
  e.direction = ConnDirection::Outgoing;
  e.old_state = TcpState::LastAck;
  e.new_state = TcpState::Close;
  e.cookie = cookie;
  e.local = ip4("10.0.0.1");
  e.remote = ip4("10.0.0.2");
  e.local_port = lport;
  e.remote_port = 80;
  e.open_ns = 100'200'000'000;
  e.close_ns = e.open_ns + ms * 1'000'000;
  e.tcp.bytes_sent = 120;
  e.tcp.bytes_received = 4096;
  e.owner = ConnOwner{4242, 4242, 1000, 0, "beacon"};
  return e;
}

ShortLivedOptions options(std::size_t cap = 500) {
  ShortLivedOptions o;
  o.cap = cap;
  o.boot_to_unix_ns = kBootToUnix;
  return o;
}

// The table after `first`, then `cur` applied with the short-lived rows `events` give.
struct Step {
  LiveTable table;
  ShortLivedPick pick;
};
Step step(const LiveTable& prev, SnapshotPtr cur, std::vector<ConnEvent> events, const ShortLivedOptions& o = options()) {
  Step s;
  s.pick = pick_short_lived(prev, *cur, events, o);
  DiffScratch scratch;
  s.table = advance(prev, cur, DiffOptions{}, scratch, s.pick.rows);
  return s;
}

const LiveRow* short_lived_row(const LiveTable& t) {
  for (const LiveRow& r : t.rows) {
    if (r.short_lived) return &r;
  }
  return nullptr;
}

TEST(ShortLived, ConnectionBornAndGoneBetweenRefreshesIsAClosedRowWithOwnerDurationAndBytes) {
  const LiveTable t1 = advance(LiveTable{}, snap(kT0, {tcp(22, 5000, TcpState::Established, 1)}), DiffOptions{});
  const Step s = step(t1, snap(kT0 + 1s, {tcp(22, 5000, TcpState::Established, 1)}), {closed(40000, 77)});
  EXPECT_EQ(s.pick.seen, 1u);
  EXPECT_EQ(s.pick.over_cap, 0u);
  const LiveRow* r = short_lived_row(s.table);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, RowStatus::Closed);
  EXPECT_FALSE(r->existed_before);
  EXPECT_EQ(r->endpoint().local_port, 40000);
  EXPECT_EQ(r->endpoint().cookie, 77u);
  ASSERT_TRUE(r->endpoint().tcp);
  EXPECT_EQ(r->endpoint().tcp->bytes_received, 4096u);
  ASSERT_NE(r->owner(), nullptr);
  EXPECT_EQ(r->owner()->name, "beacon");
  EXPECT_EQ(r->owner()->pid, 4242);
  EXPECT_EQ(r->first_seen, kT0 + 200ms);                // opened
  EXPECT_EQ(r->snapshot->taken_at - r->first_seen, 4ms);  // lived
  // The other row is untouched: the one diff still made it Alive.
  EXPECT_EQ(s.table.rows.front().status, RowStatus::Alive);
  EXPECT_EQ(s.table.rows.size(), 2u);
}

TEST(ShortLived, ConnectionSeenInASnapshotIsNotShortLived) {
  const LiveTable t1 = advance(LiveTable{}, snap(kT0, {tcp(40000, 80, TcpState::Established, 77)}), DiffOptions{});
  // Seen before: its disappearance is the ordinary tombstone, not a second row.
  Step s = step(t1, snap(kT0 + 1s, {}), {closed(40000, 77)});
  EXPECT_EQ(s.pick.seen, 0u);
  EXPECT_EQ(short_lived_row(s.table), nullptr);
  ASSERT_EQ(s.table.rows.size(), 1u);
  EXPECT_EQ(s.table.rows[0].status, RowStatus::Closed);
  // Still in the snapshot just taken (it closed after): not short-lived either.
  const LiveTable t0 = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  s = step(t0, snap(kT0 + 1s, {tcp(40000, 80, TcpState::FinWait1, 77)}), {closed(40000, 77)});
  EXPECT_EQ(s.pick.seen, 0u);
  // The event read one refresh late, when the row is already a tombstone: still seen.
  const Step late = step(s.table, snap(kT0 + 2s, {}), {closed(40000, 77)});
  EXPECT_EQ(late.pick.seen, 0u);
}

TEST(ShortLived, WithoutCookiesTheAddressesRecogniseTheConnection) {
  // /proc has no cookies: the addresses decide.
  const LiveTable t1 = advance(LiveTable{}, snap(kT0, {tcp(40000, 80, TcpState::Established, 0)}), DiffOptions{});
  EXPECT_EQ(step(t1, snap(kT0 + 1s, {}), {closed(40000, 77)}).pick.seen, 0u);
  EXPECT_EQ(step(t1, snap(kT0 + 1s, {}), {closed(40001, 78)}).pick.seen, 1u);
}

TEST(ShortLived, ATimeWaitTwinDoesNotCountAsSeen) {
  // The side that closed first left a TIME_WAIT socket (same cookie, no owner): the connection
  // itself was never seen open, so it is still a short-lived row with its owner.
  const LiveTable t0 = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  const Step s = step(t0, snap(kT0 + 1s, {tcp(40000, 80, TcpState::TimeWait, 77)}), {closed(40000, 77)});
  EXPECT_EQ(s.pick.seen, 1u);
  const LiveRow* r = short_lived_row(s.table);
  ASSERT_NE(r, nullptr);
  ASSERT_NE(r->owner(), nullptr);
  EXPECT_EQ(r->owner()->name, "beacon");
  EXPECT_EQ(s.table.rows[0].status, RowStatus::New);  // the TIME_WAIT socket, as before
}

TEST(ShortLived, NothingOnTheFirstRefreshNorFromBeforeTheCaptureNorListeners) {
  EXPECT_EQ(pick_short_lived(LiveTable{}, *snap(kT0, {}), std::vector{closed(40000, 77)}, options()).seen, 0u);
  const LiveTable t0 = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  ConnEvent before = closed(40000, 77);
  before.open_ns = 0;  // eBPF: opened before the capture began
  ConnEvent listener = closed(40001, 78);
  listener.kind = ConnEventKind::ListenClosed;
  ConnEvent udp = closed(40002, 79);
  udp.proto = Proto::Udp;
  EXPECT_EQ(pick_short_lived(t0, *snap(kT0 + 1s, {}), std::vector{before, listener, udp}, options()).seen, 0u);
}

TEST(ShortLived, DestroyGroupEventsHaveNoOpenTimeNorOwner) {
  const LiveTable t0 = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  ConnEvent e = closed(40000, 77);
  e.source = ConnEventSource::DestroyGroup;
  e.open_ns = 0;
  e.owner.reset();
  const Step s = step(t0, snap(kT0 + 1s, {}), {e});
  const LiveRow* r = short_lived_row(s.table);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->existed_before);  // first_seen bounds the open from above: its close
  EXPECT_EQ(r->first_seen, r->snapshot->taken_at);
  EXPECT_EQ(r->owner(), nullptr);
}

TEST(ShortLived, EventsFromNamespacesNotCollectedAreLeftOut) {
  auto cur = [](std::uint64_t current) {
    auto s = std::make_shared<Snapshot>();
    s->taken_at = kT0 + 1s;
    s->current_netns = current;
    return s;
  };
  const LiveTable t0 = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  ConnEvent here = closed(40000, 77);
  here.netns = 4026531840u;
  ConnEvent elsewhere = closed(40001, 78);
  elsewhere.netns = 4026532999u;
  EXPECT_EQ(pick_short_lived(t0, *cur(4026531840u), std::vector{here, elsewhere}, options()).seen, 1u);
  // Asked for both namespaces: both.
  auto both = cur(4026531840u);
  both->namespaces = {NetnsInfo{4026531840u, "/proc/1/ns/net", {}, 1, true, "", ""},
                      NetnsInfo{4026532999u, "/run/netns/blue", {"blue"}, 0, false, "", ""}};
  const ShortLivedPick pick = pick_short_lived(t0, *both, std::vector{here, elsewhere}, options());
  ASSERT_EQ(pick.seen, 2u);
  // The row knows its namespace (the Namespace column, closing in it).
  EXPECT_EQ(pick.rows[1].snapshot->netns_inode_of(std::size_t{0}), 4026532999u);
}

TEST(ShortLived, RowsAreCappedAndTheRestCounted) {
  LiveTable t = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  Step s = step(t, snap(kT0 + 1s, {}), {closed(40000, 1), closed(40001, 2), closed(40002, 3)}, options(2));
  EXPECT_EQ(s.pick.seen, 3u);
  EXPECT_EQ(s.pick.over_cap, 1u);
  EXPECT_EQ(s.table.rows.size(), 2u);
  // While those two stay, no room; once they are gone, room again.
  s = step(s.table, snap(kT0 + 2s, {}), {closed(40003, 4)}, options(2));
  EXPECT_EQ(s.pick.over_cap, 1u);
  EXPECT_EQ(s.table.rows.size(), 2u);
  s = step(s.table, snap(kT0 + 3s, {}), {}, options(2));
  s = step(s.table, snap(kT0 + 4s, {}), {closed(40004, 5)}, options(2));
  EXPECT_EQ(s.pick.over_cap, 0u);
  EXPECT_EQ(s.table.rows.size(), 1u);
}

TEST(ShortLived, ARowStaysAsLongAsAnyClosedRowThenGoes) {
  LiveTable t = advance(LiveTable{}, snap(kT0, {}), DiffOptions{});
  t = step(t, snap(kT0 + 1s, {}), {closed(40000, 1)}).table;
  const std::uint64_t id = short_lived_row(t)->id;
  for (int i = 2; i <= 3; ++i) {
    t = step(t, snap(kT0 + i * 1s, {}), {}).table;
    ASSERT_NE(short_lived_row(t), nullptr) << i;
    EXPECT_EQ(short_lived_row(t)->id, id);
    EXPECT_EQ(shown_status(*short_lived_row(t), t.refresh, 3), RowStatus::Closed);
  }
  t = step(t, snap(kT0 + 4s, {}), {}).table;
  EXPECT_EQ(short_lived_row(t), nullptr);
  EXPECT_TRUE(t.rows.empty());
}

TEST(ShortLived, TheTallyIsCarriedFromTableToTable) {
  LiveTable t;
  t.events.capturing = true;
  t.events.short_lived = 5;
  t.events.lost = 2;
  const LiveTable next = advance(t, snap(kT0, {}), DiffOptions{});
  EXPECT_EQ(next.events, t.events);
}

}  // namespace
}  // namespace sockscope
