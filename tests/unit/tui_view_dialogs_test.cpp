// Live view dialogs: help, process properties, close and end-process confirmations with their error
// messages, save to a file by extension, copy to the clipboard.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <csignal>

#include "tui_view_fixture.hpp"

namespace sockscope::testing {
namespace {

using tui::Key;
using tui::KeyKind;

// Base endpoints plus curl, selected (the first row, sorted by process name).
ViewDriver& with_curl_selected(ViewDriver& d) {
  d.refresh(0, with(base_endpoints(), curl_connection()));
  return d;
}

TEST(ViewDialogs, HelpListsTheKeysAndScrolls) {
  ViewDriver d(ViewDriver::default_settings(), 80, 24);
  with_curl_selected(d);
  d.key(Key::fn(1));
  EXPECT_EQ(d.lines(1, 4),
            "c┌─ Help ────────────────────────────────────────────────────────────────────┐\n"
            "n│ F1, ?               this help                                             │\n"
            "n│ q, F10              quit                                                  │\n"
            "s│ Up Down PgUp PgDn   move the selection (Home, End; mouse click, wheel)    │");
  EXPECT_EQ(d.line(21), " │ ↑↓ scroll   Esc close   1-19/28                                           │");
  d.key(Key::special(KeyKind::End));
  EXPECT_EQ(d.line(21), " │ ↑↓ scroll   Esc close   10-28/28                                          │");
  EXPECT_EQ(d.line(20), " │ were already there when sockscope started.                                │");
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.line(1), "curl     200 tcp   ESTABLISHED 10.0.0.1   44321 10.0.0.2       80 ≤22:13:20");
  d.key(Key::chr('?'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::Help);
  d.key(Key::chr('q'));  // closes the help, does not quit
  EXPECT_FALSE(d.view().quit_requested());
  d.key(Key::chr('q'));
  EXPECT_TRUE(d.view().quit_requested());
}

TEST(ViewDialogs, ProcessPropertiesShowTheProcessAndItsEndpoints) {
  ViewDriver d(ViewDriver::default_settings(), 80, 30);
  d.fakes().details.cwd = "/var/www";
  d.fakes().details.cgroup = "0::/system.slice/nginx.service\n";
  Process parent = process(1, "systemd", "/usr/lib/systemd/systemd", {"/sbin/init"});
  d.fakes().details.ancestry = {standard_processes()[0], parent};
  d.refresh(0, with(base_endpoints(), curl_connection()));
  d.key(Key::special(KeyKind::Down));  // nginx's listener
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.lines(6, 17),
            "             ┌─ Process Properties ──────────────────────────────┐\n"
            "             │ Name          nginx                               │\n"
            "             │ PID           100                                 │\n"
            "             │ Parent        1 (systemd)                         │\n"
            "             │ User          www-data (uid 33)                   │\n"
            "             │ Started       2023-11-14T21:56:40+00:00           │\n"
            "             │ Executable    /usr/sbin/nginx                     │\n"
            "             │ Command line  nginx -g daemon off;                │\n"
            "             │ Directory     /var/www                            │\n"
            "             │ Unit          -                                   │\n"
            "             │ Cgroup        0::/system.slice/nginx.service      │\n"
            "             │                                                   │\n"
            "             │ Endpoints of this process (2):                    │\n"
            "             │   tcp  0.0.0.0:80 -> 0.0.0.0:*  LISTEN            │\n"
            "             │   tcp  10.0.0.1:80 -> 10.0.0.9:51234  ESTABLISHED │\n"
            "             │ ↑↓ scroll   Esc close                             │\n"
            "             └───────────────────────────────────────────────────┘");
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::None);
}

TEST(ViewDialogs, PropertiesOfAnEndpointWithoutOwnerSaySo) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  d.refresh(0, {tcp4("10.0.0.1", 80, "10.0.0.9", 5000, TcpState::TimeWait, 9)});
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.state().dialog.title, "Endpoint");
  EXPECT_EQ(d.state().dialog.lines[0], "tcp  10.0.0.1:80 -> 10.0.0.9:5000  TIME_WAIT");
  EXPECT_EQ(d.state().dialog.lines[2], "No process is known to hold this endpoint: TIME_WAIT and orphaned");
}

TEST(ViewDialogs, LongPropertyValuesWrapUnderTheirLabel) {
  ViewDriver d(ViewDriver::default_settings(), 60, 30);
  auto procs = standard_processes();
  procs[1].cmdline = {"curl", "--header", "X-Long: " + std::string(60, 'a')};
  d.refresh(0, {curl_connection()}, procs);
  d.key(Key::special(KeyKind::Enter));
  const std::string screen = d.screen();
  EXPECT_NE(screen.find(" │ Command line  curl --header X-Long: aaaaaaaaaaaaaaaaaa │\n"
                        " │               aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa │\n"
                        " │               aa                                       │\n"),
            std::string::npos)
      << screen;
}

TEST(ViewDialogs, CloseConnectionAsksThenClosesAndRefreshes) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.key(Key::chr('x'));
  EXPECT_EQ(d.lines(3, 10),
            "nginx    1┌─ Close Connection ───────────────────────────────────────┐13:20\n"
            "sshd     3│ Close this TCP connection?                               │13:20\n"
            "sshd     3│                                                          │13:20\n"
            "          │   curl (200)                                             │\n"
            "          │   tcp  10.0.0.1:44321 -> 10.0.0.2:80  ESTABLISHED        │\n"
            "          │                                                          │\n"
            "          │ The kernel aborts it (SOCK_DESTROY): the program sees an │\n"
            "          │ error and the peer gets a reset.                         │\n"
            "          │ y/Enter yes   n/Esc no                                   │\n"
            "          └──────────────────────────────────────────────────────────┘");
  d.key(Key::chr('n'));
  EXPECT_TRUE(d.fakes().closed.empty());
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::None);
  d.key(Key::special(KeyKind::Delete));
  d.key(Key::chr('y'));
  ASSERT_EQ(d.fakes().closed.size(), 1u);
  EXPECT_EQ(d.fakes().closed[0].cookie, 5u);
  EXPECT_EQ(d.fakes().closed[0].local_port, 44321);
  EXPECT_EQ(d.line(15), " Closed tcp  10.0.0.1:44321 -> 10.0.0.2:80  ESTABLISHED");
  ASSERT_FALSE(d.fakes().controls.empty());
  EXPECT_TRUE(d.fakes().controls.back().refresh_now);
}

TEST(ViewDialogs, CloseWithoutPermissionExplainsCapNetAdmin) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.fakes().close_result = fail("Operation not permitted", EPERM);
  d.key(Key::chr('x'));
  d.key(Key::special(KeyKind::Enter));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::Message);
  EXPECT_EQ(d.lines(5, 5),
            "sshd    ┌─ Cannot Close ───────────────────────────────────────────────┐:20\n"
            "        │ Not permitted: closing a connection needs CAP_NET_ADMIN.     │\n"
            "        │ Run sockscope as root (sudo sockscope) to close connections. │\n"
            "        │ ↑↓ scroll   Esc close                                        │\n"
            "        └──────────────────────────────────────────────────────────────┘");
  d.key(Key::chr(' '));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::Message);  // Space scrolls, any other key closes
  d.key(Key::chr('z'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::None);
}

TEST(ViewDialogs, CloseOnAKernelWithoutDestroySaysSo) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.fakes().close_result = fail("Operation not supported", EOPNOTSUPP);
  d.key(Key::chr('x'));
  d.key(Key::chr('y'));
  ASSERT_EQ(d.state().dialog.lines.size(), 2u);
  EXPECT_EQ(d.state().dialog.lines[1], "process: it was built without CONFIG_INET_DIAG_DESTROY.");
}

TEST(ViewDialogs, OnlyLiveTcpRowsCanBeClosed) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  d.refresh(0, {owned(udp4("0.0.0.0", 68, 4), {2})});
  d.key(Key::chr('x'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::Message);
  EXPECT_EQ(d.state().dialog.lines[0], "Only TCP connections can be closed; this is udp.");
  d.key(Key::special(KeyKind::Escape));
  d.refresh(0, {curl_connection()});
  d.refresh(1, {});  // curl closed: a tombstone
  d.key(Key::special(KeyKind::Home));
  d.key(Key::chr('x'));
  EXPECT_EQ(d.state().dialog.lines[0], "This connection is already closed.");
  EXPECT_TRUE(d.fakes().closed.empty());
}

TEST(ViewDialogs, EndProcessSendsTermThenOffersKill) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.key(Key::chr('K'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::ConfirmTerminate);
  EXPECT_EQ(d.state().dialog.lines[0], "End curl (200)?");
  d.key(Key::chr('y'));
  ASSERT_EQ(d.fakes().signals.size(), 1u);
  EXPECT_EQ(d.fakes().signals[0], std::make_pair(200, SIGTERM));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::ConfirmKill);
  EXPECT_EQ(d.state().dialog.lines[2], "If it does not exit, kill it with SIGKILL?");
  d.key(Key::chr('y'));
  ASSERT_EQ(d.fakes().signals.size(), 2u);
  EXPECT_EQ(d.fakes().signals[1], std::make_pair(200, SIGKILL));
  EXPECT_EQ(d.line(15), " SIGKILL sent to 200");
  // F9 too; declining sends nothing.
  d.key(Key::fn(9));
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.fakes().signals.size(), 2u);
}

TEST(ViewDialogs, EndProcessOfAnotherUserExplains) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.fakes().signal_result = fail("Operation not permitted", EPERM);
  d.key(Key::chr('K'));
  d.key(Key::chr('y'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::Message);
  EXPECT_EQ(d.state().dialog.lines[0], "Not permitted: process 200 belongs to another user.");
  d.key(Key::special(KeyKind::Escape));
  d.fakes().signal_result = fail("No such process", ESRCH);
  d.key(Key::chr('K'));
  d.key(Key::chr('y'));
  EXPECT_EQ(d.state().dialog.kind, tui::DialogKind::None);
  EXPECT_EQ(d.line(15), " Process 200 has already exited");
}

TEST(ViewDialogs, SaveWritesTheRowsShownInTheFormatOfTheExtension) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.keys("/nginx");
  d.key(Key::special(KeyKind::Enter));
  d.key(Key::ctrl('s'));
  d.keys("out.CSV");
  EXPECT_EQ(d.line(8), "        │ > out.CSV                                                    │");
  d.key(Key::special(KeyKind::Enter));
  ASSERT_EQ(d.fakes().written.size(), 1u);
  EXPECT_EQ(d.fakes().written[0].first, "out.CSV");
  EXPECT_EQ(d.fakes().written[0].second,
            "process,pid,proto,state,local_address,local_port,remote_address,remote_port,segs_out,segs_in,"
            "bytes_sent,bytes_received,user" + std::string(column_exists("unit") ? ",unit" : "") + "\r\n"
            "nginx,100,tcp,LISTEN,0.0.0.0,80,0.0.0.0,0,,,,,root" + std::string(column_exists("unit") ? "," : "") + "\r\n"
            "nginx,100,tcp,ESTABLISHED,10.0.0.1,80,10.0.0.9,51234,,,,,root" + std::string(column_exists("unit") ? "," : "") + "\r\n");
  EXPECT_EQ(d.line(15), " Saved 2 rows to out.CSV (CSV)");
  d.key(Key::chr('w'));
  d.keys("x.json");
  d.key(Key::special(KeyKind::Enter));
  ASSERT_EQ(d.fakes().written.size(), 2u);
  EXPECT_TRUE(d.fakes().written[1].second.starts_with("[\n{\"process\":\"nginx\",\"pid\":100,"));
  d.key(Key::chr('w'));
  d.keys("x.txt");
  d.key(Key::special(KeyKind::Enter));
  EXPECT_TRUE(d.fakes().written[2].second.starts_with(
      "Process PID Proto State       Local Address Local Port Remote Address Remote Port Segs Out"));
  // Esc cancels.
  d.key(Key::chr('w'));
  d.keys("never.csv");
  d.key(Key::special(KeyKind::Escape));
  EXPECT_EQ(d.fakes().written.size(), 3u);
}

TEST(ViewDialogs, CopyPutsTheRowOnTheClipboard) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  with_curl_selected(d);
  d.key(Key::chr('c'));
  ASSERT_EQ(d.fakes().copied.size(), 1u);
  EXPECT_TRUE(d.fakes().copied[0].starts_with("curl\t200\ttcp\tESTABLISHED\t10.0.0.1\t44321\t10.0.0.2\t80\t≤22:13:20\t"));
  // Ctrl+C copies too, and says how to quit instead of quitting.
  d.key(Key::ctrl('c'));
  EXPECT_EQ(d.fakes().copied.size(), 2u);
  EXPECT_FALSE(d.view().quit_requested());
  EXPECT_EQ(d.line(15), " Row copied to the clipboard (OSC 52); q quits");
}

TEST(ViewDialogs, CopiedRowKeepsEmptyCellsInTheirPlace) {
  ViewDriver d(ViewDriver::default_settings(), 80, 16);
  // An endpoint without owner: Process Name and PID are empty, yet still tab-separated.
  d.refresh(0, {tcp4("0.0.0.0", 2024, "0.0.0.0", 0, TcpState::Listen, 1)});
  d.key(Key::chr('c'));
  ASSERT_EQ(d.fakes().copied.size(), 1u);
  EXPECT_TRUE(d.fakes().copied[0].starts_with("\t\ttcp\tLISTEN\t0.0.0.0\t2024\t0.0.0.0\t0\t")) << d.fakes().copied[0];
  EXPECT_EQ(std::count(d.fakes().copied[0].begin(), d.fakes().copied[0].end(), '\t'),
            static_cast<long>(d.model().visible.size()) - 1);
}

}  // namespace
}  // namespace sockscope::testing
