// The live loop with a scripted terminal and snapshot feed, and the collector thread (SnapshotPump):
// keys are answered while a slow collection runs, refresh requests and pauses reach the thread.
#include "tui/live_loop.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "tui/snapshot_pump.hpp"
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
class ScriptedFeed final : public tui::SnapshotFeed {
 public:
  std::deque<Result<SnapshotPtr>> pending;
  std::vector<tui::CollectControl> controls;
  std::optional<Result<LiveTablePtr>> take() override {
    if (pending.empty()) return std::nullopt;
    auto r = std::move(pending.front());
    pending.pop_front();
    if (!r) return Result<LiveTablePtr>(std::unexpected(r.error()));
    table_ = std::make_shared<const LiveTable>(advance(*table_, *r, {}));
    return Result<LiveTablePtr>(table_);
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
  EXPECT_EQ(view.state().cursor, 1u);  // Down was handled, 'x' after 'q' was not
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
  tui::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
  SlowSource::Guard guard{source};
  ASSERT_TRUE(source.wait_calls(1));
  const auto before = SteadyClock::now();
  EXPECT_FALSE(pump.take().has_value());
  EXPECT_LT(SteadyClock::now() - before, 50ms);
  source.release();
  // The result arrives and wakes the descriptor.
  std::optional<Result<LiveTablePtr>> got;
  for (int i = 0; i < 500 && !got; ++i) {
    got = pump.take();
    if (!got) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((**got)->latest->endpoints.size(), 4u);
  EXPECT_EQ((**got)->rows.size(), 4u);
  EXPECT_EQ((**got)->refresh, 1u);
}

TEST(SnapshotPump, PausedItCollectsOnlyOnRequest) {
  SlowSource source;
  source.release();
  tui::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
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

TEST(SnapshotPump, RunsEveryInterval) {
  SlowSource source;
  source.release();
  tui::SnapshotPump pump([&](bool u) { return source.collect(u); },
                         tui::CollectControl{std::chrono::milliseconds(100), false, false}, {});
  EXPECT_TRUE(source.wait_calls(3));  // about 200 ms
}

TEST(LiveLoop, KeysAreAnsweredWithin100msWhileACollectionRuns) {
  ScopedTimeZone tz("UTC");
  SlowSource source;
  tui::SnapshotPump pump([&](bool u) { return source.collect(u); }, tui::CollectControl{std::nullopt, false, false}, {});
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

}  // namespace
}  // namespace sockscope::testing
