// sockscope watch end to end: the live view in a tmux pane inside a private network namespace. A
// connection appears green, turns red when closed and goes after three refreshes; IPv4 and IPv6
// connections are closed from the view (x, y) and ss confirms it; q and signals give the terminal
// back; NO_COLOR puts the changes in a marker column; a header click sorts; 80x24 works.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "collect/bpf_conn_events.hpp"
#include "collect/diag_destroy_events.hpp"
#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

bool have_tmux() { return run_command({"tmux", "-V"}).exit_code == 0; }

// A private tmux server (its own socket) whose panes live in this process's network namespace.
class Tmux {
 public:
  Tmux() : socket_("sockscope-watch-" + std::to_string(getpid())) {
    started_ = run_command({"tmux", "-L", socket_, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30",
                            "env", "LANG=C.UTF-8", "TERM=screen", "PS1=$ ", "sh"})
                   .exit_code == 0;
  }
  ~Tmux() { run_command({"tmux", "-L", socket_, "kill-server"}); }
  bool started() const { return started_; }

  void type(const std::string& text) { run_command({"tmux", "-L", socket_, "send-keys", "-l", text}); }
  void key(const std::string& name) { run_command({"tmux", "-L", socket_, "send-keys", name}); }
  // The pane's text; with_escapes keeps the SGR colour sequences (capture-pane -e).
  std::string capture(bool with_escapes = false) {
    std::vector<std::string> argv{"tmux", "-L", socket_, "capture-pane", "-p"};
    if (with_escapes) argv.push_back("-e");
    return run_command(argv).out;
  }
  std::string query(const std::string& format) {
    return run_command({"tmux", "-L", socket_, "display-message", "-p", format}).out;
  }
  std::string tmux(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"tmux", "-L", socket_};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv).out;
  }
  void resize(int width, int height) {
    run_command({"tmux", "-L", socket_, "resize-window", "-x", std::to_string(width), "-y", std::to_string(height)});
  }
  // A left click at cell (x, y), as an xterm reports it (X10 encoding: press, then release).
  void click(int x, int y) {
    const std::string at{static_cast<char>(33 + x), static_cast<char>(33 + y)};
    type("\x1b[M " + at);
    type("\x1b[M#" + at);
  }

 private:
  std::string socket_;
  bool started_ = false;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

std::string strip_sgr(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i += 2;
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~')) ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

// The background colour (SGR 40-47; -1 = default) of the first TCP row showing
// `port` as a whole word, or -2 when no row shows it. capture-pane -e writes an SGR sequence only
// where attributes change, so the state is followed from the top of the pane.
// With `also`, only a row that holds that text too.
int row_background(Tmux& tmux, int port, const std::string& also = "") {
  const std::string word = " " + std::to_string(port) + " ";
  int background = -1;
  for (const auto& raw : lines_of(tmux.capture(true))) {
    int at_start = background;
    bool seen_text = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '\x1b' && i + 1 < raw.size() && raw[i + 1] == '[') {
        const std::size_t end = raw.find_first_of("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~", i + 2);
        if (end == std::string::npos) break;
        if (raw[end] == 'm') {
          std::string params = raw.substr(i + 2, end - i - 2);
          if (params.empty()) background = -1;
          std::size_t p = 0;
          while (p <= params.size() && !params.empty()) {
            std::size_t q = params.find(';', p);
            if (q == std::string::npos) q = params.size();
            const int v = std::atoi(params.substr(p, q - p).c_str());
            if (v == 0 || v == 49) background = -1;
            else if (v >= 40 && v <= 47) background = v;
            p = q + 1;
          }
        }
        i = end;
        continue;
      }
      if (!seen_text && raw[i] != ' ') {
        seen_text = true;
        at_start = background;
      }
    }
    const std::string text = strip_sgr(raw) + " ";
    if (text.find(word) != std::string::npos && text.find("tcp") != std::string::npos &&
        text.find(also) != std::string::npos)
      return at_start;
  }
  return -2;
}

int listener(int& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(fd, 8) != 0) return -1;
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  port = ntohs(sa.sin_port);
  return fd;
}

// Connects to the listener; returns the client fd, sets the accepted fd and the client's port.
int connect_to(int lfd, int port, int& accepted, int& client_port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  accepted = accept(lfd, nullptr, nullptr);
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  client_port = ntohs(sa.sin_port);
  return fd;
}

int listener6(int& port) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_addr = in6addr_loopback;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(fd, 8) != 0) return -1;
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  port = ntohs(sa.sin6_port);
  return fd;
}

int connect6_to(int lfd, int port, int& accepted, int& client_port) {
  int fd = socket(AF_INET6, SOCK_STREAM, 0);
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_addr = in6addr_loopback;
  sa.sin6_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return -1;
  accepted = accept(lfd, nullptr, nullptr);
  socklen_t len = sizeof sa;
  getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  client_port = ntohs(sa.sin6_port);
  return fd;
}

// The pane line (colours stripped) showing `port` as a whole word next to "tcp", or "".
std::string row_text(Tmux& tmux, int port) {
  const std::string word = " " + std::to_string(port) + " ";
  for (const auto& line : lines_of(tmux.capture())) {
    if ((line + " ").find(word) != std::string::npos && line.find("tcp") != std::string::npos) return line;
  }
  return "";
}

// The screen column where `text` starts in `line` (UTF-8: continuation bytes take no column).
int column_of(const std::string& line, const std::string& text) {
  const auto at = line.find(text);
  if (at == std::string::npos) return -1;
  int col = 0;
  for (std::size_t i = 0; i < at; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

// Closes with a reset, so neither side lingers in TIME_WAIT.
void abort_close(int fd) {
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
}

TEST(WatchTmux, RowsAppearGreenTurnRedThenGoAndTheViewClosesConnections) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for a private network namespace";
  if (!have_tmux()) GTEST_SKIP() << "tmux is not installed";
  if (std::string why = enter_private_netns(); !why.empty()) GTEST_SKIP() << why;

  int port = 0;
  const int lfd = listener(port);
  ASSERT_GE(lfd, 0);
  Tmux tmux;
  ASSERT_TRUE(tmux.started());
  // Its own PID namespace too: the owner scan then reads only this test's processes, so a refresh
  // stays fast whatever else runs on the machine (rows need no owner here).
  tmux.type("unshare --pid --fork --mount-proc " + std::string(SOCKSCOPE_BINARY) + " watch --interval 0.5 -n; echo EXIT=$?");
  tmux.key("Enter");
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, port) != -2; }, 5000)) << tmux.capture();
  EXPECT_EQ(tmux.query("#{alternate_on}"), "1\n");

  // A new connection: green.
  int accepted = -1, client_port = 0;
  const int cfd = connect_to(lfd, port, accepted, client_port);
  ASSERT_GE(cfd, 0);
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port) == 42; }, 3000))
      << tmux.capture(true);

  // Closed: red, then gone after three refreshes (1.5 s at 0.5 s).
  abort_close(cfd);
  close(accepted);
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port) == 41; }, 3000))
      << tmux.capture(true);
  const auto red_at = std::chrono::steady_clock::now();
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port) == -2; }, 4000)) << tmux.capture();
  // Kept for three refreshes (1.5 s), not dropped at the next one (0.5 s); the margin is for a
  // late look at the pane.
  EXPECT_GE(std::chrono::steady_clock::now() - red_at, std::chrono::milliseconds(600));

  // Close one from the view: filter to it, x, confirm.
  int accepted2 = -1, client_port2 = 0;
  const int cfd2 = connect_to(lfd, port, accepted2, client_port2);
  ASSERT_GE(cfd2, 0);
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port2) != -2; }, 3000)) << tmux.capture();
  tmux.type("/" + std::to_string(client_port2));
  tmux.key("Enter");
  tmux.type("x");
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("Close this TCP connection?") != std::string::npos; }, 3000))
      << tmux.capture();
  tmux.type("y");
  bool refused = false;
  ASSERT_TRUE(wait_until([&] {
    const std::string pane = tmux.capture();
    refused = pane.find("CONFIG_INET_DIAG_DESTROY") != std::string::npos;
    return refused || pane.find("Closed tcp") != std::string::npos;
  }, 3000)) << tmux.capture();
  if (!refused) {
    const std::string needle = ":" + std::to_string(client_port2) + " ";
    EXPECT_TRUE(wait_until([&] {
      CommandResult ss = run_command({"ss", "-tnH", "state", "established"});
      return ss.exit_code == 0 && (ss.out + " ").find(needle) == std::string::npos;
    }, 3000)) << run_command({"ss", "-tn"}).out;
  }
  close(cfd2);
  close(accepted2);

  // And an IPv6 one.
  int port6 = 0;
  const int lfd6 = listener6(port6);
  ASSERT_GE(lfd6, 0);
  int accepted6 = -1, client_port6 = 0;
  const int cfd6 = connect6_to(lfd6, port6, accepted6, client_port6);
  ASSERT_GE(cfd6, 0);
  // Esc twice: a message box (if the kernel refused) goes, then the filter of the IPv4 close.
  tmux.key("Escape");
  tmux.key("Escape");
  ASSERT_TRUE(wait_until([&] { return row_text(tmux, client_port6).find("tcp6") != std::string::npos; }, 3000))
      << tmux.capture();
  tmux.type("/" + std::to_string(client_port6));  // both ends: closing either resets the other
  tmux.key("Enter");
  tmux.type("x");
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("Close this TCP connection?") != std::string::npos; }, 3000))
      << tmux.capture();
  tmux.type("y");
  if (!refused) {
    ASSERT_TRUE(wait_until([&] { return tmux.capture().find("Closed tcp6") != std::string::npos; }, 3000))
        << tmux.capture();
    const std::string needle = ":" + std::to_string(client_port6) + " ";
    EXPECT_TRUE(wait_until([&] {
      CommandResult ss = run_command({"ss", "-6tnH", "state", "established"});
      return ss.exit_code == 0 && (ss.out + " ").find(needle) == std::string::npos;
    }, 3000)) << run_command({"ss", "-6tn"}).out;
  }
  close(cfd6);
  close(accepted6);
  close(lfd6);

  // q restores the terminal: the shell is back, off the alternate screen.
  tmux.key("Escape");
  tmux.type("q");
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("EXIT=0") != std::string::npos; }, 3000)) << tmux.capture();
  EXPECT_EQ(tmux.query("#{alternate_on}"), "0\n");
  EXPECT_EQ(tmux.capture().find("endpoints"), std::string::npos);
  close(lfd);
  if (refused) GTEST_SKIP() << "this kernel cannot close sockets (no CONFIG_INET_DIAG_DESTROY); the rest passed";
}

}  // namespace

namespace {

// Starts `command` in a fresh tmux pane (in its own PID namespace, as above) and waits for the view.
bool view_opens(Tmux& tmux, const std::string& command) {
  tmux.type("unshare --pid --fork --mount-proc " + command + "; echo EXIT=$?");
  tmux.key("Enter");
  return wait_until([&] { return tmux.capture().find(" endpoints ") != std::string::npos; }, 5000);
}

TEST(WatchTmux, TcpviewNameAndBareSockscopeOnATerminalOpenTheView) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for a private PID namespace";
  if (!have_tmux()) GTEST_SKIP() << "tmux is not installed";
  char dir[] = "/tmp/sockscope-tcpview-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string link = std::string(dir) + "/tcpview";
  ASSERT_EQ(symlink(SOCKSCOPE_BINARY, link.c_str()), 0);
  {
    Tmux tmux;
    ASSERT_TRUE(tmux.started());
    ASSERT_TRUE(view_opens(tmux, link + " -n")) << tmux.capture();
    tmux.type("q");
    EXPECT_TRUE(wait_until([&] { return tmux.capture().find("EXIT=0") != std::string::npos; }, 3000)) << tmux.capture();
    ASSERT_TRUE(view_opens(tmux, SOCKSCOPE_BINARY)) << tmux.capture();
    tmux.key("F1");
    EXPECT_TRUE(wait_until([&] { return tmux.capture().find("Ctrl+R, r") != std::string::npos; }, 3000)) << tmux.capture();
    tmux.key("Escape");
    tmux.type("q");
    EXPECT_TRUE(wait_until([&] {
      const std::string pane = tmux.capture();
      return pane.find("EXIT=0") != pane.rfind("EXIT=0");  // a second one
    }, 3000)) << tmux.capture();
  }
  unlink(link.c_str());
  rmdir(dir);
}

}  // namespace

namespace {

// The view in a pane whose shell reports the exit status and the terminal modes afterwards
// (RAW=0: line editing on, NOECHO=0: echo on); the view's pid is written to `pid_file` (sh execs it).
bool start_reporting_view(Tmux& tmux, const std::string& pid_file, const std::string& env = "") {
  tmux.type(env + "sh -c 'echo $$ > " + pid_file + "; exec " + SOCKSCOPE_BINARY +
            " watch -n'; echo EXIT=$?; echo RAW=$(stty -a | grep -c -- -icanon) NOECHO=$(stty -a | grep -cw -- -echo)"
            " DONE=$((6*7))");
  tmux.key("Enter");
  return wait_until([&] { return tmux.capture().find(" endpoints ") != std::string::npos; }, 10000);
}

class WatchSignals : public ::testing::TestWithParam<int> {};

TEST_P(WatchSignals, RestoreTheTerminalAndExitWith128PlusTheSignal) {
  if (!have_tmux()) GTEST_SKIP() << "tmux is not installed";
  const int sig = GetParam();
  const std::string pid_file = "/tmp/sockscope-watch-signal-" + std::to_string(getpid());
  Tmux tmux;
  ASSERT_TRUE(tmux.started());
  ASSERT_TRUE(start_reporting_view(tmux, pid_file)) << tmux.capture();
  EXPECT_EQ(tmux.query("#{alternate_on}"), "1\n");
  int pid = 0;
  std::ifstream(pid_file) >> pid;
  unlink(pid_file.c_str());
  ASSERT_GT(pid, 0);
  ASSERT_EQ(kill(pid, sig), 0);
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("DONE=42") != std::string::npos; }, 5000))
      << tmux.capture();
  const std::string pane = tmux.capture();
  EXPECT_NE(pane.find("EXIT=" + std::to_string(128 + sig)), std::string::npos) << pane;
  // Off the alternate screen, cursor shown, line editing and echo back on.
  EXPECT_EQ(tmux.query("#{alternate_on}"), "0\n");
  EXPECT_EQ(tmux.query("#{cursor_flag}"), "1\n");
  EXPECT_NE(pane.find("RAW=0 NOECHO=0 DONE=42"), std::string::npos) << pane;
  EXPECT_EQ(pane.find(" endpoints "), std::string::npos) << pane;
}

INSTANTIATE_TEST_SUITE_P(WatchTmux, WatchSignals, ::testing::Values(SIGTERM, SIGINT, SIGHUP),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SIGTERM ? "SIGTERM" : info.param == SIGINT ? "SIGINT" : "SIGHUP");
                         });

TEST(WatchTmux, MonochromeMarkersHeaderClickAndEightyByTwentyFour) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root for a private network namespace";
  if (!have_tmux()) GTEST_SKIP() << "tmux is not installed";
  if (std::string why = enter_private_netns(); !why.empty()) GTEST_SKIP() << why;
  int port = 0;
  const int lfd = listener(port);
  ASSERT_GE(lfd, 0);
  Tmux tmux;
  ASSERT_TRUE(tmux.started());
  // tmux takes OSC 52 from the view as a paste buffer.
  tmux.tmux({"set-option", "-g", "set-clipboard", "on"});
  tmux.type("NO_COLOR=1 unshare --pid --fork --mount-proc " + std::string(SOCKSCOPE_BINARY) +
            " watch --interval 0.5 -n; echo EXIT=$?");
  tmux.key("Enter");
  ASSERT_TRUE(wait_until([&] { return !row_text(tmux, port).empty(); }, 5000)) << tmux.capture();

  // NO_COLOR: no colour on the rows; the first column says + new, then - closed.
  int accepted = -1, client_port = 0;
  const int cfd = connect_to(lfd, port, accepted, client_port);
  ASSERT_GE(cfd, 0);
  ASSERT_TRUE(wait_until([&] { return row_text(tmux, client_port).starts_with("+ "); }, 3000)) << tmux.capture();
  EXPECT_EQ(row_background(tmux, client_port), -1) << tmux.capture(true);
  abort_close(cfd);
  close(accepted);
  ASSERT_TRUE(wait_until([&] { return row_text(tmux, client_port).starts_with("- "); }, 3000)) << tmux.capture();
  EXPECT_EQ(row_background(tmux, client_port), -1) << tmux.capture(true);

  // A click on a column header sorts by it; a second click inverts.
  const std::string header = lines_of(tmux.capture()).front();
  const int x = column_of(header, "State");
  ASSERT_GE(x, 0) << header;
  tmux.click(x + 1, 0);
  ASSERT_TRUE(wait_until([&] { return lines_of(tmux.capture()).front().find("State\u25b2") != std::string::npos; }, 3000))
      << tmux.capture();
  tmux.click(x + 1, 0);
  ASSERT_TRUE(wait_until([&] { return lines_of(tmux.capture()).front().find("State\u25bc") != std::string::npos; }, 3000))
      << tmux.capture();

  // 80x24: header on top, status and key lines at the bottom, nothing wider than the screen.
  tmux.resize(80, 24);
  ASSERT_TRUE(wait_until([&] {
    const auto lines = lines_of(tmux.capture());
    return lines.size() >= 24 && lines[22].find(" endpoints ") != std::string::npos &&
           lines[23].find("F1 Help") != std::string::npos;
  }, 3000)) << tmux.capture();
  const auto lines = lines_of(tmux.capture());
  EXPECT_NE(lines[0].find("PID"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("Remote"), std::string::npos) << lines[0];  // the TCPView columns fit
  EXPECT_NE(row_text(tmux, port).find("LISTEN"), std::string::npos) << tmux.capture();

  // c: the selected row, its cells tab-separated, reaches the terminal's clipboard (OSC 52).
  tmux.type("/LISTEN");
  tmux.key("Enter");
  tmux.type("c");
  const std::string cells = "\ttcp\tLISTEN\t127.0.0.1\t" + std::to_string(port) + "\t";
  EXPECT_TRUE(wait_until([&] { return tmux.tmux({"show-buffer"}).find(cells) != std::string::npos; }, 3000))
      << tmux.tmux({"show-buffer"});

  tmux.type("q");
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("EXIT=0") != std::string::npos; }, 3000)) << tmux.capture();
  close(lfd);
}

}  // namespace

namespace {

// Which capture the live view will run for short-lived connections ("ebpf", "sock_diag destroy
// groups"), or "" with `why` set when neither can run here.
std::string capture_mode(std::string& why) {
  if (auto bpf = sockscope::BpfConnEvents::load()) return std::string((*bpf)->mode());
  else why = "eBPF: " + bpf.error().message;
  if (auto diag = sockscope::DiagDestroyEvents::open()) return std::string((*diag)->mode());
  else why += "; sock_diag destroy groups: " + diag.error().message;
  return "";
}

TEST(WatchTmux, AConnectionShorterThanARefreshIsAShortLivedClosedRowWithItsOwner) {
  // Unprivileged too: the sock_diag destroy groups take listeners without root on most kernels.
  if (!have_tmux()) GTEST_SKIP() << "tmux is not installed";
  if (std::string why = enter_private_netns(); !why.empty()) GTEST_SKIP() << why;
  std::string why_none;
  const std::string mode = capture_mode(why_none);
  if (mode.empty()) GTEST_SKIP() << "neither eBPF nor the sock_diag destroy groups are available: " << why_none;

  int port = 0;
  const int lfd = listener(port);
  ASSERT_GE(lfd, 0);
  Tmux tmux;
  ASSERT_TRUE(tmux.started());
  // This namespace only: connections of other tests on the machine stay out of the pane. As root,
  // its own PID namespace too (a fast owner scan, as above).
  tmux.type(std::string(geteuid() == 0 ? "unshare --pid --fork --mount-proc " : "") + SOCKSCOPE_BINARY +
            " watch --interval 2 -n --netns current; echo EXIT=$?");
  tmux.key("Enter");
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, port) != -2; }, 10000)) << tmux.capture();
  const std::string said = mode == "ebpf" ? "short-lived connections: eBPF" : "short-lived connections: destroy groups";
  EXPECT_NE(tmux.capture().find(said), std::string::npos) << tmux.capture();

  // A child named sl-beacon connects, sends a little and closes at once: well under 10 ms and
  // well inside one 2 s refresh. The listener's side is accepted and closed here.
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_NAME, "sl-beacon");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(static_cast<uint16_t>(port));
    const auto start = std::chrono::steady_clock::now();
    if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) _exit(1);
    socklen_t len = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    (void)!write(fd, "ping", 4);
    close(fd);
    const auto lived = std::chrono::steady_clock::now() - start;
    const int reply[2] = {ntohs(sa.sin_port), static_cast<int>(std::chrono::duration_cast<std::chrono::microseconds>(lived).count())};
    (void)!write(ready[1], reply, sizeof reply);
    _exit(0);
  }
  close(ready[1]);
  int reply[2] = {0, 0};
  ASSERT_EQ(read(ready[0], reply, sizeof reply), static_cast<ssize_t>(sizeof reply));
  close(ready[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const int client_port = reply[0];
  EXPECT_LT(reply[1], 10'000) << "the connection lived " << reply[1] << " us";
  const int accepted = accept(lfd, nullptr, nullptr);
  ASSERT_GE(accepted, 0);
  char buf[8];
  (void)!read(accepted, buf, sizeof buf);
  close(accepted);

  // The next refresh shows it: red, SHORT-LIVED, with its owner (eBPF knows it; the destroy
  // groups do not), and the status bar counts it.
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port, "SHORT-LIVED") == 41; }, 8000))
      << tmux.capture(true);
  // Both ends closed between two refreshes: the client's row is the one owned by sl-beacon.
  bool owned_row = false;
  for (const auto& line : lines_of(tmux.capture())) {
    owned_row |= line.find(" " + std::to_string(client_port) + " ") != std::string::npos &&
                 line.find("SHORT-LIVED") != std::string::npos && line.starts_with("sl-beac");  // as wide as the column lets it
  }
  if (mode == "ebpf") {
    EXPECT_TRUE(owned_row) << tmux.capture();
  }
  EXPECT_TRUE(wait_until([&] { return tmux.capture().find(" short-lived") != std::string::npos; }, 3000)) << tmux.capture();
  const std::string pane = tmux.capture();
  EXPECT_EQ(pane.find(" 0 short-lived"), std::string::npos) << pane;

  tmux.type("q");
  ASSERT_TRUE(wait_until([&] { return tmux.capture().find("EXIT=0") != std::string::npos; }, 5000)) << tmux.capture();
  close(lfd);
}

}  // namespace
