// sockscope-gui end to end: under Xvfb (started here) in a private network namespace, the window
// shows a connection the test opens as new, red once it is closed, then drops it; it is grabbed as
// PNG (kept in the build directory as gui_window.png) and closes cleanly on SIGTERM. The same
// window on Wayland: under a headless weston started here, seen in the compositor's own
// screenshot (gui_window_wayland.png). Without a display: one line, exit 3.
#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string find_program(const char* name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// Waits up to `timeout_ms` for the child to exit; its wait status, or -1 (then it is killed).
int wait_exit(pid_t pid, int timeout_ms) {
  int status = 0;
  const bool exited = wait_until([&] { return waitpid(pid, &status, WNOHANG) == pid; }, timeout_ms);
  if (exited) return status;
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

// Xvfb on a free display it picks itself (-displayfd), killed on destruction.
class Xvfb {
 public:
  explicit Xvfb(const std::string& program) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(fds[0]);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      const std::string fd = std::to_string(fds[1]);
      execl(program.c_str(), "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string number;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') number += c;  // EOF when Xvfb failed
    close(fds[0]);
    if (!number.empty()) display_ = ":" + number;
  }
  ~Xvfb() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      if (wait_exit(pid_, 5000) == -1) ADD_FAILURE() << "Xvfb did not stop";
    }
  }
  const std::string& display() const { return display_; }

 private:
  pid_t pid_ = -1;
  std::string display_;
};

// The line of the dump whose row holds this local port, or "".
std::string row_with_port(const std::string& dump, int port) {
  const std::string needle = "\t" + std::to_string(port) + "\t";
  for (const std::string& line : split_lines(dump)) {
    if (line.find("gui-client") != std::string::npos && line.find(needle) != std::string::npos) return line;
  }
  return {};
}

}  // namespace

TEST(GuiWindow, NewRowThenRedThenGoneUnderXvfbAndACleanCloseOnSigterm) {
#ifndef SOCKSCOPE_GUI_BINARY
  GTEST_SKIP() << "the desktop window is not built (configure with -DSOCKSCOPE_GUI=ON and qt6-base-dev)";
#else
  const std::string xvfb = find_program("Xvfb");
  if (xvfb.empty()) GTEST_SKIP() << "Xvfb is not installed (apt-get install xvfb)";
  ENTER_NETNS();
  Xvfb server(xvfb);
  if (server.display().empty()) GTEST_SKIP() << "Xvfb could not start here (no /tmp/.X11-unix access?)";

  // Scratch files in /tmp (as nobody the working directory is not writable).
  const std::string dir = std::filesystem::temp_directory_path() / ("gui_e2e_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string dump = dir + "/rows.txt", shot = dir + "/window.png", log = dir + "/gui.log";

  const int listener = tcp_listen("127.0.0.1", 0);
  ASSERT_GE(listener, 0);
  const int port = local_port(listener);
  spawn_holder("gui-server", {listener});

  const pid_t gui = fork();
  if (gui == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    setenv("DISPLAY", server.display().c_str(), 1);
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("QT_QPA_PLATFORM");
    setenv("SOCKSCOPE_GUI_DUMP", dump.c_str(), 1);
    setenv("SOCKSCOPE_GUI_SCREENSHOT", shot.c_str(), 1);
    setenv("XDG_CONFIG_HOME", dir.c_str(), 1);  // its QSettings stay in the scratch directory
    setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
    setenv("LSAN_OPTIONS", "suppressions=" SOCKSCOPE_LSAN_QT, 1);
    execl(SOCKSCOPE_GUI_BINARY, "sockscope-gui", "-n", "-i", "0.3", static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(gui, 0);
  // On an early return (a failed assertion) the window does not outlive the test.
  struct Reaper {
    pid_t pid;
    std::string dir;
    ~Reaper() {
      if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
      }
      kill_holders();
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } reaper{gui, dir};
  auto log_text = [&] { return "sockscope-gui's output:\n" + read_file(log); };

  // The window is up and shows the listener.
  ASSERT_TRUE(wait_until([&] { return read_file(dump).find("gui-server") != std::string::npos; }, 30000)) << log_text();

  // A connection opens: its row comes in as new (green). A reset on close (linger 0) makes it
  // vanish at once rather than linger in TIME_WAIT.
  const int client = tcp_connect("127.0.0.1", port);
  ASSERT_GE(client, 0);
  const linger reset{1, 0};
  ASSERT_EQ(setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset), 0);
  const int client_port = local_port(client);
  const pid_t holder = spawn_holder("gui-client", {client});
  std::string line;
  ASSERT_TRUE(wait_until([&] { return !(line = row_with_port(read_file(dump), client_port)).empty(); }, 20000)) << log_text();
  EXPECT_EQ(line.substr(0, 4), "new\t") << line;
  EXPECT_NE(line.find("ESTABLISHED"), std::string::npos) << line;
  // The screenshot of the window with the new row: kept as the test's artifact.
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(shot); }, 10000));
  // The artifact beside the test binary's working directory (the build's tests/), where writable.
  std::error_code ignored;
  std::filesystem::copy_file(shot, std::filesystem::current_path() / "gui_window.png",
                             std::filesystem::copy_options::overwrite_existing, ignored);
  const std::string png = read_file(shot);
  ASSERT_GT(png.size(), 1000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");

  // It closes: red (closed), then gone after the highlight lifetime.
  kill(holder, SIGKILL);
  waitpid(holder, nullptr, 0);
  ASSERT_TRUE(wait_until([&] {
    line = row_with_port(read_file(dump), client_port);
    return line.starts_with("closed\t");
  }, 20000)) << read_file(dump);
  ASSERT_TRUE(wait_until([&] { return row_with_port(read_file(dump), client_port).empty(); }, 20000)) << read_file(dump);

  // SIGTERM closes the window as its close button would: exit 0, its settings written.
  kill(gui, SIGTERM);
  const int status = wait_exit(gui, 20000);
  reaper.pid = -1;  // reaped
  ASSERT_NE(status, -1) << "sockscope-gui did not stop on SIGTERM; " << log_text();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "; " << log_text();
  EXPECT_TRUE(std::filesystem::exists(dir + "/sockscope/sockscope-gui.conf"));
#endif
}

TEST(GuiWindow, WithoutADisplayOneLineAndExit3) {
#ifndef SOCKSCOPE_GUI_BINARY
  GTEST_SKIP() << "the desktop window is not built";
#else
  const std::string log = std::filesystem::temp_directory_path() / ("gui_nodisplay_" + std::to_string(getpid()) + ".log");
  const pid_t gui = fork();
  if (gui == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 2);
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("QT_QPA_PLATFORM");
    execl(SOCKSCOPE_GUI_BINARY, "sockscope-gui", static_cast<char*>(nullptr));
    _exit(127);
  }
  const int status = wait_exit(gui, 20000);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 3) << status;
  const std::string err = read_file(log);
  EXPECT_EQ(split_lines(err).size(), 1u) << err;
  EXPECT_NE(err.find("no display"), std::string::npos) << err;
  std::filesystem::remove(log);
#endif
}

TEST(GuiWindow, SockscopeGuiRunsTheWindowProgramOrSaysItIsMissing) {
#ifndef SOCKSCOPE_GUI_BINARY
  GTEST_SKIP() << "the desktop window is not built";
#else
  // Beside the sockscope binary under test (the build directory): --version comes from sockscope-gui.
  CommandResult r = run_command({SOCKSCOPE_BINARY, "gui", "--version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sockscope"), std::string::npos);
  // A copy of sockscope alone in a directory, with an empty PATH: one line, exit 3.
  const auto dir = std::filesystem::temp_directory_path() / ("gui_missing_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(SOCKSCOPE_BINARY, dir / "sockscope");
  r = run_command({"env", "PATH=/nonexistent", (dir / "sockscope").string(), "gui"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
  EXPECT_NE(r.err.find("not installed"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
#endif
}

#ifdef SOCKSCOPE_GUI_BINARY
#include <QImage>

#include "gui/display_check.hpp"

namespace {

// A headless weston (pixman renderer, so its output can be read back) listening on `name` in its
// own XDG_RUNTIME_DIR; --debug lets weston-screenshooter read the output. Stopped on destruction.
class Weston {
 public:
  Weston(const std::string& program, const std::string& runtime_dir, const std::string& name)
      : socket_(runtime_dir + "/" + name), log_(runtime_dir + "/weston.log") {
    pid_ = fork();
    if (pid_ == 0) {
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, 1);
      dup2(null, 2);
      setenv("XDG_RUNTIME_DIR", runtime_dir.c_str(), 1);
      unsetenv("DISPLAY");
      unsetenv("WAYLAND_DISPLAY");
      const std::string socket = "--socket=" + name, log = "--log=" + log_;
      execl(program.c_str(), "weston", "--backend=headless-backend.so", "--use-pixman", "--width=1280",
            "--height=800", "--idle-time=0", "--no-config", "--debug", socket.c_str(), log.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto probe = sockscope::gui::system_display_probe();
    int status = 0;
    ready_ = wait_until([&] { return probe.listening(socket_) || waitpid(pid_, &status, WNOHANG) == pid_; }, 20000) &&
             probe.listening(socket_);
  }
  ~Weston() {
    if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0) {
      kill(pid_, SIGTERM);
      if (wait_exit(pid_, 10000) == -1) ADD_FAILURE() << "weston did not stop";
    }
  }
  bool ready() const { return ready_; }
  // The last lines of weston's log: why it did not start.
  std::string log_tail() const {
    const auto lines = split_lines(read_file(log_));
    std::string out;
    for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) out += lines[i] + "\n";
    return out;
  }

 private:
  pid_t pid_ = -1;
  std::string socket_, log_;
  bool ready_ = false;
};

// What the compositor shows, as weston-screenshooter saves it (into `dir`); a null image if none.
QImage compositor_screenshot(const std::string& screenshooter, const std::string& dir, const std::string& runtime_dir,
                             const std::string& name) {
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().filename().string().starts_with("wayland-screenshot")) std::filesystem::remove(f.path());
  }
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    if (chdir(dir.c_str()) != 0) _exit(126);
    setenv("XDG_RUNTIME_DIR", runtime_dir.c_str(), 1);
    setenv("WAYLAND_DISPLAY", name.c_str(), 1);
    execl(screenshooter.c_str(), "weston-screenshooter", static_cast<char*>(nullptr));
    _exit(127);
  }
  const int status = wait_exit(pid, 20000);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    if (f.path().filename().string().starts_with("wayland-screenshot")) return QImage(QString::fromStdString(f.path().string()));
  }
  return {};
}

// Pixels of the table's white base, and of a new row's green (the palette's base blended to green).
struct Tally {
  long white = 0, green = 0;
};
Tally tally(const QImage& image) {
  Tally t;
  const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < rgb.height(); ++y) {
    const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
    for (int x = 0; x < rgb.width(); ++x) {
      const int r = qRed(line[x]), g = qGreen(line[x]), b = qBlue(line[x]);
      if (r == 255 && g == 255 && b == 255) ++t.white;
      if (g > r + 50 && g > b + 50) ++t.green;
    }
  }
  return t;
}

}  // namespace

// On Wayland (Qt's wayland platform plugin) under a headless weston the test starts: the window
// comes up on the compositor (its own screenshot shows the table, then a new connection's green
// row), and closes cleanly on SIGTERM.
TEST(GuiWindow, UnderAHeadlessWestonTheCompositorShowsTheWindowAndANewRow) {
  const std::string weston = find_program("weston");
  const std::string screenshooter = find_program("weston-screenshooter");
  if (weston.empty() || screenshooter.empty()) GTEST_SKIP() << "weston is not installed (apt-get install weston)";
  if (!sockscope::gui::system_display_probe().wayland_plugin()) {
    GTEST_SKIP() << "Qt's wayland platform plugin is not installed (apt-get install qt6-wayland)";
  }
  ENTER_NETNS();
  char runtime_template[] = "/tmp/gui_wayland_XXXXXX";  // 0700, as XDG_RUNTIME_DIR must be
  ASSERT_NE(mkdtemp(runtime_template), nullptr);
  const std::string dir = runtime_template, name = "sockscope-test";
  const std::string dump = dir + "/rows.txt", log = dir + "/gui.log";
  struct Cleanup {
    std::string dir;
    pid_t gui = -1;
    ~Cleanup() {
      if (gui > 0 && waitpid(gui, nullptr, WNOHANG) == 0) {
        kill(gui, SIGKILL);
        waitpid(gui, nullptr, 0);
      }
      kill_holders();
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } cleanup{dir};
  Weston compositor(weston, dir, name);
  if (!compositor.ready()) GTEST_SKIP() << "weston could not start here:\n" << compositor.log_tail();

  const int listener = tcp_listen("127.0.0.1", 0);
  ASSERT_GE(listener, 0);
  const int port = local_port(listener);
  spawn_holder("gui-server", {listener});

  cleanup.gui = fork();
  if (cleanup.gui == 0) {
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    unsetenv("DISPLAY");
    setenv("WAYLAND_DISPLAY", name.c_str(), 1);
    setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
    setenv("QT_QPA_PLATFORM", "wayland", 1);
    setenv("SOCKSCOPE_GUI_DUMP", dump.c_str(), 1);
    setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    setenv("LSAN_OPTIONS", "suppressions=" SOCKSCOPE_LSAN_QT, 1);
    execl(SOCKSCOPE_GUI_BINARY, "sockscope-gui", "-n", "-i", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  ASSERT_GT(cleanup.gui, 0);
  auto log_text = [&] { return "sockscope-gui's output:\n" + read_file(log); };

  // Up on the wayland platform, exposed by the compositor, showing the listener.
  ASSERT_TRUE(wait_until([&] {
    const std::string rows = read_file(dump);
    return rows.find("gui-server") != std::string::npos && rows.find("# platform wayland exposed") != std::string::npos;
  }, 30000)) << read_file(dump) << log_text();
  // The compositor shows it: the table's white base fills much of its output, no green row yet.
  QImage shot;
  Tally before;
  ASSERT_TRUE(wait_until([&] {
    shot = compositor_screenshot(screenshooter, dir, dir, name);
    before = tally(shot);
    return before.white > 100000;
  }, 20000)) << "the compositor's output never showed the window (white pixels: " << before.white << ")";
  EXPECT_LT(before.green, 2000);

  // A connection opens: the compositor shows its green row while the window calls it new (if a
  // slow spell outlasts the highlight, another connection is opened).
  Tally after;
  bool seen = false;
  for (int attempt = 0; attempt < 4 && !seen; ++attempt) {
    const int client = tcp_connect("127.0.0.1", port);
    ASSERT_GE(client, 0);
    const int client_port = local_port(client);
    spawn_holder("gui-client", {client});
    ASSERT_TRUE(wait_until([&] { return !row_with_port(read_file(dump), client_port).empty(); }, 20000)) << log_text();
    wait_until([&] {
      shot = compositor_screenshot(screenshooter, dir, dir, name);
      after = tally(shot);
      seen = after.green > 5000;
      return seen || !row_with_port(read_file(dump), client_port).starts_with("new\t");
    }, 20000);
  }
  EXPECT_TRUE(seen) << "no new row's green in the compositor's output (green pixels: " << after.green << ")";
  if (!shot.isNull()) shot.save(QString::fromStdString((std::filesystem::current_path() / "gui_window_wayland.png").string()));

  kill(cleanup.gui, SIGTERM);
  const int status = wait_exit(cleanup.gui, 20000);
  cleanup.gui = -1;
  ASSERT_NE(status, -1) << "sockscope-gui did not stop on SIGTERM; " << log_text();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "; " << log_text();
}

// WAYLAND_DISPLAY names a compositor that is not there: one line saying so, exit 3 (not Qt's abort).
TEST(GuiWindow, AWaylandDisplayWithoutACompositorIsOneLineAndExit3) {
  char runtime_template[] = "/tmp/gui_nowayland_XXXXXX";
  ASSERT_NE(mkdtemp(runtime_template), nullptr);
  const std::string dir = runtime_template;
  for (const char* platform : {"", "wayland"}) {
    std::vector<std::string> argv{"env", "-u", "DISPLAY", "WAYLAND_DISPLAY=wayland-absent", "XDG_RUNTIME_DIR=" + dir};
    if (*platform) argv.push_back(std::string("QT_QPA_PLATFORM=") + platform);
    else argv.insert(argv.begin() + 1, {"-u", "QT_QPA_PLATFORM"});
    argv.push_back(SOCKSCOPE_GUI_BINARY);
    const CommandResult r = run_command(argv);
    EXPECT_EQ(r.exit_code, 3) << platform << ": " << r.err;
    EXPECT_EQ(split_lines(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find("no display: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no Wayland compositor listens at " + dir + "/wayland-absent"), std::string::npos) << r.err;
  }
  std::filesystem::remove_all(dir);
}
#endif

#ifdef SOCKSCOPE_GUI_BINARY
#include <netinet/in.h>

#include "gui/privileged.hpp"

// The banner's "Close as Administrator…" runs pkexec with this argv; without pkexec (as root), the
// same words close exactly that connection.
TEST(GuiWindow, ThePkexecCloseArgvClosesExactlyThatConnection) {
  if (geteuid() != 0) GTEST_SKIP() << "closing a connection needs root (CAP_NET_ADMIN)";
  ENTER_NETNS();
  const int listener = tcp_listen("127.0.0.1", 0);
  ASSERT_GE(listener, 0);
  const int port = local_port(listener);
  const int client = tcp_connect("127.0.0.1", port);
  ASSERT_GE(client, 0);
  const int server = accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  const int other = tcp_connect("127.0.0.1", port);  // a second connection, left alone
  ASSERT_GE(other, 0);
  sockscope::Endpoint e;
  e.proto = sockscope::Proto::Tcp;
  e.family = sockscope::Family::Inet4;
  e.local = sockscope::IpAddress::v4(htonl(INADDR_LOOPBACK));
  e.remote = e.local;
  e.local_port = static_cast<std::uint16_t>(local_port(client));
  e.remote_port = static_cast<std::uint16_t>(port);
  std::vector<std::string> argv = sockscope::gui::pkexec_close_argv(SOCKSCOPE_BINARY, e);
  ASSERT_EQ(argv.front(), "pkexec");
  argv.erase(argv.begin());
  const CommandResult r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("closed tcp 127.0.0.1:" + std::to_string(e.local_port)), std::string::npos) << r.out;
  int err = 0;
  ASSERT_TRUE(wait_until([&] {
    socklen_t len = sizeof err;
    getsockopt(server, SOL_SOCKET, SO_ERROR, &err, &len);
    return err != 0;
  }, 5000));
  EXPECT_EQ(err, ECONNRESET);
  int other_err = 0;
  socklen_t len = sizeof other_err;
  getsockopt(other, SOL_SOCKET, SO_ERROR, &other_err, &len);
  EXPECT_EQ(other_err, 0);
  for (int fd : {listener, client, server, other}) close(fd);
}
#endif
