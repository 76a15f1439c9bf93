// Live view table behaviour: sorting (keys, header clicks, stable across refreshes), selection tracking,
// quick filter, protocol/state/column choosers, names, horizontal scroll, resize, hostile text.
#include <gtest/gtest.h>

#include "view/view_rows.hpp"
#include "tui_view_fixture.hpp"

namespace sockscope::testing {
namespace {

using tui::Key;
using tui::KeyKind;

TEST(ViewTable, SortByKeysAndInvert) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.key(Key::chr('>'));  // Process Name -> PID
  EXPECT_EQ(d.lines(0, 6),
            "Process PID▲ Proto State       Local Addr LPort Remote Addr RPort Seen         ›\n"
            "nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20\n"
            "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20\n"
            "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
  d.key(Key::chr('I'));
  EXPECT_EQ(d.lines(0, 6),
            "Process PID▼ Proto State       Local Addr LPort Remote Addr RPort Seen         ›\n"
            "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n"
            "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20\n"
            "nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20");
}

TEST(ViewTable, SortByHeaderClickAndAgainToInvert) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.screen();  // lays the columns out
  d.key(Key::click(60, 0));  // "RPort"
  EXPECT_EQ(d.lines(0, 6),
            "Process PID Proto State       Local Addr LPort Remote Addr RPort▲ Seen         ›\n"
            "nginx   100 tcp   LISTEN      0.0.0.0       80 0.0.0.0          0 ≤22:13:20\n"
            "sshd    300 tcp6  LISTEN      ::            22 ::               0 ≤22:13:20\n"
            "sshd    300 udp   UNCONN      0.0.0.0       68 0.0.0.0          0 ≤22:13:20\n"
            "curl    200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2        80 ≤22:13:20\n"
            "nginx   100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9     51234 ≤22:13:20");
  d.key(Key::click(60, 0));
  EXPECT_EQ(d.line(1), "nginx   100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9     51234 ≤22:13:20");
}

TEST(ViewTable, AddressesSortAsAddressesNotText) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, {owned(tcp4("10.0.0.1", 1, "9.9.9.9", 1, TcpState::Established, 1), {0}),
                owned(tcp4("10.0.0.1", 2, "10.0.0.10", 1, TcpState::Established, 2), {0}),
                owned(tcp4("10.0.0.1", 3, "10.0.0.9", 1, TcpState::Established, 3), {0})});
  d.key(Key::fn(6));
  for (int i = 0; i < 6; ++i) d.key(Key::special(KeyKind::Down));  // Remote Address
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.lines(1, 3),
            "nginx   100 tcp   ESTABLISHED 10.0.0.1       1 9.9.9.9          1 ≤22:13:20\n"
            "nginx   100 tcp   ESTABLISHED 10.0.0.1       3 10.0.0.9         1 ≤22:13:20\n"
            "nginx   100 tcp   ESTABLISHED 10.0.0.1       2 10.0.0.10        1 ≤22:13:20");
}

TEST(ViewTable, OrderOfEqualRowsHoldsWhateverTheSnapshotOrder) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  auto eps = with(base_endpoints(), curl_connection());
  d.refresh(0, eps);
  const std::string first = d.lines(1, 5);
  std::reverse(eps.begin(), eps.end());
  d.refresh(1, eps);
  EXPECT_EQ(d.lines(1, 5), first);
}

TEST(ViewTable, SelectionStaysOnTheSameEndpointAcrossRefreshes) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  d.key(Key::special(KeyKind::Down));
  d.key(Key::special(KeyKind::Down));  // sshd tcp6 listener
  EXPECT_EQ(d.attr_line(3), std::string(80, '#'));
  // Rows that sort before it arrive; the selection moves down with its row.
  d.refresh(1, with(with(base_endpoints(), curl_connection()),
                    owned(tcp4("10.0.0.1", 80, "10.0.0.7", 40000, TcpState::Established, 6), {0})));
  EXPECT_EQ(d.line(5), "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20");
  EXPECT_EQ(d.attr_line(5), std::string(80, '#'));
  // Its row goes (closed, then dropped): the selection stays where it was.
  for (int i = 2; i <= 5; ++i) d.refresh(i, with(without_cookie(base_endpoints(), 3), curl_connection()));
  EXPECT_EQ(d.attr_line(5), "");
  EXPECT_EQ(d.attr_line(4), std::string(80, '#'));
  EXPECT_EQ(d.line(4), "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
}

TEST(ViewTable, PagingScrollsAndMouseSelects) {
  ViewDriver d(ViewDriver::default_settings(), 80, 8);  // five rows on a page
  std::vector<Endpoint> many;
  for (std::uint16_t i = 0; i < 12; ++i) {
    many.push_back(owned(tcp4("10.0.0.1", static_cast<std::uint16_t>(1000 + i), "10.0.0.2", 80, TcpState::Established, 10 + i), {1}));
  }
  d.refresh(0, many);
  d.key(Key::special(KeyKind::PageDown));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1    1001 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.attr_line(5), std::string(80, '#'));  // 1005
  d.key(Key::special(KeyKind::End));
  EXPECT_EQ(d.line(5), "curl     200 tcp   ESTABLISHED 10.0.0.1    1011 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.attr_line(5), std::string(80, '#'));
  d.key(Key::click(10, 2));
  EXPECT_EQ(d.attr_line(2), std::string(80, '#'));
  d.key(Key::special(KeyKind::Home));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1    1000 10.0.0.2       80 ≤22:13:20");
}

TEST(ViewTable, AnExpressionFilterIsAQueryAcrossRefreshes) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.keys("/pid >= 300");
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.lines(1, 3),
            "sshd     300 tcp6  LISTEN ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN 0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n");
  EXPECT_TRUE(d.line(9).starts_with(" Query: pid >= 300 │ ")) << d.line(9);
  d.key(Key::special(KeyKind::Down));
  const std::string selected = d.attr_line(2);
  d.refresh(1, with(base_endpoints(), curl_connection()));
  EXPECT_EQ(d.lines(1, 3),
            "sshd     300 tcp6  LISTEN ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN 0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n");
  EXPECT_EQ(d.attr_line(2), selected) << "the selection stays on its row";
  EXPECT_TRUE(d.line(9).starts_with(" Query: pid >= 300 │ ")) << d.line(9);
}

TEST(ViewTable, QuickFilterNarrowsAsYouType) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.keys("/ss");
  EXPECT_EQ(d.line(9), "Filter: ss");
  EXPECT_EQ(d.attr_line(9), std::string(10, 'i') + "I" + std::string(69, 'i'));  // the input line, its cursor
  d.keys("hd");
  EXPECT_EQ(d.lines(1, 3),
            "sshd     300 tcp6  LISTEN ::            22 ::              0 ≤22:13:20\n"
            "sshd     300 udp   UNCONN 0.0.0.0       68 0.0.0.0         0 ≤22:13:20\n");
  EXPECT_EQ(d.line(8), " 2 endpoints  0 established  1 listening  0 time-wait  0 close-wait   every 1 s");
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.line(9), " Filter: sshd │ F1 Help  q Quit  / Filter  Enter Props  x Close  K Kill");
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.line(5), "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
  // Ctrl+F, ports and addresses; Backspace edits.
  d.key(Key::ctrl('f'));
  d.keys("443210");
  EXPECT_EQ(d.line(1), " No endpoint matches the filter (Esc clears it).");
  d.key(Key::special(KeyKind::Backspace));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.line(2), "");
}

// Typing on only narrows: the view keeps the rows still matching in their order instead of sorting
// again; that must be exactly the order a full sort gives.
TEST(ViewTable, TypingOnNarrowsToWhatAFullSortGives) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  std::vector<Endpoint> eps = with(base_endpoints(), curl_connection());
  for (std::uint16_t i = 0; i < 6; ++i) {
    eps.push_back(owned(tcp4("10.0.0.1", static_cast<std::uint16_t>(40000 + i * 7), "10.0.1.5", 443,
                             i % 2 ? TcpState::TimeWait : TcpState::Established, 100 + i),
                        {static_cast<std::uint32_t>(i % 3)}));
  }
  d.refresh(0, eps);
  d.keys(">>>");  // sort by State
  d.key(Key::chr('I'));  // descending
  d.key(Key::chr('/'));
  for (char c : std::string("10.0.1")) {
    d.key(Key::chr(static_cast<char32_t>(c)));
    EXPECT_EQ(d.model().order, view::ordered_rows(d.model(), view::CellContext{})) << "after '" << c << "'";
  }
  EXPECT_EQ(d.model().order.size(), 6u);
  d.key(Key::special(KeyKind::Backspace));  // widens: sorted again
  EXPECT_EQ(d.model().order, view::ordered_rows(d.model(), view::CellContext{}));
  EXPECT_EQ(d.model().order.size(), 8u);  // every row with a 10.0. address
}

TEST(ViewTable, ProtocolChooserHidesAndUnixIsCollectedOnDemand) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  d.refresh(0, base_endpoints());
  d.key(Key::chr('p'));
  EXPECT_EQ(d.lines(4, 9),
            "sshd     300 udp   UNCONN  ┌─ Protocols ────────────┐.0         0 ≤22:13:20\n"
            "                           │ [x] TCPv4              │\n"
            "                           │ [x] TCPv6              │\n"
            "                           │ [x] UDPv4              │\n"
            "                           │ [x] UDPv6              │\n"
            "                           │ [ ] UNIX               │\n"
            "                           │ Space toggle  Esc done │\n"
            "                           └────────────────────────┘\n"
            "");
  d.key(Key::special(KeyKind::Down));
  d.key(Key::special(KeyKind::Down));
  d.key(Key::chr(' '));  // UDPv4 off
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.lines(1, 4),
            "nginx    100 tcp   LISTEN      0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "nginx    100 tcp   ESTABLISHED 10.0.0.1      80 10.0.0.9    51234 ≤22:13:20\n"
            "sshd     300 tcp6  LISTEN      ::            22 ::              0 ≤22:13:20\n");
  EXPECT_TRUE(d.fakes().controls.empty());  // hiding needs no new collection
  d.key(Key::chr('p'));
  d.key(Key::special(KeyKind::End));
  d.key(Key::chr(' '));  // UNIX on
  ASSERT_EQ(d.fakes().controls.size(), 1u);
  EXPECT_EQ(d.fakes().controls[0], (tui::CollectControl{std::chrono::milliseconds(1000), true, true}));
  d.key(Key::special(KeyKind::Escape));
  // The UNIX sockets that now arrive were there before: not highlighted as new.
  Endpoint u;
  u.proto = Proto::Unix;
  u.family = Family::Unix;
  u.state = TcpState::Listen;
  u.inode = 77;
  u.unix_path = "/run/app.sock";
  d.refresh(1, with(base_endpoints(), owned(u, {1})));
  EXPECT_EQ(d.line(1), "curl     200 unix  LISTEN      /run/app.sock                         ≤22:13:21");
  EXPECT_EQ(d.attr_line(1), "");
}

TEST(ViewTable, StateChooserAllNoneAndEach) {
  ViewDriver d(ViewDriver::default_settings(), 80, 24);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.key(Key::chr('s'));
  d.key(Key::special(KeyKind::Down));
  d.key(Key::chr(' '));  // None
  EXPECT_EQ(d.line(5), "                           │ [x] None               │");
  EXPECT_EQ(d.line(6), "                           │ [ ] ESTABLISHED        │");
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.line(1), " No endpoints to show (p: protocols, s: states).");
  d.key(Key::chr('s'));
  for (int i = 0; i < 11; ++i) d.key(Key::special(KeyKind::Down));  // LISTEN
  d.key(Key::chr(' '));
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.lines(1, 3),
            "nginx    100 tcp   LISTEN 0.0.0.0       80 0.0.0.0         0 ≤22:13:20\n"
            "sshd     300 tcp6  LISTEN ::            22 ::              0 ≤22:13:20\n");
  d.key(Key::chr('s'));
  d.key(Key::chr(' '));  // All
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.line(5), "sshd     300 udp   UNCONN      0.0.0.0       68 0.0.0.0         0 ≤22:13:20");
}

TEST(ViewTable, ColumnChooserHidesAndReorders) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  d.refresh(0, base_endpoints());
  d.key(Key::chr('o'));
  d.key(Key::special(KeyKind::Down));
  d.key(Key::chr(' '));                   // PID hidden
  d.key(Key::special(KeyKind::Down));     // now on State (the list moved up)
  d.key(Key::chr('['));                   // State before Protocol
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.lines(0, 2),
            "Process▲ State       Proto Local Addr LPort Remote Addr RPort Seen             ›\n"
            "nginx    LISTEN      tcp   0.0.0.0       80 0.0.0.0         0 ≤22:13:20");
}

TEST(ViewTable, HorizontalScrollShowsTheOtherColumns) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  Endpoint c = curl_connection();
  c.tcp = TcpCounters{};
  c.tcp->segs_out = 12;
  c.tcp->segs_in = 10;
  c.tcp->bytes_sent = 1500;
  c.tcp->bytes_received = 64000;
  d.refresh(0, {c});
  c.tcp->bytes_sent += 3000;
  c.tcp->bytes_received += 1'500'000;
  d.refresh(2, {c});  // two seconds later
  for (int i = 0; i < 8; ++i) d.key(Key::special(KeyKind::Right));
  EXPECT_EQ(d.lines(0, 2),
            "‹Seen      Sent Pkts Rcvd Pkts Sent Bytes Rcvd Bytes Send Rate  Recv Rate User ›\n"
            " ≤22:13:20        12        10       4500    1564000  1.5 kB/s 750.0 kB/s root");
}

TEST(ViewTable, WideTerminalShowsFullTitlesAndMoreColumns) {
  ViewDriver d(ViewDriver::default_settings(), 200, 10);
  d.refresh(0, with(base_endpoints(), curl_connection()));
  const std::string header =
      "Process Name▲ PID Protocol State       Local Address Local Port Remote Address Remote Port First Seen "
      "Sent Packets Rcvd Packets Sent Bytes Rcvd Bytes Send Rate Recv Rate User";
  EXPECT_EQ(d.line(0).substr(0, header.size()), header);
  EXPECT_EQ(d.line(1).substr(0, 90),
            "curl          200 tcp      ESTABLISHED 10.0.0.1           44321 10.0.0.2                80");
  // Narrower, short titles let more columns in.
  d.key(Key::resize(120, 10));
  EXPECT_EQ(d.line(0),
            "Process▲ PID Proto State       Local Addr LPort Remote Addr RPort Seen      Sent Pkts Rcvd Pkts Sent Bytes Rcvd Bytes  ›");
}

TEST(ViewTable, ResizeKeepsTheSelectionInView) {
  ViewDriver d(ViewDriver::default_settings(), 80, 24);
  std::vector<Endpoint> many;
  for (std::uint16_t i = 0; i < 30; ++i) {
    many.push_back(owned(tcp4("10.0.0.1", static_cast<std::uint16_t>(1000 + i), "10.0.0.2", 80, TcpState::Established, 10 + i), {1}));
  }
  d.refresh(0, many);
  for (int i = 0; i < 20; ++i) d.key(Key::special(KeyKind::Down));
  EXPECT_EQ(d.line(21), "curl     200 tcp   ESTABLISHED 10.0.0.1    1020 10.0.0.2       80 ≤22:13:20");
  d.key(Key::resize(100, 10));  // seven rows now
  EXPECT_EQ(d.line(7), "curl     200 tcp   ESTABLISHED 10.0.0.1    1020 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.attr_line(7), std::string(100, '#'));
  EXPECT_EQ(d.line(9), " F1 Help  q Quit  / Filter  Enter Props  x Close  K Kill  Space Pause  F5 Refresh");
  d.key(Key::resize(120, 40));
  EXPECT_EQ(d.line(21), "curl     200 tcp   ESTABLISHED 10.0.0.1    1020 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.attr_line(21), std::string(120, '#'));
}

TEST(ViewTable, NamesReplaceNumbersAsTheyArrive) {
  auto settings = ViewDriver::default_settings();
  settings.resolve = true;
  ViewDriver d(settings, 80, 10);
  d.refresh(0, {curl_connection()});
  d.view().request_visible_names();
  ASSERT_EQ(d.fakes().requested.size(), 2u);
  EXPECT_EQ(d.fakes().requested[1], ip4("10.0.0.2"));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
  d.fakes().names.hosts["10.0.0.2"] = "web.example.org";
  d.fakes().names.services[{80, Proto::Tcp}] = "http";
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 web.example.org  http ≤22:13:20");
  d.key(Key::ctrl('r'));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
  EXPECT_EQ(d.line(9), " Numeric addresses and ports");
  d.fakes().requested.clear();
  d.view().request_visible_names();
  EXPECT_TRUE(d.fakes().requested.empty());
  d.key(Key::chr('r'));
  d.keys("/web.ex");
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 web.example.org  http ≤22:13:20");
}

TEST(ViewTable, HostileNamesAreEscapedNeverRaw) {
  ViewDriver d(ViewDriver::default_settings(), 80, 10);
  auto procs = standard_processes();
  procs[1].name = "ev\x1b[2Jil\n";
  d.refresh(0, {curl_connection()}, procs);
  const std::string screen = d.screen();
  EXPECT_EQ(screen.find('\x1b'), std::string::npos);
  // Squeezed to fit, the escapes shown as text.
  EXPECT_EQ(d.line(1), "ev\\x1b[2Jil… 200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
}

}  // namespace
}  // namespace sockscope::testing
