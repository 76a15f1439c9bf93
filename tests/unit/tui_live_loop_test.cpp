// The live loop with a scripted terminal and snapshot feed, and the collector thread (SnapshotPump):
// keys are answered while a slow collection runs, refresh requests and pauses reach the thread.
#include "tui/live_loop.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <tuple>

#include "view/snapshot_pump.hpp"
#include "tui_view_fixture.hpp"

namespace sockscope::testing {
namespace {

using tui::Key;
using tui::KeyKind;
using SteadyClock = std::chrono::steady_clock;

// Keys from a script (nullopt = nothing typed this time); records every painted frame. When the
// script runs out it raises the stop flag, as a signal would.
class ScriptedTerminal final : public tui::Terminal {
 public:
  ScriptedTerminal(int w, int h, std::deque<std::optional<Key>> script) : w_(w), h_(h), script_(std::move(script)) {}
  std::pair<int, int> size() const override { return {w_, h_}; }
  void paint(const tui::Grid& g) override { frames.push_back(g.text()); }
  std::optional<Key> next_key(std::chrono::milliseconds, int) override {
    calls.push_back(SteadyClock::now());
    if (script_.empty()) {
      stop = SIGTERM;
      return std::nullopt;
    }
    auto k = script_.front();
    script_.pop_front();
    return k;
  }
  void send_raw(std::string_view bytes) override { raw += bytes; }

  std::vector<std::string> frames;
  std::vector<SteadyClock::time_point> calls;
  std::string raw;
  volatile std::sig_atomic_t stop = 0;

 private:
  int w_, h_;
  std::deque<std::optional<Key>> script_;
};

// Snapshots (or failures) handed over one per take(), diffed as the collector thread would.
class ScriptedFeed final : public view::SnapshotFeed {
 public:
  std::deque<Result<SnapshotPtr>> pending;
  std::vector<tui::CollectControl> controls;
  std::optional<Result<view::FeedItem>> take() override {
    if (pending.empty()) return std::nullopt;
    auto r = std::move(pending.front());
    pending.pop_front();
    if (!r) return Result<view::FeedItem>(std::unexpected(r.error()));
    table_ = std::make_shared<const LiveTable>(advance(*table_, *r, {}));
    return Result<view::FeedItem>(view::FeedItem{table_, 0, {}});
  }
  void control(const tui::CollectControl& c) override { controls.push_back(c); }

 private:
  LiveTablePtr table_ = std::make_shared<const LiveTable>();
};

tui::ViewSettings numeric() {
  tui::ViewSettings s;
  s.resolve = false;
  return s;
}

TEST(LiveLoop, PaintsSnapshotsAnswersKeysAndQuits) {
  ScopedTimeZone tz("UTC");
  ScriptedFeed feed;
  feed.pending.push_back(make_snapshot(kWallStart, base_endpoints()));
  ScriptedTerminal term(80, 10, {std::nullopt, Key::special(KeyKind::Down), Key::chr('q'), Key::chr('x')});
  tui::ViewServices services;
  services.control = [&](const tui::CollectControl& c) { feed.control(c); };
  tui::LiveView view(numeric(), services);
  tui::LoopInputs in{term, feed, [] { return tui::Clock::now(); }, &term.stop};
  EXPECT_EQ(tui::run_live_loop(view, in), 0);
  EXPECT_TRUE(view.quit_requested());
  ASSERT_GE(term.frames.size(), 2u);
  EXPECT_NE(term.frames.front().find("nginx    100 tcp   LISTEN"), std::string::npos);
  EXPECT_EQ(view.model().state().selected_pos, 1u);  // Down was handled, 'x' after 'q' was not
  EXPECT_EQ(term.calls.size(), 3u);
}

TEST(LiveLoop, ASignalEndsTheLoopWithItsNumber) {
  ScriptedFeed feed;
  ScriptedTerminal term(80, 10, {});
  tui::LiveView view(numeric(), {});
  tui::LoopInputs in{term, feed, [] { return tui::Clock::now(); }, &term.stop};
  EXPECT_EQ(tui::run_live_loop(view, in), SIGTERM);
  EXPECT_FALSE(view.quit_requested());
}

TEST(LiveLoop, CollectionErrorsShowAndTheLastRowsStay) {
  ScopedTimeZone tz("UTC");
  ScriptedFeed feed;
  feed.pending.push_back(make_snapshot(kWallStart, base_endpoints()));
  feed.pending.push_back(std::unexpected(Error{EPERM, "netlink refused"}));
  ScriptedTerminal term(80, 10, {std::nullopt, std::nullopt});
  tui::LiveView view(numeric(), {});
  tui::LoopInputs in{term, feed, [] { return tui::Clock::now(); }, &term.stop};
  tui::run_live_loop(view, in);
  const std::string& last = term.frames.back();
  EXPECT_NE(last.find(" Cannot read sockets: netlink refused"), std::string::npos) << last;
  EXPECT_NE(last.find("nginx    100 tcp   LISTEN"), std::string::npos) << last;
}

// A source that blocks until released, like a collection of 100k sockets.
struct SlowSource {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  int calls = 0;
  bool unix_asked = false;

  Result<Snapshot> collect(bool unix_sockets) {
    std::unique_lock lock(m);
    ++calls;
    unix_asked = unix_sockets;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    Snapshot s;
    s.taken_at = kWallStart;
    s.endpoints = base_endpoints();
    s.processes = standard_processes();
    return s;
  }
  void release() {
    std::lock_guard lock(m);
    open = true;
    cv.notify_all();
  }
  // Declared after the pump: lets its thread finish before the pump joins it, even when an
  // assertion returns early.
  struct Guard {
    SlowSource& source;
    ~Guard() { source.release(); }
  };
  bool wait_calls(int n) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, 5s, [&] { return calls >= n; });
  }
};

TEST(SnapshotPump, TakeNeverWaitsForACollectionInProgress) {
  SlowSource source;
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
  SlowSource::Guard guard{source};
  ASSERT_TRUE(source.wait_calls(1));
  const auto before = SteadyClock::now();
  EXPECT_FALSE(pump.take().has_value());
  EXPECT_LT(SteadyClock::now() - before, 50ms);
  source.release();
  // The result arrives and wakes the descriptor.
  std::optional<Result<view::FeedItem>> got;
  for (int i = 0; i < 500 && !got; ++i) {
    got = pump.take();
    if (!got) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->table->latest->endpoints.size(), 4u);
  EXPECT_EQ((*got)->table->rows.size(), 4u);
  EXPECT_EQ((*got)->table->refresh, 1u);
  EXPECT_EQ((*got)->arranged_version, 0u);  // no arranger given: the view sorts
}

TEST(SnapshotPump, PausedItCollectsOnlyOnRequest) {
  SlowSource source;
  source.release();
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
  ASSERT_TRUE(source.wait_calls(1));
  std::this_thread::sleep_for(100ms);
  {
    std::lock_guard lock(source.m);
    EXPECT_EQ(source.calls, 1);
  }
  pump.control(tui::CollectControl{std::nullopt, true, true});  // UNIX on, refresh now
  ASSERT_TRUE(source.wait_calls(2));
  std::lock_guard lock(source.m);
  EXPECT_TRUE(source.unix_asked);
}

// The pump takes the capture's events once per refresh and hands over tables with the connections
// born and gone in between (the one diff made them tombstones), and the running tally.
TEST(SnapshotPump, EventsBetweenRefreshesBecomeShortLivedRowsAndAreCounted) {
  SlowSource source;
  source.release();
  std::mutex m;
  int takes = 0;
  view::SnapshotPump::EventSource events = [&] {
    std::lock_guard lock(m);
    view::SnapshotPump::EventBatch batch;
    if (++takes == 2) {
      ConnEvent e;
      e.kind = ConnEventKind::Closed;
      e.cookie = 99;
      e.local = ip4("10.0.0.1");
      e.remote = ip4("10.0.0.2");
      e.local_port = 40000;
      e.remote_port = 80;
      e.open_ns = 1'000'000;
      e.close_ns = 3'000'000;
      e.owner = ConnOwner{4242, 4242, 0, 0, "beacon"};
      batch.events.push_back(e);
      batch.lost = 2;
    }
    return batch;
  };
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {},
                          events);
  auto next = [&]() -> LiveTablePtr {
    for (int i = 0; i < 500; ++i) {
      if (auto got = pump.take()) return *got ? (**got).table : nullptr;
      std::this_thread::sleep_for(10ms);
    }
    return nullptr;
  };
  const LiveTablePtr first = next();
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->events.capturing);
  EXPECT_EQ(first->events.short_lived, 0u);
  EXPECT_EQ(first->rows.size(), 4u);
  pump.control(tui::CollectControl{std::nullopt, false, true});
  const LiveTablePtr second = next();
  ASSERT_TRUE(second);
  ASSERT_EQ(second->rows.size(), 5u);
  const LiveRow& row = second->rows.back();
  EXPECT_TRUE(row.short_lived);
  EXPECT_EQ(row.status, RowStatus::Closed);
  ASSERT_NE(row.owner(), nullptr);
  EXPECT_EQ(row.owner()->name, "beacon");
  EXPECT_EQ(row.snapshot->taken_at - row.first_seen, 2ms);
  EXPECT_EQ(second->events.short_lived, 1u);
  EXPECT_EQ(second->events.lost, 2u);
}

// When each collection started: the pace of the pump.
struct TimedSource {
  std::mutex m;
  std::condition_variable cv;
  std::vector<SteadyClock::time_point> starts;

  Result<Snapshot> collect(bool) {
    std::lock_guard lock(m);
    starts.push_back(SteadyClock::now());
    cv.notify_all();
    Snapshot s;
    s.taken_at = kWallStart;
    return s;
  }
  bool wait_calls(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, timeout, [&] { return starts.size() >= n; });
  }
  // Gaps between consecutive starts from the `from`th on.
  std::vector<std::chrono::milliseconds> gaps(std::size_t from) {
    std::lock_guard lock(m);
    std::vector<std::chrono::milliseconds> out;
    for (std::size_t i = from + 1; i < starts.size(); ++i)
      out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(starts[i] - starts[i - 1]));
    return out;
  }
};

// The interval is well above the pump's minimum rest (100 ms) so that a pump ignoring it, resting
// only the minimum, is caught; the upper bound is loose for a loaded machine but catches a pump
// that waits for something else (a default of seconds, a missed wake-up).
constexpr auto kPumpInterval = 300ms;
constexpr auto kEarlyBy = 80ms;  // a start is stamped a little after the pump decided it: a thread may be preempted in between

TEST(SnapshotPump, RunsEveryIntervalNeitherSoonerNorMuchLater) {
  TimedSource source;
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{kPumpInterval, false, false}, {});
  ASSERT_TRUE(source.wait_calls(4, 3 * kPumpInterval + 3s));
  for (auto gap : source.gaps(0)) EXPECT_GE(gap, kPumpInterval - kEarlyBy) << "a collection came before the interval was up";
}

TEST(SnapshotPump, FollowsAChangedInterval) {
  TimedSource source;
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{1h, false, false}, {});
  ASSERT_TRUE(source.wait_calls(1, 5s));
  pump.control(tui::CollectControl{kPumpInterval, false, false});
  ASSERT_TRUE(source.wait_calls(3, 2 * kPumpInterval + 3s)) << "the new interval was not taken up";
  for (auto gap : source.gaps(0)) EXPECT_GE(gap, kPumpInterval - kEarlyBy);
}

// The pump reuses the rows of tables it retired for the next diff: every table must still be what
// a plain diff gives, and a table the screen still holds must never be touched.
TEST(SnapshotPump, ReusingRetiredTablesChangesNoTable) {
  // Refresh k (from 1) holds sockets with cookies k..k+5: one opens and one closes each time.
  auto snapshot_at = [](int k) {
    Snapshot s;
    s.taken_at = std::chrono::system_clock::time_point{} + std::chrono::seconds(1'700'000'000 + k);
    for (int c = k; c < k + 6; ++c) {
      Endpoint e;
      e.proto = Proto::Tcp;
      e.state = (c + k) % 3 == 0 ? TcpState::CloseWait : TcpState::Established;
      e.local_port = static_cast<std::uint16_t>(1000 + c);
      e.cookie = static_cast<std::uint64_t>(c);
      s.endpoints.push_back(e);
    }
    return s;
  };
  std::mutex m;
  int made = 0;
  view::SnapshotPump pump(
      [&](bool) -> Result<Snapshot> {
        std::lock_guard lock(m);
        return snapshot_at(++made);
      },
      tui::CollectControl{std::nullopt, false, false}, {});
  auto take_refresh = [&](std::uint64_t refresh) -> LiveTablePtr {
    for (int i = 0; i < 500; ++i) {
      if (auto got = pump.take(); got && *got && (*got)->table->refresh == refresh) return (*got)->table;
      std::this_thread::sleep_for(10ms);
    }
    return nullptr;
  };
  auto rows_of = [](const LiveTable& t) {
    std::vector<std::tuple<std::uint64_t, std::uint64_t, RowStatus, std::uint64_t, std::size_t>> rows;
    for (const LiveRow& r : t.rows) rows.emplace_back(r.id, r.endpoint().cookie, r.status, r.status_since, r.index);
    return rows;
  };
  LiveTable want;
  LiveTablePtr held;  // the screen keeps table 2 throughout
  decltype(rows_of(want)) held_rows;
  for (std::uint64_t k = 1; k <= 10; ++k) {
    if (k > 1) pump.control(tui::CollectControl{std::nullopt, false, true});
    const LiveTablePtr got = take_refresh(k);
    ASSERT_NE(got, nullptr) << "refresh " << k;
    want = advance(want, std::make_shared<const Snapshot>(snapshot_at(static_cast<int>(k))), {});
    EXPECT_EQ(rows_of(*got), rows_of(want)) << "refresh " << k;
    if (k == 2) {
      held = got;
      held_rows = rows_of(*held);
    }
  }
  EXPECT_EQ(want.rows.size(), 9u);  // 6 live, 3 tombstones
  EXPECT_EQ(rows_of(*held), held_rows);
}

TEST(LiveLoop, KeysAreAnsweredWithin100msWhileACollectionRuns) {
  ScopedTimeZone tz("UTC");
  SlowSource source;
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
  SlowSource::Guard guard{source};
  ASSERT_TRUE(source.wait_calls(1));  // the collection is now stuck
  std::deque<std::optional<Key>> script;
  for (int i = 0; i < 20; ++i) script.push_back(Key::special(i % 2 ? KeyKind::Down : KeyKind::Up));
  script.push_back(Key::fn(1));
  script.push_back(Key::special(KeyKind::Escape));
  script.push_back(Key::chr('q'));
  ScriptedTerminal term(80, 24, script);
  tui::ViewServices services;
  services.control = [&](const tui::CollectControl& c) { pump.control(c); };
  tui::LiveView view(numeric(), services);
  tui::LoopInputs in{term, pump, [] { return tui::Clock::now(); }, &term.stop};
  tui::run_live_loop(view, in);
  EXPECT_TRUE(view.quit_requested());
  ASSERT_EQ(term.calls.size(), 23u);
  for (std::size_t i = 1; i < term.calls.size(); ++i) {
    EXPECT_LT(term.calls[i] - term.calls[i - 1], 100ms) << "key " << i;
  }
}

TEST(SnapshotPump, ArrangesEachTableOnItsOwnThread) {
  SlowSource source;
  source.release();
  view::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
  ASSERT_TRUE(source.wait_calls(1));
  std::mutex m;
  std::thread::id arranged_on;
  pump.arrange_with(tui::RowArranger{7, [&](const LiveTablePtr& t) {
                                       std::lock_guard lock(m);
                                       arranged_on = std::this_thread::get_id();
                                       std::vector<std::size_t> order;
                                       for (std::size_t i = t->rows.size(); i-- > 0;) order.push_back(i);
                                       return order;
                                     }});
  while (pump.take()) {
  }
  pump.control(tui::CollectControl{std::nullopt, false, true});  // refresh now
  std::optional<Result<view::FeedItem>> got;
  for (int i = 0; i < 500 && !(got && *got && (*got)->arranged_version != 0); ++i) {
    got = pump.take();
    if (!got) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->arranged_version, 7u);
  EXPECT_EQ((*got)->order, (std::vector<std::size_t>{3, 2, 1, 0}));
  std::lock_guard lock(m);
  EXPECT_NE(arranged_on, std::this_thread::get_id());
  EXPECT_NE(arranged_on, std::thread::id{});
}

// The view hands its filter and sort to the collector thread and takes the order made there, unless
// the view's filter or sort changed meanwhile.
TEST(LiveView, UsesRowsArrangedOffItsThreadOnlyWhenStillCurrent) {
  ScopedTimeZone tz("UTC");
  std::vector<tui::RowArranger> sent;
  tui::ViewServices services;
  services.arrange = [&](tui::RowArranger a) { sent.push_back(std::move(a)); };
  tui::LiveView view(numeric(), services);
  view.on_key(Key::resize(80, 10), tui::Clock::now());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_NE(sent[0].version, 0u);

  auto table = std::make_shared<const LiveTable>(advance(LiveTable{}, make_snapshot(kWallStart, base_endpoints()), {}));
  // What the arranger makes is what the view would make itself.
  view.on_table(table, tui::Clock::now());
  const std::vector<std::size_t> own = view.model().state().order;
  EXPECT_EQ(sent[0].arrange(table), own);
  EXPECT_EQ(sent.size(), 1u);  // nothing changed: no new arranger

  // A current arrangement is taken as given (here deliberately another order, to see it used).
  const std::vector<std::size_t> given{3, 1, 2, 0};
  view.on_table(table, tui::Clock::now(), sent[0].version, given);
  EXPECT_EQ(view.model().state().order, given);

  // The sort changes: a new arranger goes out, and tables arranged by the old one are re-sorted.
  view.on_key(Key::chr('>'), tui::Clock::now());
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_GT(sent[1].version, sent[0].version);
  view.on_table(table, tui::Clock::now(), sent[0].version, given);
  EXPECT_EQ(view.model().state().order, sent[1].arrange(table));
  EXPECT_NE(view.model().state().order, given);
  // The filter too.
  view.on_key(Key::chr('/'), tui::Clock::now());
  for (char c : std::string("sshd")) view.on_key(Key::chr(static_cast<char32_t>(c)), tui::Clock::now());
  ASSERT_EQ(sent.size(), 6u);  // one per letter
  EXPECT_EQ(sent.back().arrange(table).size(), 2u);  // sshd's two endpoints
}

}  // namespace
}  // namespace sockscope::testing
