// `sockscope record` and `history` end to end in a private network namespace: eBPF and the destroy-group fallback.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

namespace sockscope::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `sockscope record` in the background, its stderr in a file; stop() sends SIGINT and waits.
class Recorder {
 public:
  Recorder(const fs::path& dir, const std::string& mode) : err_(dir / "record.err") {
    const std::string db = (dir / "h.db").string(), err = err_.string();
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 2);
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      execl(SOCKSCOPE_BINARY, SOCKSCOPE_BINARY, "record", "--db", db.c_str(), "--mode", mode.c_str(), nullptr);
      _exit(127);
    }
  }
  // Until it says which mode runs; false when it exited instead (then stop() is its exit code).
  bool started() {
    return wait_until([&] { return read_file(err_).find("capturing with") != std::string::npos || exited(); }, 10000) &&
           !exited();
  }
  int stop() {
    if (status_ < 0) {
      kill(pid_, SIGINT);
      int st = 0;
      waitpid(pid_, &st, 0);
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    return status_;
  }
  std::string err() const { return read_file(err_); }
  ~Recorder() { stop(); }

 private:
  bool exited() {
    int st = 0;
    if (status_ < 0 && waitpid(pid_, &st, WNOHANG) == pid_) status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return status_ >= 0;
  }
  fs::path err_;
  pid_t pid_ = -1;
  int status_ = -1;
};

// A child named `name` connects to port, sends 100 bytes, holds the connection `hold_ms`, closes,
// then lives on a second so its details can be read; returns its pid.
pid_t client(const std::string& name, int port, int hold_ms) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_NAME, name.c_str());
    int fd = tcp_connect("127.0.0.1", port);
    if (fd < 0) _exit(1);
    char buf[100] = {};
    (void)!write(fd, buf, sizeof buf);
    if (hold_ms) std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    _exit(0);
  }
  return pid;
}

class HistoryRecord : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sockscope-history-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Accepts one connection on `listener`, reads until EOF, closes.
  static void serve_one(int listener) {
    int s = ::accept(listener, nullptr, nullptr);
    char buf[256];
    while (s >= 0 && ::read(s, buf, sizeof buf) > 0) {
    }
    ::close(s);
  }
  nlohmann::json history(const std::vector<std::string>& more) {
    std::vector<std::string> args{"history", "--db", (dir_ / "h.db").string(), "-j", "-o",
                                  "process,pid,remote_address,remote_port,duration,bytes_sent,direction"};
    args.insert(args.end(), more.begin(), more.end());
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  fs::path dir_;
};

TEST_F(HistoryRecord, EbpfRecordsAConnectionShorterThan10msWithItsOwner) {
  ENTER_NETNS();
  Recorder rec(dir_, "ebpf");
  if (!rec.started()) {
    rec.stop();
    if (rec.err().find("eBPF refused") != std::string::npos) GTEST_SKIP() << rec.err();
    FAIL() << rec.err();
  }
  EXPECT_NE(rec.err().find("capturing with ebpf"), std::string::npos) << rec.err();
  const int listener = tcp_listen("127.0.0.1", 7511);
  ASSERT_GE(listener, 0);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t c = client("hist-short", 7511, 0);
  serve_one(listener);
  ::close(listener);
  waitpid(c, nullptr, 0);
  // The connection lived at most this long (well under 10 ms on an idle machine; a loaded one may
  // stretch it, which is no fault of the capture): the recorded duration cannot exceed it.
  const double observed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(rec.stop(), 0) << rec.err();

  auto rows = history({"dport = 7511 and process = hist-short"});
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["pid"], c);
  EXPECT_EQ(rows[0]["remote_address"], "127.0.0.1");
  EXPECT_EQ(rows[0]["direction"], "out");
  EXPECT_LE(rows[0]["duration"].get<double>(), observed_ms);
  EXPECT_GE(rows[0]["bytes_sent"].get<int>(), 100);

  // --since and address equality narrow it; the other side of the connection is there too.
  EXPECT_EQ(history({"--since", "1h", "dst", "127.0.0.1", "and", "dport", "=", "7511"}).size(), 1u);
  EXPECT_EQ(history({"--until", "1h", "dport = 7511"}).size(), 0u);
  EXPECT_EQ(history({"dst 127.0.0.2 and dport = 7511"}).size(), 0u);
  EXPECT_EQ(history({"sport = 7511"}).size(), 1u);
}

TEST_F(HistoryRecord, DiagModeRecordsWithOwnersFromSnapshots) {
  ENTER_NETNS();
  Recorder rec(dir_, "diag");
  ASSERT_TRUE(rec.started()) << rec.err();
  EXPECT_NE(rec.err().find("capturing with sock_diag destroy groups"), std::string::npos) << rec.err();
  const int listener = tcp_listen("127.0.0.1", 7512);
  ASSERT_GE(listener, 0);
  pid_t c = client("hist-held", 7512, 2500);  // outlives two snapshots, so its owner is known
  serve_one(listener);
  ::close(listener);
  waitpid(c, nullptr, 0);
  ASSERT_EQ(rec.stop(), 0) << rec.err();
  auto r = run_sockscope({"history", "--db", (dir_ / "h.db").string(), "-j", "-o", "source,process,pid,bytes_sent", "dport = 7512"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 1u) << r.out;
  EXPECT_EQ(rows[0]["source"], "diag");
  EXPECT_EQ(rows[0]["process"], "hist-held");
  EXPECT_EQ(rows[0]["pid"], c);
}

TEST(HistoryUsage, BadTimesAndSizesAreOneLineAndExit2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"history", "--since", "last tuesday"}, {"history", "--until", "2026-13-01"},
           {"record", "--keep", "30"}, {"record", "--max-size", "lots"}, {"record", "--mode", "magic"}}) {
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args[2];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace sockscope::testing
