// Test harness: a private network namespace, socket-holding child processes with known names,
// and running the sockscope binary to capture its output.
#include "netns_harness.hpp"

#include <algorithm>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace sockscope::testing {

namespace {
std::vector<pid_t> g_holders;
}

std::string enter_private_netns() {
  if (geteuid() != 0) {
    // scripts/unprivileged.sh makes a fresh namespace as root, then drops to nobody; it names
    // the namespace so a test run by hand as a user never mistakes the host's for it.
    const char* made = std::getenv("SOCKSCOPE_TEST_NETNS");
    char mine[64] = {};
    if (made && readlink("/proc/self/ns/net", mine, sizeof mine - 1) > 0 && std::strcmp(made, mine) == 0) return "";
    return "needs root to create a private network namespace";
  }
  if (unshare(CLONE_NEWNET) != 0) return std::string("unshare(CLONE_NEWNET) failed: ") + std::strerror(errno);
  auto r = run_command({"ip", "link", "set", "lo", "up"});
  if (r.exit_code != 0) return "could not bring lo up: " + r.err;
  return "";
}

pid_t spawn_holder(const std::string& name, const std::vector<int>& fds) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    prctl(PR_SET_NAME, name.c_str());
    // Keep only the sockets this child is meant to hold (plus stdio and the ready pipe).
    for (int fd = 3; fd < 1024; ++fd) {
      bool keep = fd == ready[1];
      for (int f : fds) keep = keep || f == fd;
      if (!keep) close(fd);
    }
    char c = 'r';
    (void)!write(ready[1], &c, 1);
    close(ready[1]);
    for (;;) pause();
  }
  close(ready[1]);
  char c;
  (void)!read(ready[0], &c, 1);
  close(ready[0]);
  for (int f : fds) close(f);
  g_holders.push_back(pid);
  return pid;
}

void kill_holders() {
  for (pid_t p : g_holders) kill(p, SIGKILL);
  for (pid_t p : g_holders) waitpid(p, nullptr, 0);
  g_holders.clear();
}

CommandResult run_command(const std::vector<std::string>& argv) {
  CommandResult result;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return result;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::vector<std::string> in_current_netns(std::vector<std::string> args) {
  if (std::ranges::any_of(args, [](const std::string& a) { return a == "--netns" || a.starts_with("--netns="); })) return args;
  const bool command = !args.empty() && (args[0] == "list" || args[0] == "netstat" || args[0] == "close" || args[0] == "watch");
  if (!command) return args;  // options alone (--version, or the default list) are left as typed
  args.insert(args.begin() + 1, {"--netns", "current"});
  return args;
}

CommandResult run_sockscope(const std::vector<std::string>& args) {
  std::vector<std::string> argv{SOCKSCOPE_BINARY};
  const std::vector<std::string> narrowed = in_current_netns(args);
  argv.insert(argv.end(), narrowed.begin(), narrowed.end());
  return run_command(argv);
}

bool wait_until(const std::function<bool()>& ready, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 10) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return ready();
}

}  // namespace sockscope::testing
