// Live view frames with the event capture: a connection born and gone between two refreshes is a red
// closed row marked SHORT-LIVED, with its owner, lifetime and bytes; the status bar counts them.
#include <gtest/gtest.h>

#include "logic/short_lived.hpp"
#include "tui_view_fixture.hpp"
#include "view/live_model.hpp"

namespace sockscope::testing {
namespace {

// Boot time 0 is kWallStart: an event at boot time 1.5 s is 22:13:21.5.
constexpr std::int64_t kBootToUnix = 1'700'000'000'000'000'000;

// beacon (4242) connected 10.0.0.1:40000 -> 10.0.0.2:80 at boot time 1.5 s for 3.2 ms.
ConnEvent beacon_connection(std::uint64_t cookie = 77) {
  ConnEvent e;
  e.kind = ConnEventKind::Closed;
  e.old_state = TcpState::FinWait1;
  e.new_state = TcpState::Close;
  e.cookie = cookie;
  e.local = ip4("10.0.0.1");
  e.remote = ip4("10.0.0.2");
  e.local_port = 40000;
  e.remote_port = 80;
  e.open_ns = 1'500'000'000;
  e.close_ns = e.open_ns + 3'200'000;
  e.tcp.bytes_sent = 518;
  e.tcp.bytes_received = 1234;
  e.owner = ConnOwner{4242, 4242, 1000, 0, "beacon\x1b[31m"};  // a hostile name: escaped on screen
  return e;
}

// What the collector thread does with the capture (SnapshotPump): pick, then the one diff.
class EventDriver {
 public:
  EventDriver(int width, int height, std::size_t cap = 500) : d_(ViewDriver::default_settings(), width, height) {
    options_.cap = cap;
    options_.boot_to_unix_ns = kBootToUnix;
  }
  void refresh(int seconds, std::vector<Endpoint> endpoints, std::vector<ConnEvent> events = {}, std::uint64_t lost = 0) {
    const LiveTable& prev = *d_.model().table;
    auto cur = make_snapshot(kWallStart + std::chrono::seconds(seconds), std::move(endpoints));
    const ShortLivedPick pick = pick_short_lived(prev, *cur, events, options_);
    DiffScratch scratch;
    auto next = std::make_shared<LiveTable>(advance(prev, cur, DiffOptions{}, scratch, pick.rows));
    next->events.capturing = true;
    next->events.short_lived += pick.seen;
    next->events.over_cap += pick.over_cap;
    next->events.lost = lost;
    now_ += std::chrono::seconds(1);
    d_.view().on_table(std::move(next), now_);
  }
  ViewDriver& d() { return d_; }

 private:
  ViewDriver d_;
  ShortLivedOptions options_;
  tui::Clock::time_point now_{};
};

TEST(ViewShortLived, ConnectionBetweenRefreshesIsARedShortLivedRowWithOwner) {
  EventDriver e(80, 10);
  e.refresh(0, base_endpoints());
  e.refresh(1, base_endpoints(), {beacon_connection()});
  EXPECT_EQ(e.d().lines(0, 6),
            "Process▲     PID Proto State       Local Addr LPort Remote Addr RPort Seen     ›\n"
            "beacon\\x1b… 4242 tcp   SHORT-LIVED 10.0.0.1   40000 10.0.0.2       80 22:13:21\n"
            "nginx        100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "nginx        100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20\n"
            "sshd         300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n"
            "sshd         300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
  EXPECT_EQ(e.d().attr_line(1), std::string(80, 'r'));
}

TEST(ViewShortLived, RowShowsLifetimeAndBytesAndLeavesLikeAnyClosedRow) {
  EventDriver e(80, 10);
  e.refresh(0, base_endpoints());
  e.refresh(1, base_endpoints(), {beacon_connection()});
  const view::LiveModel& m = e.d().view().model();
  ASSERT_EQ(m.row_count(), 5u);
  const LiveRow& row = *m.row(0).row;
  ASSERT_TRUE(row.short_lived);
  EXPECT_EQ(m.row(0).highlight, RowStatus::Closed);
  auto cell = [&](std::string_view key) {
    std::string out;
    view::append_cell_text(out, m.state().catalog[view::find_view_column(m.state().catalog, key)], row, m.cell_context());
    return out;
  };
  EXPECT_EQ(cell("lifetime"), "3.2 ms");
  EXPECT_EQ(cell("state"), "SHORT-LIVED");
  EXPECT_EQ(cell("bytes_received"), "1234");
  EXPECT_EQ(cell("bytes_sent"), "518");
  EXPECT_EQ(cell("first_seen"), "22:13:21");
  // Lifetime is in the columns shown at start (last, as it is no TCPView column).
  const auto& visible = m.state().visible;
  EXPECT_EQ(m.state().catalog[visible.back()].key, "lifetime");
  // Red for the highlight lifetime, then gone.
  e.refresh(2, base_endpoints());
  e.refresh(3, base_endpoints());
  EXPECT_EQ(e.d().attr_line(1), std::string(80, 'r'));
  e.refresh(4, base_endpoints());
  EXPECT_EQ(m.row_count(), 4u);
}

TEST(ViewShortLived, StatusBarCountsThemSinceStartWithLostEventsAndTheCap) {
  EventDriver e(120, 12, /*cap=*/1);
  e.refresh(0, base_endpoints());
  EXPECT_EQ(e.d().line(10),
            " 4 endpoints  1 established  2 listening  0 time-wait  0 close-wait  0 short-lived" + std::string(28, ' ') +
                "every 1 s");
  e.refresh(1, base_endpoints(), {beacon_connection(77), beacon_connection(78)}, /*lost=*/3);
  EXPECT_EQ(e.d().line(10),
            " 4 endpoints  1 estab  2 listen  0 time-wait  0 close-wait  2 short-lived (1 not shown: too many at once), 3 "
            "events lost");
  EXPECT_EQ(e.d().model().table->rows.size(), 5u);  // capped: one of the two shown
  e.refresh(5, base_endpoints());
  e.refresh(6, base_endpoints());
  e.refresh(7, base_endpoints(), {beacon_connection(79)}, 3);
  // Since start: the count only grows.
  EXPECT_NE(e.d().line(10).find(" 3 short-lived (1 not shown"), std::string::npos) << e.d().line(10);
}

TEST(ViewShortLived, WithoutACaptureTheStatusBarSaysNothingOfThem) {
  ViewDriver d(ViewDriver::default_settings(), 120, 10);
  d.refresh(0, base_endpoints());
  EXPECT_EQ(d.line(8).find("short-lived"), std::string::npos);
  EXPECT_EQ(view::event_tally_text(EventTally{}), "");
}

}  // namespace
}  // namespace sockscope::testing
