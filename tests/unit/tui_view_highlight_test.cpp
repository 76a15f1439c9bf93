// Live view frames over refreshes: new rows green, closed rows red then gone, state changes yellow,
// the marker column without colour, pause and update speed.
#include <gtest/gtest.h>

#include "tui_view_fixture.hpp"

namespace sockscope::testing {
namespace {

using tui::Key;
using tui::KeyKind;

TEST(ViewHighlight, FirstFrameShowsEveryEndpointAsAlreadyThere) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  EXPECT_EQ(d.screen(),
            "Process▲ PID Proto State       Local Addr LPort Remote Addr RPort Seen         ›\n"
            "nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20\n"
            "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n"
            "\n"
            "\n"
            "\n"
            " 4 endpoints  1 established  2 listening  0 time-wait  0 close-wait   every 1 s\n"
            " F1 Help  q Quit  / Filter  Enter Props  x Close  K Kill  Space Pause");
  // Header, the selected first row reversed, nothing highlighted, status and key lines.
  const std::string full(80, 'h');
  EXPECT_EQ(d.attrs(), full + "\n" + std::string(80, '#') + "\n\n\n\n\n\n\n" + std::string(80, 's') + "\n" +
                           std::string(80, 'k'));
}

TEST(ViewHighlight, NewRowIsGreenForThreeRefreshes) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  d.refresh(1, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.lines(0, 3),
            "Process▲ PID Proto State       Local Addr LPort Remote Addr RPort Seen         ›\n"
            "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 22:13:21\n"
            "nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20");
  // Green, and the selection stayed on nginx's listener (now the second row).
  EXPECT_EQ(d.attr_line(1), std::string(80, 'g'));
  EXPECT_EQ(d.attr_line(2), std::string(80, '#'));
  d.refresh(2, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.attr_line(1), std::string(80, 'g'));
  d.refresh(3, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.attr_line(1), std::string(80, 'g'));
  d.refresh(4, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.attr_line(1), "");  // plain again
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 22:13:21");
}

TEST(ViewHighlight, ClosedRowIsRedForThreeRefreshesThenGone) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  for (int i = 1; i <= 3; ++i) {
    d.refresh(i, without_cookie(base_endpoints(), 2));
    EXPECT_EQ(d.line(2), "nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20") << i;
    EXPECT_EQ(d.attr_line(2), std::string(80, 'r')) << i;
    // A closed row is history: the counts leave it out.
    EXPECT_EQ(d.line(8), " 3 endpoints  0 established  2 listening  0 time-wait  0 close-wait   every 1 s");
  }
  d.refresh(4, without_cookie(base_endpoints(), 2));
  EXPECT_EQ(d.lines(1, 4),
            "nginx    100 tcp   LISTEN 0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "sshd     300 tcp6  LISTEN ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN 0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n");
}

TEST(ViewHighlight, StateChangeIsYellowForThreeRefreshes) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection(TcpState::SynSent)));
  EXPECT_EQ(d.attr_line(1), std::string(80, '#'));  // curl, selected, not highlighted
  d.key(Key::special(KeyKind::Down));
  d.refresh(1, with(base_endpoints(), curl_connection(TcpState::Established)));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
  for (int i = 2; i <= 3; ++i) {
    EXPECT_EQ(d.attr_line(1), std::string(80, 'y'));
    d.refresh(i, with(base_endpoints(), curl_connection(TcpState::Established)));
  }
  EXPECT_EQ(d.attr_line(1), std::string(80, 'y'));
  d.refresh(4, with(base_endpoints(), curl_connection(TcpState::Established)));
  EXPECT_EQ(d.attr_line(1), "");
}

TEST(ViewHighlight, HighlightLengthIsConfigurable) {
  auto settings = ViewDriver::default_settings();
  settings.highlight_refreshes = 1;
  ViewDriver d(settings, 80, 10);
  d.refresh(0, base_endpoints());
  d.refresh(1, with(without_cookie(base_endpoints(), 2), curl_connection()));
  EXPECT_EQ(d.attr_line(1), std::string(80, 'g'));
  EXPECT_EQ(d.attr_line(3), std::string(80, 'r'));
  d.refresh(2, with(without_cookie(base_endpoints(), 2), curl_connection()));
  EXPECT_EQ(d.attr_line(1), "");
  EXPECT_EQ(d.line(3), "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20");
}

TEST(ViewHighlight, WithoutColourAMarkerColumnCarriesTheChanges) {
  auto settings = ViewDriver::default_settings();
  settings.color = false;
  ViewDriver d(settings, 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection(TcpState::SynSent)));
  d.refresh(1, with(without_cookie(base_endpoints(), 2), curl_connection(TcpState::Established)));
  d.refresh(2, with(with(without_cookie(base_endpoints(), 2), curl_connection(TcpState::Established)),
                    owned(tcp4("10.0.0.1", 80, "10.0.0.7", 40000, TcpState::Established, 6), {0})));
  EXPECT_EQ(d.lines(0, 7),
            "  Process▲ PID Proto State       Local Addr LPort Remote Addr RPort Seen       ›\n"
            "* curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20\n"
            "  nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "+ nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.7    40000 22:13:22\n"
            "- nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20\n"
            "  sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n"
            "  sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
  // No colour roles at all, only the selection's reversal.
  EXPECT_EQ(d.attr_lines(1, 6), std::string(80, '#') + "\n\n\n\n\n");
}

TEST(ViewHighlight, PauseAndUpdateSpeedGoToTheCollector) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  auto& controls = d.fakes().controls;
  d.key(Key::chr(' '));
  ASSERT_FALSE(controls.empty());
  EXPECT_EQ(controls.back(), (tui::CollectControl{std::nullopt, false, false}));
  EXPECT_EQ(d.line(8), " 4 endpoints  1 established  2 listening  0 time-wait  0 close-wait      PAUSED");
  EXPECT_EQ(d.line(9), " Paused: Space resumes, F5 refreshes once");
  d.key(Key::fn(5));
  EXPECT_EQ(controls.back(), (tui::CollectControl{std::nullopt, false, true}));
  // While paused, a refresh still applies when it comes (F5) and ages highlights by one.
  d.refresh(1, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.attr_line(1), std::string(80, 'g'));
  d.key(Key::chr(' '));
  EXPECT_EQ(controls.back(), (tui::CollectControl{std::chrono::milliseconds(1000), false, true}));
  d.key(Key::chr('5'));
  EXPECT_EQ(controls.back(), (tui::CollectControl{std::chrono::milliseconds(5000), false, false}));
  EXPECT_EQ(d.line(8), " 5 endpoints  2 established  2 listening  0 time-wait  0 close-wait   every 5 s");
  d.key(Key::chr('2'));
  EXPECT_EQ(controls.back().interval, std::chrono::milliseconds(2000));
  // The message goes after five seconds of the clock.
  EXPECT_EQ(d.line(9), " Updating every 2 s");
  d.advance(std::chrono::seconds(6));
  EXPECT_EQ(d.line(9), " F1 Help  q Quit  / Filter  Enter Props  x Close  K Kill  Space Pause");
}

TEST(ViewHighlight, FractionalIntervalIsShown) {
  auto settings = ViewDriver::default_settings();
  settings.interval = std::chrono::milliseconds(500);
  ViewDriver d(settings, 80, 10);
  d.refresh(0, base_endpoints());
  EXPECT_EQ(d.line(8), " 4 endpoints  1 estab  2 listen  0 time-wait  0 close-wait          every 0.5 s");
}

TEST(ViewStatusBar, CountsEachStateAndNotesHiddenOwners) {
  std::vector<Endpoint> eps = base_endpoints();
  eps.push_back(tcp4("10.0.0.1", 80, "10.0.0.7", 40001, TcpState::TimeWait, 11));
  eps.push_back(tcp4("10.0.0.1", 80, "10.0.0.7", 40002, TcpState::TimeWait, 12));
  eps.push_back(tcp4("10.0.0.1", 80, "10.0.0.8", 40003, TcpState::CloseWait, 13));
  eps.push_back(tcp6("::1", 9000, "::1", 40004, TcpState::Established, 14));
  auto snap = make_snapshot(kWallStart, eps);
  std::const_pointer_cast<Snapshot>(snap)->notes.owners_incomplete = true;

  ViewDriver d(ViewDriver::default_settings(), 100, 12);
  d.refresh(snap);
  EXPECT_EQ(d.line(10),
            " 8 endpoints  2 established  2 listening  2 time-wait  1 close-wait                       every 1 s");
  // Not root: say why owners are missing and how to see them, before the key hints.
  EXPECT_TRUE(d.line(11).starts_with(" Some owners hidden: run as root \u2502 F1 Help  q Quit")) << d.line(11);

  // As root the same note cannot advise root.
  auto as_root = ViewDriver::default_settings();
  as_root.as_root = true;
  ViewDriver r(as_root, 100, 12);
  r.refresh(snap);
  EXPECT_NE(r.line(11).find("Some owners hidden (unreadable even as root)"), std::string::npos) << r.line(11);

  // Every owner readable: no note.
  ViewDriver plain(ViewDriver::default_settings(), 100, 12);
  plain.refresh(0, eps);
  EXPECT_EQ(plain.line(11).find("owners"), std::string::npos) << plain.line(11);

  // A session-long notice (only the current network namespace is seen) stays in the status bar.
  auto noticed = ViewDriver::default_settings();
  noticed.notice = "showing the current network namespace only";
  ViewDriver n(noticed, 100, 12);
  n.refresh(0, eps);
  EXPECT_TRUE(n.line(11).starts_with(" showing the current network namespace only \u2502 F1 Help")) << n.line(11);
  n.refresh(1, eps);
  EXPECT_NE(n.line(11).find("current network namespace only"), std::string::npos) << "still there: " << n.line(11);

  // Paused, the right end says so instead of the speed.
  d.key(tui::Key::chr(' '));
  EXPECT_TRUE(d.line(10).ends_with("1 close-wait                          PAUSED")) << d.line(10);
}

}  // namespace
}  // namespace sockscope::testing
