// NcursesTerminal on a pseudo-terminal: once restored, the process's signal handlers are its own again.
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>

#include "tui/ncurses_terminal.hpp"

namespace {

int g_seen = 0;
void note(int sig) { g_seen = sig; }

// In a child whose stdin and stdout are a pty: 0 when every check holds, else the failed check's number.
int child_checks() {
  setenv("TERM", "xterm", 1);
  struct sigaction mine{};
  mine.sa_handler = note;
  sigemptyset(&mine.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &mine, nullptr);
  {
    auto term = sockscope::tui::NcursesTerminal::open();
    if (!term) return 10;
    struct sigaction during{};
    sigaction(SIGINT, nullptr, &during);
    if (during.sa_handler == note) return 11;  // the terminal's own handler while it is open
    (*term)->restore();
  }
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction after{};
    sigaction(sig, nullptr, &after);
    if (after.sa_handler != note) return 20 + sig;  // still the terminal's handler
  }
  raise(SIGINT);
  return g_seen == SIGINT ? 0 : 40;
}

TEST(NcursesTerminal, RestorePutsThePreviousSignalHandlersBack) {
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0) << "forkpty failed";
  if (pid == 0) _exit(child_checks());
  // Drain the child's screen output so it never blocks on a full pty.
  char buf[4096];
  while (read(master, buf, sizeof buf) > 0) {
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  close(master);
  ASSERT_TRUE(WIFEXITED(status)) << "child died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: no terminal, 11: handlers not installed, 20+N: signal N's handler "
                                       "not put back, 40: SIGINT did not reach the previous handler";
}

}  // namespace
