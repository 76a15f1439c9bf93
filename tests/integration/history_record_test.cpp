// `sockscope record` and `history` end to end in a private network namespace: eBPF and the destroy-group fallback.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
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
  Recorder(const fs::path& dir, const std::string& mode, std::vector<std::string> more = {}) : err_(dir / "record.err") {
    const std::string db = (dir / "h.db").string(), err = err_.string();
    std::vector<std::string> args{SOCKSCOPE_BINARY, "record", "--db", db, "--mode", mode};
    args.insert(args.end(), more.begin(), more.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(fd, 2);
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      execv(SOCKSCOPE_BINARY, argv.data());
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

// Starts an eBPF recorder or skips the test where the kernel refuses eBPF.
#define START_EBPF_RECORDER(rec)                                                        \
  do {                                                                                  \
    if (!(rec).started()) {                                                             \
      (rec).stop();                                                                     \
      if ((rec).err().find("eBPF refused") != std::string::npos) GTEST_SKIP() << (rec).err(); \
      FAIL() << (rec).err();                                                            \
    }                                                                                   \
  } while (0)

TEST_F(HistoryRecord, UdpExchangeIsAFlowWithOwnerAndBytesEachWayAfterItsIdleTimeout) {
  ENTER_NETNS();
  Recorder rec(dir_, "ebpf", {"--udp-idle", "1s"});
  START_EBPF_RECORDER(rec);
  EXPECT_NE(rec.err().find("UDP flows (1s idle timeout"), std::string::npos) << rec.err();
  const int server = udp_bind("127.0.0.1", 7513);
  ASSERT_GE(server, 0);
  // A child named udp-client sends 100 bytes and 60 more, reads the 30-byte answer, and exits.
  const pid_t c = fork();
  if (c == 0) {
    prctl(PR_SET_NAME, "udp-client");
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(7513);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    char buf[100] = {};
    bool ok = sendto(fd, buf, 100, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == 100 &&
              sendto(fd, buf, 60, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == 60 && recv(fd, buf, sizeof buf, 0) == 30;
    _exit(ok ? 0 : 1);
  }
  char buf[200];
  sockaddr_in from{};
  socklen_t len = sizeof from;
  ASSERT_EQ(recvfrom(server, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len), 100);
  ASSERT_EQ(recv(server, buf, sizeof buf, 0), 60);
  ASSERT_EQ(sendto(server, buf, 30, 0, reinterpret_cast<sockaddr*>(&from), len), 30);
  int st = 0;
  ASSERT_EQ(waitpid(c, &st, 0), c);
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
  const int client_port = ntohs(from.sin_port);

  // Idle for a second, the flow is written while the recorder still runs (scan and batch: a
  // second each; the deadline is generous for a loaded machine).
  const std::vector<std::string> query{"history", "--db", (dir_ / "h.db").string(), "-j", "-o",
                                       "proto,local_port,remote_port,direction,pid,process,bytes_sent,bytes_received,state",
                                       "proto = udp and (sport = 7513 or dport = 7513)"};
  nlohmann::json rows;
  ASSERT_TRUE(wait_until([&] {
    if (!fs::exists(dir_ / "h.db")) return false;
    auto r = run_sockscope(query);
    if (r.exit_code != 0) return false;
    rows = nlohmann::json::parse(r.out);
    return rows.size() == 2;
  }, 20000)) << rows.dump();
  ASSERT_EQ(rec.stop(), 0) << rec.err();
  const auto& client = rows[0]["local_port"] == client_port ? rows[0] : rows[1];
  const auto& srv = rows[0]["local_port"] == 7513 ? rows[0] : rows[1];
  EXPECT_EQ(client["remote_port"], 7513);
  EXPECT_EQ(client["process"], "udp-client");
  EXPECT_EQ(client["pid"], c);
  EXPECT_EQ(client["direction"], "out");
  EXPECT_EQ(client["bytes_sent"], 160);
  EXPECT_EQ(client["bytes_received"], 30);
  EXPECT_TRUE(client["state"].is_null());
  EXPECT_EQ(srv["remote_port"], client_port);
  EXPECT_EQ(srv["pid"], getpid());
  EXPECT_EQ(srv["direction"], "in");
  EXPECT_EQ(srv["bytes_sent"], 30);
  EXPECT_EQ(srv["bytes_received"], 160);
  ::close(server);
}

TEST_F(HistoryRecord, UdpFlowStillOpenIsWrittenAtShutdown) {
  ENTER_NETNS();
  Recorder rec(dir_, "ebpf");  // the default idle timeout, 60 s: only the shutdown writes it
  START_EBPF_RECORDER(rec);
  const int server = udp_bind("::1", 7515);
  const int client = ::socket(AF_INET6, SOCK_DGRAM, 0);
  ASSERT_TRUE(server >= 0 && client >= 0);
  sockaddr_in6 to{};
  to.sin6_family = AF_INET6;
  to.sin6_port = htons(7515);
  to.sin6_addr = in6addr_loopback;
  char buf[64] = {};
  ASSERT_EQ(sendto(client, buf, 64, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 64);
  ASSERT_EQ(recv(server, buf, sizeof buf, 0), 64);
  ASSERT_EQ(rec.stop(), 0) << rec.err();
  auto r = run_sockscope({"history", "--db", (dir_ / "h.db").string(), "-j", "-o", "proto,local_address,pid,bytes_sent,bytes_received",
                          "proto = udp and family = inet6 and dport = 7515"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 1u) << r.out;
  EXPECT_EQ(rows[0]["proto"], "udp6");
  EXPECT_EQ(rows[0]["local_address"], "::1");
  EXPECT_EQ(rows[0]["pid"], getpid());
  EXPECT_EQ(rows[0]["bytes_sent"], 64);
  ::close(client);
  ::close(server);
}

TEST_F(HistoryRecord, RefusedSynIsAnIncomingAttemptWithoutOwner) {
  ENTER_NETNS();
  Recorder rec(dir_, "ebpf", {"--udp-idle", "0s"});
  START_EBPF_RECORDER(rec);
  EXPECT_NE(rec.err().find("refused SYNs"), std::string::npos) << rec.err();
  for (const char* addr : {"127.0.0.1", "::1"}) {
    const int fd = ::socket(std::string(addr) == "::1" ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_storage ss{};
    socklen_t len;
    if (std::string(addr) == "::1") {
      auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
      sa->sin6_family = AF_INET6;
      sa->sin6_port = htons(7514);
      sa->sin6_addr = in6addr_loopback;
      len = sizeof *sa;
    } else {
      auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
      sa->sin_family = AF_INET;
      sa->sin_port = htons(7514);
      sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      len = sizeof *sa;
    }
    EXPECT_NE(::connect(fd, reinterpret_cast<sockaddr*>(&ss), len), 0);
    EXPECT_EQ(errno, ECONNREFUSED);
    ::close(fd);
  }
  ASSERT_EQ(rec.stop(), 0) << rec.err();
  auto r = run_sockscope({"history", "--db", (dir_ / "h.db").string(), "-j", "-o",
                          "proto,state,direction,local_address,local_port,remote_port,pid,process,netns", "sport = 7514"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  struct stat ns {};
  ASSERT_EQ(::stat("/proc/self/ns/net", &ns), 0);
  for (const auto& row : rows) {
    EXPECT_EQ(row["state"], "REFUSED");
    EXPECT_EQ(row["direction"], "in");
    EXPECT_TRUE(row["pid"].is_null()) << row.dump();
    EXPECT_TRUE(row["process"].is_null()) << row.dump();
    EXPECT_EQ(row["netns"], ns.st_ino);
    EXPECT_NE(row["remote_port"], 0);
  }
  EXPECT_EQ(rows[0]["proto"], "tcp");
  EXPECT_EQ(rows[0]["local_address"], "127.0.0.1");
  EXPECT_EQ(rows[1]["proto"], "tcp6");
  EXPECT_EQ(rows[1]["local_address"], "::1");
  // The connecting side is there too, as a failed connect with its owner.
  auto failed = run_sockscope({"history", "--db", (dir_ / "h.db").string(), "-j", "-o", "state,pid", "dport = 7514"});
  ASSERT_EQ(failed.exit_code, 0) << failed.err;
  auto frows = nlohmann::json::parse(failed.out);
  ASSERT_EQ(frows.size(), 2u) << failed.out;
  EXPECT_EQ(frows[0]["state"], "SYN_SENT");
  EXPECT_EQ(frows[0]["pid"], getpid());
}

TEST(HistoryUsage, BadTimesAndSizesAreOneLineAndExit2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"history", "--since", "last tuesday"}, {"history", "--until", "2026-13-01"},
           {"record", "--keep", "30"}, {"record", "--max-size", "lots"}, {"record", "--mode", "magic"},
           {"record", "--udp-idle", "soon"}}) {
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 2) << args[1] << " " << args[2];
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

}  // namespace
}  // namespace sockscope::testing
