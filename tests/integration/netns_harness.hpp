// Test harness: a private network namespace, socket-holding child processes with known names,
// and running the sockscope binary to capture its output.
#pragma once

#include <sys/types.h>

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace sockscope::testing {

// Why the namespace tests cannot run here, or "" when they can (root, unshare(CLONE_NEWNET) works).
// On success the calling process is now inside a fresh network namespace with lo up. Without
// root it succeeds only inside the namespace scripts/unprivileged.sh prepared (SOCKSCOPE_TEST_NETNS).
std::string enter_private_netns();

// In a test body: enter a private network namespace, or report the test SKIPPED with the reason.
#define ENTER_NETNS()                                                       \
  do {                                                                      \
    const std::string why = ::sockscope::testing::enter_private_netns();   \
    if (!why.empty()) GTEST_SKIP() << why;                                  \
  } while (0)

// Forks a child named `name` (prctl PR_SET_NAME) that keeps `fds` open until killed; the parent
// closes its own copies. Other descriptors the child inherits are closed.
pid_t spawn_holder(const std::string& name, const std::vector<int>& fds);

// Kills and reaps the children spawned so far.
void kill_holders();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a program with arguments (no shell), capturing stdout and stderr.
CommandResult run_command(const std::vector<std::string>& argv);

// `args` for a connection display (list, netstat, close, watch) with "--netns current"
// after the command unless they name --netns: each test makes its own namespace and checks exactly
// its sockets, while as root sockscope shows every namespace on the host.
std::vector<std::string> in_current_netns(std::vector<std::string> args);

// Runs the sockscope binary under test with these arguments (in_current_netns).
CommandResult run_sockscope(const std::vector<std::string>& args);

// Polls `ready` every 10 ms for up to `timeout_ms`.
bool wait_until(const std::function<bool()>& ready, int timeout_ms = 3000);

}  // namespace sockscope::testing
