// sockscope-gui --netns: the window collects namespaces as the terminal view does (every one as
// root unless told, the current one only and a note in its status bar when unprivileged). Runs the
// window on Qt's offscreen platform and reads its rows from the SOCKSCOPE_GUI_DUMP test hook.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

#ifdef SOCKSCOPE_GUI_BINARY
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The window on the offscreen platform with `args`, its rows dumped after every refresh; as
// `uid` when not -1. Killed and its scratch directory removed on destruction.
class Window {
 public:
  Window(const std::vector<std::string>& args, int uid = -1) {
    dir_ = std::filesystem::temp_directory_path() / ("gui_netns_" + std::to_string(getpid()) + "_" + std::to_string(++count_));
    std::filesystem::create_directories(dir_);
    ::chmod(dir_.c_str(), 0777);  // also for the window run as nobody
    dump_ = dir_ + "/rows.txt";
    log_ = dir_ + "/gui.log";
    pid_ = fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int out = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
      dup2(out, 1);
      dup2(out, 2);
      if (uid >= 0 && (setgid(static_cast<gid_t>(uid)) != 0 || setuid(static_cast<uid_t>(uid)) != 0)) _exit(126);
      unsetenv("DISPLAY");
      unsetenv("WAYLAND_DISPLAY");
      setenv("QT_QPA_PLATFORM", "offscreen", 1);
      setenv("SOCKSCOPE_GUI_DUMP", dump_.c_str(), 1);
      setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
      setenv("XDG_RUNTIME_DIR", dir_.c_str(), 1);
      setenv("HOME", dir_.c_str(), 1);
      setenv("LSAN_OPTIONS", "suppressions=" SOCKSCOPE_LSAN_QT, 1);
      std::vector<std::string> all{"sockscope-gui", "-n", "-i", "0.3"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(SOCKSCOPE_GUI_BINARY, argv.data());
      _exit(127);
    }
  }
  ~Window() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string rows() const { return slurp(dump_); }
  std::string log() const { return "sockscope-gui's output:\n" + slurp(log_); }
  // The first dump that holds `text`.
  bool shows(const std::string& text, int timeout_ms = 30000) const {
    return wait_until([&] { return rows().find(text) != std::string::npos; }, timeout_ms);
  }

 private:
  static inline int count_ = 0;
  pid_t pid_ = -1;
  std::string dir_, dump_, log_;
};

// A child in a network namespace of its own, holding a listener; its PID, or -1.
pid_t listener_in_other_netns(const std::string& name, int port) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::prctl(PR_SET_NAME, name.c_str());
    bool ok = ::unshare(CLONE_NEWNET) == 0 && run_command({"ip", "link", "set", "lo", "up"}).exit_code == 0;
    const int fd = ok ? tcp_listen("127.0.0.1", port) : -1;
    const char c = fd >= 0 ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    for (;;) ::pause();
  }
  close(ready[1]);
  char c = 'n';
  (void)!::read(ready[0], &c, 1);
  close(ready[0]);
  if (c == 'y') return pid;
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

}  // namespace
#endif

TEST(GuiNetns, ARowFromAnotherNamespaceShowsOnlyWhenAsked) {
#ifndef SOCKSCOPE_GUI_BINARY
  GTEST_SKIP() << "the desktop window is not built";
#else
  if (geteuid() != 0) GTEST_SKIP() << "needs root to make a second network namespace and enter it";
  ENTER_NETNS();
  const int here = tcp_listen("127.0.0.1", 0);
  ASSERT_GE(here, 0);
  const int here_port = local_port(here);
  spawn_holder("gui-ns-here", {here});
  const pid_t other = listener_in_other_netns("gui-ns-other", 7477);
  ASSERT_GT(other, 0);
  struct Reap {
    pid_t pid;
    ~Reap() {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
      kill_holders();
    }
  } reap{other};

  {
    // The current namespace only: the other listener never shows, while this one does.
    Window w({"--netns", "current"});
    ASSERT_TRUE(w.shows("gui-ns-here")) << w.log();
    ASSERT_TRUE(w.shows("\t" + std::to_string(here_port) + "\t")) << w.rows();
    ASSERT_TRUE(w.shows("Endpoints:")) << w.rows();
    // A few refreshes more (0.3 s each): still not there.
    const std::string first = w.rows();
    wait_until([&] { return w.rows() != first; }, 3000);
    EXPECT_EQ(w.rows().find("gui-ns-other"), std::string::npos) << w.rows();
    EXPECT_EQ(w.rows().find("entering others needs root"), std::string::npos) << w.rows();
  }
  {
    // Asked for by PID, repeated beside the current one: both.
    Window w({"--netns", "current", "--netns", std::to_string(other)});
    ASSERT_TRUE(w.shows("gui-ns-other")) << w.log() << w.rows();
    EXPECT_TRUE(w.shows("gui-ns-here")) << w.rows();
    EXPECT_TRUE(w.shows("\t7477\t")) << w.rows();
  }
#endif
}

TEST(GuiNetns, UnprivilegedTheStatusBarSaysOnlyTheCurrentNamespaceIsShown) {
#ifndef SOCKSCOPE_GUI_BINARY
  GTEST_SKIP() << "the desktop window is not built";
#else
  ENTER_NETNS();
  const int here = tcp_listen("127.0.0.1", 0);
  ASSERT_GE(here, 0);
  spawn_holder("gui-ns-here", {here});
  struct Reap {
    ~Reap() { kill_holders(); }
  } reap;
  // As nobody (when the test runs as root, the window drops to it; run as nobody, it is nobody).
  if (geteuid() == 0) {
    // A build under a private directory (a 0700 clone) is out of nobody's reach: nothing to test.
    const pid_t probe = fork();
    if (probe == 0) _exit(setgid(65534) == 0 && setuid(65534) == 0 && access(SOCKSCOPE_GUI_BINARY, X_OK) == 0 ? 0 : 1);
    int status = 0;
    ASSERT_EQ(waitpid(probe, &status, 0), probe);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) GTEST_SKIP() << "nobody cannot run " << SOCKSCOPE_GUI_BINARY;
  }
  Window w({}, geteuid() == 0 ? 65534 : -1);
  ASSERT_TRUE(w.shows("Endpoints:")) << w.log();
  const std::string status = w.rows().substr(0, w.rows().find('\n'));
  EXPECT_NE(status.find("showing the current network namespace only: entering others needs root"), std::string::npos)
      << status;
  // Said once: in the status bar, and one line on stderr.
  const std::string log = w.log();
  std::size_t said = 0;
  for (std::size_t at = log.find("entering others needs root"); at != std::string::npos;
       at = log.find("entering others needs root", at + 1))
    ++said;
  EXPECT_EQ(said, 1u) << log;
  // Its own namespace's rows are there (the holder's listener, owner hidden or not).
  EXPECT_TRUE(w.shows("LISTEN")) << w.rows();
  // Which capture of short-lived connections runs is a note too, never an error: the destroy
  // groups take unprivileged listeners on most kernels, else it needs root.
  EXPECT_TRUE(status.find("short-lived connections: destroy groups, no owners") != std::string::npos ||
              status.find("short-lived connections need root") != std::string::npos)
      << status;
  EXPECT_EQ(status.find("Error"), std::string::npos) << status;
#endif
}
