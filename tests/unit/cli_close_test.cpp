// `sockscope close` without a kernel: confirmation, dry run, failure reasons and exit codes, with an injected closer.
#include "cli/close_command.hpp"

#include <arpa/inet.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/exit_codes.hpp"
#include "present/local_lookups.hpp"

namespace sockscope::cli {
namespace {

IpAddress ip(const char* text) { return parse_address_pattern(text).value().value(); }

Endpoint tcp(const char* local, std::uint16_t lport, const char* remote, std::uint16_t rport) {
  Endpoint e;
  e.local = ip(local);
  e.remote = ip(remote);
  e.family = e.local.family;
  e.local_port = lport;
  e.remote_port = rport;
  e.state = TcpState::Established;
  e.inode = 1000 + lport;
  return e;
}

// A memory FILE* whose text can be read back.
class Capture {
 public:
  Capture() : file_(open_memstream(&data_, &size_)) {}
  ~Capture() {
    std::fclose(file_);
    std::free(data_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(data_, size_);
  }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::FILE* file_;
};

struct CloseFlow : ::testing::Test {
  Snapshot snap;
  std::vector<std::size_t> rows;
  CloseOptions options;
  Capture out, err;
  std::vector<int> outcome;  // errno per destroy call in order; 0 = success; missing = success
  std::vector<std::uint16_t> destroyed;  // local ports passed to destroy
  int questions = 0;
  std::optional<std::string> answer;
  CloseIo io;

  void SetUp() override {
    Process nginx;
    nginx.pid = 123;
    nginx.name = "nginx";
    snap.processes = {nginx};
    snap.endpoints = {tcp("127.0.0.1", 8080, "127.0.0.1", 43122), tcp("::1", 8443, "::1", 50000),
                      tcp("127.0.0.1", 8081, "127.0.0.1", 43123)};
    for (auto& e : snap.endpoints) e.owners = {Owner{0, 5}};
    io.destroy = [this](const Endpoint& e) -> Result<void> {
      const std::size_t i = destroyed.size();
      destroyed.push_back(e.local_port);
      const int code = i < outcome.size() ? outcome[i] : 0;
      if (code == 0) return {};
      return fail(std::string("SOCK_DESTROY: ") + std::strerror(code), code);
    };
    io.read_answer = [this] {
      ++questions;
      return answer;
    };
    io.out = out.file();
    io.err = err.file();
  }

  int run() { return close_connections(snap, rows, options, io); }
};

TEST_F(CloseFlow, NoRowsIsNoMatchExit1) {
  EXPECT_EQ(run(), kExitNoMatch);
  EXPECT_EQ(err.text(), "sockscope: no matching connection\n");
  EXPECT_EQ(out.text(), "");
  EXPECT_TRUE(destroyed.empty());
}

TEST_F(CloseFlow, NoRowsExplainsHiddenOwnersWhenSelectingByProcess) {
  options.criteria.process = ProcessSelector::parse("nginx");
  snap.notes.owners_incomplete = true;
  snap.notes.processes_denied = 4;
  snap.notes.owners_reason = "reading other users' processes needs root";
  EXPECT_EQ(run(), kExitNoMatch);
  EXPECT_EQ(err.text(),
            "sockscope: no matching connection (4 processes could not be inspected: reading other users' "
            "processes needs root)\n");
}

TEST_F(CloseFlow, OneMatchClosesWithoutAsking) {
  rows = {0};
  io.interactive = false;
  EXPECT_EQ(run(), kExitOk);
  EXPECT_EQ(out.text(), "closed tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n");
  EXPECT_EQ(err.text(), "");
  EXPECT_EQ(destroyed, (std::vector<std::uint16_t>{8080}));
  EXPECT_EQ(questions, 0);
}

TEST_F(CloseFlow, DryRunListsAndClosesNothing) {
  rows = {0, 1};
  options.dry_run = true;
  EXPECT_EQ(run(), kExitOk);
  EXPECT_EQ(out.text(),
            "would close tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"
            "would close tcp6 [::1]:8443 -> [::1]:50000 (pid 123 nginx)\n");
  EXPECT_TRUE(destroyed.empty());
  EXPECT_EQ(questions, 0);
}

TEST_F(CloseFlow, SeveralWithoutTerminalAreRefused) {
  rows = {0, 1, 2};
  io.interactive = false;
  EXPECT_EQ(run(), kExitUsage);
  EXPECT_TRUE(destroyed.empty());
  EXPECT_EQ(questions, 0);
  const std::string e = err.text();
  EXPECT_EQ(e.find('\n'), e.size() - 1) << "one line: " << e;
  EXPECT_NE(e.find("3 connections match"), std::string::npos) << e;
  EXPECT_NE(e.find("--yes"), std::string::npos) << e;
  EXPECT_EQ(out.text(), "");
}

TEST_F(CloseFlow, SeveralAskAndADeclineClosesNothing) {
  for (std::optional<std::string> reply : {std::optional<std::string>("n"), std::optional<std::string>(""),
                                           std::optional<std::string>("yesterday"), std::optional<std::string>()}) {
    rows = {0, 1};
    io.interactive = true;
    answer = reply;
    EXPECT_EQ(run(), kExitOk);
    EXPECT_TRUE(destroyed.empty()) << reply.value_or("EOF");
  }
  const std::string e = err.text();
  EXPECT_NE(e.find("  tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"), std::string::npos) << e;
  EXPECT_NE(e.find("Close 2 connections? [y/N] "), std::string::npos) << e;
  EXPECT_NE(e.find("nothing closed"), std::string::npos) << e;
  EXPECT_EQ(questions, 4);
}

TEST_F(CloseFlow, SeveralAskAndYesClosesAll) {
  rows = {0, 1, 2};
  io.interactive = true;
  answer = " YES ";
  EXPECT_EQ(run(), kExitOk);
  EXPECT_EQ(questions, 1);
  EXPECT_EQ(destroyed, (std::vector<std::uint16_t>{8080, 8443, 8081}));
  EXPECT_EQ(out.text(),
            "closed tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"
            "closed tcp6 [::1]:8443 -> [::1]:50000 (pid 123 nginx)\n"
            "closed tcp 127.0.0.1:8081 -> 127.0.0.1:43123 (pid 123 nginx)\n");
}

TEST_F(CloseFlow, YesFlagSkipsTheQuestion) {
  rows = {0, 1};
  options.yes = true;
  io.interactive = true;
  EXPECT_EQ(run(), kExitOk);
  EXPECT_EQ(questions, 0);
  EXPECT_EQ(destroyed.size(), 2u);
}

TEST_F(CloseFlow, VanishedConnectionCountsAsClosed) {
  rows = {0, 1};
  options.yes = true;
  outcome = {ENOENT, 0};
  EXPECT_EQ(run(), kExitOk);
  EXPECT_EQ(out.text(),
            "already gone: tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"
            "closed tcp6 [::1]:8443 -> [::1]:50000 (pid 123 nginx)\n");
  EXPECT_EQ(err.text(), "");
}

TEST_F(CloseFlow, NotPermittedStopsAndExits4) {
  rows = {0, 1, 2};
  options.yes = true;
  outcome = {EPERM};
  EXPECT_EQ(run(), kExitCloseFailed);
  EXPECT_EQ(destroyed.size(), 1u) << "the rest would fail the same way";
  EXPECT_EQ(out.text(), "");
  EXPECT_EQ(err.text(),
            "sockscope: cannot close tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx): not permitted: "
            "closing connections needs CAP_NET_ADMIN (run as root)\n"
            "sockscope: 2 more connections not tried for the same reason\n");
}

TEST_F(CloseFlow, KernelWithoutSockDestroy) {
  rows = {1};
  outcome = {EOPNOTSUPP};
  EXPECT_EQ(run(), kExitCloseFailed);
  EXPECT_EQ(err.text(),
            "sockscope: cannot close tcp6 [::1]:8443 -> [::1]:50000 (pid 123 nginx): the kernel lacks SOCK_DESTROY "
            "(CONFIG_INET_DIAG_DESTROY)\n");
}

TEST_F(CloseFlow, OtherFailuresDoNotStopTheRest) {
  rows = {0, 1, 2};
  options.yes = true;
  outcome = {0, EIO, 0};
  EXPECT_EQ(run(), kExitCloseFailed);
  EXPECT_EQ(destroyed.size(), 3u);
  EXPECT_EQ(out.text(),
            "closed tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"
            "closed tcp 127.0.0.1:8081 -> 127.0.0.1:43123 (pid 123 nginx)\n");
  const std::string e = err.text();
  EXPECT_NE(e.find("cannot close tcp6 [::1]:8443"), std::string::npos) << e;
  EXPECT_NE(e.find(std::strerror(EIO)), std::string::npos) << e;
  EXPECT_NE(e.find("closed 2 of 3 connections"), std::string::npos) << e;
}

TEST(DescribeConnection, StatesOwnersAndHostileNames) {
  Snapshot snap;
  Process evil, other;
  evil.pid = 7;
  evil.name = "x\x1b[31mred\n";
  other.pid = 8;
  other.name = "b";
  snap.processes = {evil, other};
  LocalLookups local([](std::uint32_t) { return std::nullopt; },
                     [](std::uint32_t i) -> std::optional<std::string> {
                       if (i == 2) return "eth0";
                       return std::nullopt;
                     });

  Endpoint e = tcp("127.0.0.1", 80, "127.0.0.1", 5000);
  e.owners = {Owner{0, 3}, Owner{1, 4}};
  EXPECT_EQ(describe_connection(snap, e, &local), "tcp 127.0.0.1:80 -> 127.0.0.1:5000 (pid 7 x\\x1b[31mred\\n, pid 8 b)");

  Endpoint listener = tcp("0.0.0.0", 8080, "0.0.0.0", 0);
  listener.state = TcpState::Listen;
  EXPECT_EQ(describe_connection(snap, listener, &local), "tcp 0.0.0.0:8080 -> 0.0.0.0:* LISTEN (no process)");

  Endpoint scoped = tcp("fe80::1%2", 22, "fe80::2%2", 40000);
  scoped.state = TcpState::CloseWait;
  snap.notes.owners_incomplete = true;
  EXPECT_EQ(describe_connection(snap, scoped, &local),
            "tcp6 [fe80::1%eth0]:22 -> [fe80::2%eth0]:40000 CLOSE_WAIT (owner unknown)");

  Endpoint crowd = tcp("10.0.0.1", 1, "10.0.0.2", 2);
  crowd.owners = {Owner{1, 3}, Owner{1, 4}, Owner{1, 5}, Owner{1, 6}, Owner{1, 7}};
  EXPECT_EQ(describe_connection(snap, crowd, &local),
            "tcp 10.0.0.1:1 -> 10.0.0.2:2 (pid 8 b, pid 8 b, pid 8 b, +2 more)");
}

}  // namespace
}  // namespace sockscope::cli
