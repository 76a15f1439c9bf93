// sockscope watch end to end: the live view in a tmux pane inside a private network namespace. A
// connection appears green, turns red when closed and goes after three refreshes; a connection is
// closed from the view (x, y) and ss confirms it; q gives the terminal back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

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
int row_background(Tmux& tmux, int port) {
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
    if (text.find(word) != std::string::npos && text.find("tcp") != std::string::npos) return at_start;
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
  ASSERT_TRUE(wait_until([&] { return row_background(tmux, client_port) == -2; }, 4000)) << tmux.capture();

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
