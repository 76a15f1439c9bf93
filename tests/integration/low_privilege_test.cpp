// Low privilege: sockscope run as nobody lists every row, leaves other users' owners unknown with a
// hint, and refuses to close connections with a clear message. The tests drop privileges themselves.
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

namespace {

constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;

bool drop_to_nobody() {
  return setgroups(0, nullptr) == 0 && setresgid(kNogroup, kNogroup, kNogroup) == 0 &&
         setresuid(kNobody, kNobody, kNobody) == 0;
}

// Runs sockscope as nobody (stdout and stderr captured through pipes, as run_command does).
CommandResult run_sockscope_as_nobody(const std::vector<std::string>& args) {
  CommandResult r;
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return r;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (!drop_to_nobody()) _exit(126);
    std::vector<char*> argv{const_cast<char*>(SOCKSCOPE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  close(err[1]);
  char buf[65536];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) r.out.append(buf, static_cast<std::size_t>(n));
  for (ssize_t n; (n = read(err[0], buf, sizeof buf)) > 0;) r.err.append(buf, static_cast<std::size_t>(n));
  close(out[0]);
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// One child running as nobody holding `fd`.
pid_t spawn_nobody_holder(int fd) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    if (!drop_to_nobody()) _exit(126);
    // Changing uid made the process undumpable (its /proc/PID/fd root's); a process nobody
    // started with exec would be dumpable, and so readable by nobody.
    prctl(PR_SET_DUMPABLE, 1);
    char c = 'r';
    (void)!write(ready[1], &c, 1);
    for (;;) pause();
  }
  close(ready[1]);
  char c;
  (void)!read(ready[0], &c, 1);
  close(ready[0]);
  close(fd);
  return pid;
}

class LowPrivilege : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to set up sockets of another user and then drop to nobody";
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    if (access(SOCKSCOPE_BINARY, X_OK) != 0) GTEST_SKIP() << "binary not found";
    // nobody must be able to reach the binary: a build under a private home would not do.
    auto probe = run_sockscope_as_nobody({"--version"});
    if (probe.exit_code != 0) GTEST_SKIP() << "nobody cannot run " << SOCKSCOPE_BINARY << ": " << probe.err;

    const int root_listener = tcp_listen("127.0.0.1", 7300);
    ASSERT_GE(root_listener, 0);
    spawn_holder("root-held", {root_listener});
    const int own_listener = tcp_listen("127.0.0.1", 7301);
    ASSERT_GE(own_listener, 0);
    nobody_holder_ = spawn_nobody_holder(own_listener);
    ASSERT_GT(nobody_holder_, 0);
    const int client = tcp_connect("127.0.0.1", 7300);
    ASSERT_GE(client, 0);
    spawn_holder("root-client", {client});
  }
  void TearDown() override {
    if (nobody_holder_ > 0) {
      kill(nobody_holder_, SIGKILL);
      waitpid(nobody_holder_, nullptr, 0);
    }
    kill_holders();
  }
  pid_t nobody_holder_ = -1;
};

TEST_F(LowPrivilege, ListShowsEveryRowAndOnlyOwnOwners) {
  auto r = run_sockscope_as_nobody({"list", "-a", "-n", "-j", "-p", "tcp", "-o", "local_port,remote_port,state,pid,process"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = nlohmann::json::parse(r.out);
  bool root_row = false, own_row = false;
  for (const auto& row : rows) {
    if (row["local_port"] == 7300 && row["state"] == "LISTEN") {
      root_row = true;
      EXPECT_TRUE(row["pid"].is_null()) << "a root process's socket has no visible owner: " << row;
    }
    if (row["local_port"] == 7301) {
      own_row = true;
      EXPECT_EQ(row["pid"], nobody_holder_) << row;
    }
  }
  EXPECT_TRUE(root_row) << r.out;
  EXPECT_TRUE(own_row) << r.out;
  EXPECT_EQ(rows.size(), 4u) << "listener, own listener, both ends of the connection: " << r.out;
  // The hint, once.
  EXPECT_NE(r.err.find("without a known owner"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("only be inspected as root"), std::string::npos) << r.err;
  // And that other network namespaces are not shown, in one line of its own, not an error.
  EXPECT_NE(r.err.find("sockscope: showing the current network namespace only: entering others needs root"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
}

TEST_F(LowPrivilege, NetstatListsRowsAndSaysWhyOwnersAreMissing) {
  for (const char* flags : {"-ano", "-anob"}) {
    SCOPED_TRACE(flags);
    auto r = run_sockscope_as_nobody({"netstat", flags});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("127.0.0.1:7300"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("127.0.0.1:7301"), std::string::npos) << r.out;
    // Windows netstat's own words for it ("The requested operation requires elevation.").
    EXPECT_FALSE(r.err.empty()) << "a hint on stderr";
    EXPECT_NE(r.err.find("current network namespace only"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err << "(the elevation hint and the namespace note)";
  }
}

TEST_F(LowPrivilege, CloseIsRefusedWithAClearMessage) {
  auto r = run_sockscope_as_nobody({"close", "-y", "127.0.0.1", "*", "127.0.0.1", "7300"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.err.find("not permitted: closing connections needs CAP_NET_ADMIN (run as root)"), std::string::npos) << r.err;
  // The connection is still there.
  auto after = run_sockscope({"list", "-n", "-c", "-H", "-o", "local_port,remote_port,state"});
  EXPECT_NE(after.out.find(",7300,ESTABLISHED"), std::string::npos) << after.out;
}

TEST_F(LowPrivilege, NetnsSelectorsNeverFailWithoutPrivilege) {
  for (const char* netns : {"all", "1"}) {
    auto r = run_sockscope_as_nobody({"list", "-a", "-n", "-c", "-H", "-p", "tcp", "-o", "local_port,netns", "--netns", netns});
    EXPECT_EQ(r.exit_code, 0) << netns << ": " << r.err;
    EXPECT_NE(r.out.find("7301,"), std::string::npos) << "the current namespace's rows: " << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1 + (r.err.find("without a known owner") != std::string::npos)) << r.err;
    EXPECT_NE(r.err.find("current network namespace only"), std::string::npos) << r.err;
  }
  auto current = run_sockscope_as_nobody({"list", "-a", "-n", "--netns", "current", "-o", "local_port"});
  EXPECT_EQ(current.exit_code, 0) << current.err;
  EXPECT_EQ(current.err.find("current network namespace only"), std::string::npos) << "asked for no other: " << current.err;
  auto bad = run_sockscope_as_nobody({"list", "--netns", ".."});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("--netns ..:"), std::string::npos) << bad.err;
}

TEST_F(LowPrivilege, DryRunAndListingNeedNoPrivilege) {
  auto dry = run_sockscope_as_nobody({"close", "--dry-run", "-y", "127.0.0.1", "*", "127.0.0.1", "7300"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would close tcp 127.0.0.1:"), std::string::npos) << dry.out;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list"}, {"list", "-a"}, {"list", "-a", "-c"}, {"list", "-a", "--jsonl", "-o", "pid,exe,cmdline,unit,process_user"},
           {"netstat", "-s"}, {"netstat", "-e"}, {"netstat", "-r"}, {"netstat", "-abv"}, {"list", "--source", "proc", "-a"}}) {
    auto r = run_sockscope_as_nobody(args);
    EXPECT_EQ(r.exit_code, 0) << args.back() << ": " << r.err;
  }
}

}  // namespace
