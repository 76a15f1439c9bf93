// The live table's diff: identity, highlight lifetimes, tombstones, TIME_WAIT twins, quiet protocols.
#include "logic/endpoint_diff.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>

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

// Keys and tuples compared and hashed straight from endpoints must agree with EndpointKey and
// ConnectionTuple, or the diff would match differently from what the identity types say.
TEST(EndpointKey, EndpointFormsAgreeWithKeyAndTupleTypes) {
  std::vector<Endpoint> eps = {tcp(1, 2, TcpState::Established, 77), tcp(3, 4, TcpState::Listen, 77),
                               tcp(1, 2, TcpState::Established, 0, 5), tcp(1, 2, TcpState::Established, 0, 6),
                               tcp(1, 2, TcpState::Established, 0, 5), tcp(1, 3, TcpState::Established, 0, 5),
                               tcp(9, 2, TcpState::Established, 0, 5), tcp(1, 2, TcpState::TimeWait, 78)};
  Endpoint u = eps[2];
  u.proto = Proto::Udp;
  eps.push_back(u);
  Endpoint v6 = eps[2];
  v6.family = Family::Inet6;
  eps.push_back(v6);
  Endpoint other_remote = eps[2];
  other_remote.remote = ip4("10.0.0.3");
  eps.push_back(other_remote);
  for (const Endpoint& a : eps) {
    EXPECT_EQ(key_hash(a), EndpointKeyHash{}(endpoint_key(a)));
    EXPECT_EQ(connection_hash(a), ConnectionTupleHash{}(connection_tuple(a)));
    for (const Endpoint& b : eps) {
      EXPECT_EQ(same_key(a, b), endpoint_key(a) == endpoint_key(b));
      EXPECT_EQ(same_connection(a, b), connection_tuple(a) == connection_tuple(b));
    }
  }
  EXPECT_TRUE(same_key(eps[0], eps[1]));
  EXPECT_FALSE(same_key(eps[2], eps[3]));
  EXPECT_TRUE(same_key(eps[2], eps[4]));
  EXPECT_TRUE(same_connection(eps[0], eps[7]));
}

TEST(EndpointDiff, ADuplicateKeyKeepsTheFirstRowAndTheOtherEndsAsATwinOrNew) {
  // Two live rows with one key (the /proc source can report one socket twice while it changes).
  Endpoint a = tcp(5000, 80, TcpState::Established, 0, 10);
  LiveTable t = advance({}, snap(kT0, {a, a}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  const auto first_id = t.rows[0].id, second_id = t.rows[1].id;
  t = advance(t, snap(kT0 + 1s, {a, a}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  // The first row is matched by key; the second by its connection tuple.
  EXPECT_EQ(t.rows[0].id, first_id);
  EXPECT_EQ(t.rows[1].id, second_id);
  EXPECT_EQ(t.rows[1].status, RowStatus::Alive);
  Endpoint u = a;
  u.proto = Proto::Udp;
  t = advance({}, snap(kT0, {u, u}), {});
  const auto u_first = t.rows[0].id;
  t = advance(t, snap(kT0 + 1s, {u, u}), {});
  ASSERT_EQ(t.rows.size(), 3u);  // UDP has no twins: the second is new, its old row a tombstone
  EXPECT_EQ(t.rows[0].id, u_first);
  EXPECT_EQ(t.rows[1].status, RowStatus::New);
  EXPECT_EQ(t.rows[2].status, RowStatus::Closed);
}

TEST(EndpointDiff, TwinsMatchTheEarliestRowWithTheirAddresses) {
  Endpoint a = tcp(5000, 80, TcpState::Established, 2);
  Endpoint b = tcp(5000, 80, TcpState::FinWait1, 3);
  LiveTable t = advance({}, snap(kT0, {a, b}), {});
  const auto id_a = t.rows[0].id;
  // One replacement with new cookies for both: the earlier row (a) continues as it, b closes.
  t = advance(t, snap(kT0 + 1s, {tcp(5000, 80, TcpState::TimeWait, 4)}), {});
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].id, id_a);
  EXPECT_EQ(t.rows[0].status, RowStatus::StateChanged);
  EXPECT_EQ(t.rows[1].status, RowStatus::Closed);
  EXPECT_EQ(t.rows[1].endpoint().state, TcpState::FinWait1);
}

// --- advance() against a plain reference implementation, on random snapshot sequences ---

// What advance() promises, written as simply as possible (quadratic).
LiveTable reference_advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options) {
  LiveTable next;
  next.refresh = prev.refresh + 1;
  next.next_id = prev.next_id;
  const bool first = prev.refresh == 0;
  next.started = first ? cur->taken_at : prev.started;
  next.latest = cur;
  const auto& old = prev.rows;
  const auto& eps = cur->endpoints;
  std::vector<bool> used(old.size(), false);
  std::vector<long> match(eps.size(), -1);
  auto live = [&](std::size_t j) { return old[j].status != RowStatus::Closed; };
  for (std::size_t i = 0; i < eps.size(); ++i) {
    // Only the first live row with a key can be matched by it.
    for (std::size_t j = 0; j < old.size(); ++j) {
      if (!live(j) || !(endpoint_key(old[j].endpoint()) == endpoint_key(eps[i]))) continue;
      if (!used[j]) {
        used[j] = true;
        match[i] = static_cast<long>(j);
      }
      break;
    }
  }
  std::vector<bool> orphan(old.size(), false);
  for (std::size_t j = 0; j < old.size(); ++j) orphan[j] = !used[j] && live(j) && old[j].endpoint().proto == Proto::Tcp;
  for (std::size_t i = 0; i < eps.size(); ++i) {
    if (match[i] >= 0 || eps[i].proto != Proto::Tcp) continue;
    for (std::size_t j = 0; j < old.size(); ++j) {
      if (orphan[j] && !used[j] && connection_tuple(old[j].endpoint()) == connection_tuple(eps[i])) {
        used[j] = true;
        match[i] = static_cast<long>(j);
        break;
      }
    }
  }
  for (std::size_t i = 0; i < eps.size(); ++i) {
    LiveRow row;
    if (match[i] >= 0) {
      const LiveRow& before = old[static_cast<std::size_t>(match[i])];
      row = before;
      if (before.endpoint().state != eps[i].state) {
        row.status = RowStatus::StateChanged;
        row.status_since = next.refresh;
      }
      row.rates = tcp_rates(before.endpoint(), eps[i], cur->taken_at - before.snapshot->taken_at);
    } else {
      row.id = next.next_id++;
      row.first_seen = cur->taken_at;
      row.status_since = next.refresh;
      const bool quiet = first || options.quiet.contains(eps[i]);
      row.status = quiet ? RowStatus::Alive : RowStatus::New;
      row.existed_before = quiet;
    }
    row.snapshot = cur;
    row.index = i;
    next.rows.push_back(row);
  }
  const auto lifetime = static_cast<std::uint64_t>(std::max(1, options.highlight_refreshes));
  for (std::size_t j = 0; j < old.size(); ++j) {
    if (!live(j)) {
      if (next.refresh - old[j].status_since < lifetime) next.rows.push_back(old[j]);
    } else if (!used[j] && !options.quiet.contains(old[j].endpoint())) {
      LiveRow gone = old[j];
      gone.status = RowStatus::Closed;
      gone.status_since = next.refresh;
      gone.rates = {};
      next.rows.push_back(gone);
    }
  }
  return next;
}

void expect_same_table(const LiveTable& got, const LiveTable& want, int step) {
  SCOPED_TRACE("step " + std::to_string(step));
  EXPECT_EQ(got.refresh, want.refresh);
  EXPECT_EQ(got.next_id, want.next_id);
  EXPECT_EQ(got.started, want.started);
  EXPECT_EQ(got.latest, want.latest);
  ASSERT_EQ(got.rows.size(), want.rows.size());
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    const LiveRow& g = got.rows[i];
    const LiveRow& w = want.rows[i];
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_EQ(g.id, w.id);
    EXPECT_EQ(g.snapshot, w.snapshot);
    EXPECT_EQ(g.index, w.index);
    EXPECT_EQ(g.status, w.status);
    EXPECT_EQ(g.status_since, w.status_since);
    EXPECT_EQ(g.first_seen, w.first_seen);
    EXPECT_EQ(g.existed_before, w.existed_before);
    EXPECT_EQ(g.rates, w.rates);
  }
}

// Endpoints drawn from a small space, so keys repeat, sockets come and go, cookies are replaced
// (twins), states change and duplicates occur.
SnapshotPtr random_snapshot(std::mt19937& rng, Time at) {
  std::vector<Endpoint> eps;
  const int n = std::uniform_int_distribution<int>(0, 60)(rng);
  auto pick = [&](int hi) { return std::uniform_int_distribution<int>(0, hi)(rng); };
  for (int k = 0; k < n; ++k) {
    const bool with_cookie = pick(3) != 0;
    Endpoint e = tcp(static_cast<std::uint16_t>(5000 + pick(12)), static_cast<std::uint16_t>(pick(1) ? 80 : 0),
                     static_cast<TcpState>(1 + pick(kMaxTcpState - 1)), with_cookie ? 1 + static_cast<std::uint64_t>(pick(40)) : 0,
                     static_cast<std::uint64_t>(pick(6)));
    switch (pick(7)) {
      case 0: e.proto = Proto::Udp; break;
      case 1:
        e.proto = Proto::Unix;
        e.family = Family::Unix;
        break;
      default: break;
    }
    if (pick(2) == 0) {
      e.tcp = TcpCounters{};
      e.tcp->bytes_sent = static_cast<std::uint64_t>(pick(100000));
      e.tcp->bytes_received = static_cast<std::uint64_t>(pick(100000));
    }
    eps.push_back(e);
  }
  return snap(at, std::move(eps));
}

TEST(EndpointDiff, MatchesTheReferenceOnRandomSequencesWithAndWithoutScratch) {
  std::mt19937 rng(12345);
  for (int run = 0; run < 200; ++run) {
    DiffOptions options;
    options.highlight_refreshes = std::uniform_int_distribution<int>(0, 4)(rng);
    LiveTable want, plain, reused;
    DiffScratch scratch;
    std::vector<LiveTable> retired;  // given back as spare rows two refreshes later, as the pump does
    Time at = kT0;
    for (int step = 0; step < 12; ++step) {
      at += std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 2000)(rng));
      DiffOptions o = options;
      o.quiet.unix_ = std::uniform_int_distribution<int>(0, 4)(rng) == 0;
      const SnapshotPtr s = random_snapshot(rng, at);
      want = reference_advance(want, s, o);
      plain = advance(plain, s, o);
      LiveTable r = advance(reused, s, o, scratch);
      retired.push_back(std::move(reused));
      reused = std::move(r);
      if (retired.size() > 2) {
        scratch.spare_rows = std::move(retired.front().rows);
        retired.erase(retired.begin());
      }
      expect_same_table(plain, want, step);
      expect_same_table(reused, want, step);
      if (HasFatalFailure() || HasNonfatalFailure()) return;
    }
  }
}

// The scratch carries nothing from one diff to the next: a dirty one (from another, larger table)
// gives the same table as a fresh one.
TEST(EndpointDiff, ADirtyScratchChangesNothing) {
  std::mt19937 rng(777);
  DiffScratch dirty;
  LiveTable big;
  for (int i = 0; i < 3; ++i) big = advance(big, random_snapshot(rng, kT0 + std::chrono::seconds(i)), {}, dirty);
  dirty.spare_rows = big.rows;  // rows that still point at other snapshots
  const SnapshotPtr s1 = snap(kT0, {tcp(80, 0, TcpState::Listen, 1), tcp(5000, 80, TcpState::Established, 2)});
  const SnapshotPtr s2 = snap(kT0 + 1s, {tcp(5000, 80, TcpState::TimeWait, 3), tcp(5001, 80, TcpState::SynSent, 4)});
  LiveTable a = advance(advance({}, s1, {}, dirty), s2, {}, dirty);
  LiveTable b = advance(advance({}, s1, {}), s2, {});
  expect_same_table(a, b, 0);
  ASSERT_EQ(a.rows.size(), 3u);
  EXPECT_EQ(a.rows[0].status, RowStatus::StateChanged);  // the TIME_WAIT twin
  EXPECT_EQ(a.rows[1].status, RowStatus::New);
  EXPECT_EQ(a.rows[2].status, RowStatus::Closed);  // the listener
}

// Two namespaces holding the very same connection (no cookie, as /proc gives it; TIME_WAIT has
// no inode): each keeps its own row, and the one that goes is the one closed.
TEST(EndpointDiff, SameTupleInTwoNamespacesIsNeverConfused) {
  auto in_two = [](Time at, std::vector<Endpoint> first, std::vector<Endpoint> second) {
    auto s = std::make_shared<Snapshot>();
    s->taken_at = at;
    const std::size_t split = first.size();
    s->endpoints = std::move(first);
    s->endpoints.insert(s->endpoints.end(), second.begin(), second.end());
    NetnsInfo a, b;
    a.inode = 111, b.inode = 222;
    s->namespaces = {a, b};
    s->netns_rows = {{111, 0, split}, {222, split, s->endpoints.size()}};
    return SnapshotPtr(s);
  };
  const Endpoint tw = tcp(5000, 6000, TcpState::TimeWait);
  DiffOptions o;
  LiveTable t = advance(LiveTable{}, in_two(kT0, {tw}, {tw}), o);
  ASSERT_EQ(t.rows.size(), 2u);
  const std::uint64_t id_in_b = t.rows[1].id;
  // Namespace 111's socket is gone; 222's stays.
  t = advance(t, in_two(kT0 + 1s, {}, {tw}), o);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].id, id_in_b) << "the survivor keeps its identity";
  EXPECT_EQ(t.rows[0].status, RowStatus::Alive);
  EXPECT_EQ(t.rows[1].status, RowStatus::Closed);
  EXPECT_EQ(t.rows[1].snapshot->netns_inode_of(t.rows[1].index), 111u) << "the closed row is namespace 111's";
}

}  // namespace
}  // namespace sockscope
