// Faults: output to a closed pipe, SIGINT/SIGTERM in the middle of CSV/JSON output, and netlink or
// bpf() refused by a seccomp filter (the /proc fallbacks must give the same rows).
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

// Wide rows (the command line is long), so a few thousand sockets make megabytes of output.
const std::vector<std::string> kWideColumns = {"-o", "proto,local_address,local_port,state,inode,pid,process,cmdline"};

int udp_socket_on(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// `n` UDP sockets on 127.0.0.1 held by one child, so the list has n rows.
void hold_many_udp_sockets(int n) {
  std::vector<int> fds;
  for (int i = 0; i < n; ++i) fds.push_back(udp_socket_on(static_cast<std::uint16_t>(20000 + i)));
  ASSERT_TRUE(std::none_of(fds.begin(), fds.end(), [](int fd) { return fd < 0; }));
  spawn_holder("udp-holder", fds);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Spawned {
  pid_t pid = -1;
  int out = -1;  // read end of the child's stdout
  std::string err_path;
};

// Starts sockscope with stdout on a pipe and stderr in a file; `before_exec` runs in the child.
Spawned spawn_sockscope(const std::vector<std::string>& args, const std::function<void()>& before_exec = {}) {
  Spawned s;
  char tmpl[] = "/tmp/sockscope-faults-XXXXXX";
  const int err_fd = mkstemp(tmpl);
  s.err_path = tmpl;
  int p[2];
  if (err_fd < 0 || pipe2(p, O_CLOEXEC) != 0) return s;
  s.pid = fork();
  if (s.pid == 0) {
    dup2(p[1], 1);
    dup2(err_fd, 2);
    const int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    if (before_exec) before_exec();
    std::vector<char*> argv{const_cast<char*>(SOCKSCOPE_BINARY)};
    const std::vector<std::string> narrowed = in_current_netns(args);
    for (const auto& a : narrowed) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(p[1]);
  close(err_fd);
  s.out = p[0];
  return s;
}

std::string read_some(int fd, std::size_t at_least) {
  std::string got;
  char buf[4096];
  while (got.size() < at_least) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

std::string read_all(int fd) {
  std::string got;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  return got;
}

int wait_status(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("killed by ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

class Faults : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
  }
  void TearDown() override { kill_holders(); }
};

// --- a closed pipe (`sockscope list -a | head -1`) ---------------------------------------------

// The reader takes one line and goes away. Quiet means: nothing on stderr, and the status a shell
// expects of a pipeline's writer: death by SIGPIPE (as cat, ls and ss), or exit 0 where SIGPIPE is
// ignored and the write fails with EPIPE instead.
void expect_quiet_on_closed_pipe(const std::vector<std::string>& args, bool ignore_sigpipe) {
  Spawned s = spawn_sockscope(args, [&] {
    if (ignore_sigpipe) signal(SIGPIPE, SIG_IGN);  // inherited across exec, as from a shell
  });
  ASSERT_GT(s.pid, 0);
  const std::string first = read_some(s.out, 1);
  close(s.out);  // `head -1` is done
  const int status = wait_status(s.pid);
  const std::string err = slurp(s.err_path);
  unlink(s.err_path.c_str());
  EXPECT_FALSE(first.empty()) << "the command wrote nothing at all";
  EXPECT_EQ(err, "") << "stderr must stay quiet on a closed pipe";
  if (ignore_sigpipe) {
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << describe(status);
  } else {
    EXPECT_TRUE((WIFEXITED(status) && WEXITSTATUS(status) == 0) || (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE))
        << describe(status);
  }
}

TEST_F(Faults, ListToClosedPipeEndsQuietly) {
  hold_many_udp_sockets(3000);
  for (const char* format : {"", "-c", "-j", "--jsonl"}) {
    SCOPED_TRACE(std::string("format ") + format);
    std::vector<std::string> args{"list", "-a", "-n"};
    if (*format) args.emplace_back(format);
    args.insert(args.end(), kWideColumns.begin(), kWideColumns.end());
    expect_quiet_on_closed_pipe(args, false);
    expect_quiet_on_closed_pipe(args, true);
  }
}

TEST_F(Faults, NetstatToClosedPipeEndsQuietly) {
  hold_many_udp_sockets(3000);
  for (bool ignore : {false, true}) {
    SCOPED_TRACE(ignore ? "SIGPIPE ignored" : "SIGPIPE default");
    expect_quiet_on_closed_pipe({"netstat", "-ano"}, ignore);
    expect_quiet_on_closed_pipe({"netstat", "-anob"}, ignore);
  }
}

TEST_F(Faults, ShellPipelineIntoHeadIsQuiet) {
  hold_many_udp_sockets(3000);
  const std::string cmd = std::string("'") + SOCKSCOPE_BINARY + "' list --netns current -a -n | head -1";
  auto r = run_command({"sh", "-c", cmd});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

// --- SIGINT / SIGTERM in the middle of the output ----------------------------------------------

// The reader takes 4 KiB, the signal comes while sockscope is blocked writing to the full pipe,
// then the reader drains the rest: it must end on a whole record, and sockscope dies of the signal.
std::string interrupted_output(const std::vector<std::string>& args, int sig) {
  Spawned s = spawn_sockscope(args);
  EXPECT_GT(s.pid, 0);
  std::string out = read_some(s.out, 4096);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let it fill the pipe and block
  kill(s.pid, sig);
  out += read_all(s.out);
  close(s.out);
  const int status = wait_status(s.pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << describe(status) << " (output " << out.size() << " bytes)";
  unlink(s.err_path.c_str());
  return out;
}

std::vector<std::string> lines_of(const std::string& text, const std::string& sep) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + sep.size()) {
    lines.push_back(text.substr(start, at - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));  // an unterminated tail
  return lines;
}

class Interrupted : public Faults, public ::testing::WithParamInterface<int> {};

TEST_P(Interrupted, CsvEndsOnAWholeRecord) {
  hold_many_udp_sockets(4000);
  std::vector<std::string> args{"list", "-a", "-n", "-c"};
  args.insert(args.end(), kWideColumns.begin(), kWideColumns.end());
  const std::string out = interrupted_output(args, GetParam());
  ASSERT_GE(out.size(), 4096u);
  ASSERT_TRUE(out.ends_with("\r\n")) << "last bytes: " << out.substr(out.size() - 80);
  const auto lines = lines_of(out, "\r\n");
  const auto fields = std::count(lines[0].begin(), lines[0].end(), ',');
  for (const auto& line : lines) {
    ASSERT_EQ(std::count(line.begin(), line.end(), ','), fields) << line;  // no comma in these values
  }
}

TEST_P(Interrupted, JsonLinesEndOnAWholeRecord) {
  hold_many_udp_sockets(4000);
  std::vector<std::string> args{"list", "-a", "-n", "--jsonl"};
  args.insert(args.end(), kWideColumns.begin(), kWideColumns.end());
  const std::string out = interrupted_output(args, GetParam());
  ASSERT_GE(out.size(), 4096u);
  ASSERT_TRUE(out.ends_with("}\n")) << "last bytes: " << out.substr(out.size() - 80);
  for (const auto& line : lines_of(out, "\n")) {
    ASSERT_TRUE(nlohmann::json::accept(line)) << line;
  }
}

TEST_P(Interrupted, JsonArrayEndsOnAWholeObject) {
  hold_many_udp_sockets(4000);
  std::vector<std::string> args{"list", "-a", "-n", "-j"};
  args.insert(args.end(), kWideColumns.begin(), kWideColumns.end());
  const std::string out = interrupted_output(args, GetParam());
  ASSERT_GE(out.size(), 4096u);
  ASSERT_TRUE(out.ends_with("}") || out.ends_with("]\n")) << "last bytes: " << out.substr(out.size() - 80);
  // Every object line (after "[") parses once its separating comma is taken off.
  auto lines = lines_of(out, "\n");
  ASSERT_EQ(lines.front(), "[");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (line == "]") continue;
    if (line.ends_with(",")) line.pop_back();
    ASSERT_TRUE(nlohmann::json::accept(line)) << line;
  }
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupted, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) { return info.param == SIGINT ? "SIGINT" : "SIGTERM"; });

// --- netlink refused ---------------------------------------------------------------------------

// Installs a seccomp filter failing syscall `nr` with `error` (only when its first argument is
// `arg0`, if given), as a container runtime's profile or a kernel without the feature would refuse
// it. Called in the child before exec.
void refuse_syscall(long nr, int error, std::optional<std::uint32_t> arg0 = std::nullopt) {
#if defined(__x86_64__)
  constexpr std::uint32_t arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
  constexpr std::uint32_t arch = AUDIT_ARCH_AARCH64;
#else
  _exit(125);
#endif
  const auto deny = static_cast<std::uint32_t>(SECCOMP_RET_ERRNO | (error & SECCOMP_RET_DATA));
  const auto sys = static_cast<std::uint32_t>(nr);
  std::vector<sock_filter> filter = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
  };
  if (arg0) {
    filter.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sys, 0, 3));
    filter.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])));
    filter.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, *arg0, 0, 1));
  } else {
    filter.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sys, 0, 1));
  }
  filter.push_back(BPF_STMT(BPF_RET | BPF_K, deny));
  filter.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  sock_fprog prog{static_cast<unsigned short>(filter.size()), filter.data()};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) _exit(125);
}

// socket(AF_NETLINK, ...) fails with EACCES: no sock_diag.
void refuse_netlink_sockets() { refuse_syscall(SYS_socket, EACCES, AF_NETLINK); }

// bpf() fails with EPERM: no eBPF iterator.
void refuse_bpf() { refuse_syscall(SYS_bpf, EPERM); }

struct RunResult {
  int status = 0;
  std::string out, err;
};

RunResult run_sockscope_with(const std::vector<std::string>& args, const std::function<void()>& before_exec) {
  Spawned s = spawn_sockscope(args, before_exec);
  RunResult r;
  r.out = read_all(s.out);
  close(s.out);
  r.status = wait_status(s.pid);
  r.err = slurp(s.err_path);
  unlink(s.err_path.c_str());
  return r;
}

std::size_t count_of(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

class NetlinkRefused : public Faults {
 protected:
  void SetUp() override {
    Faults::SetUp();
    if (IsSkipped()) return;
    // A listener, a connection (both ends), a UDP socket and a UNIX listener, held by named children.
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(7070);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    ASSERT_EQ(listen(listener, 8), 0);
    const int client = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    const int served = accept(listener, nullptr, nullptr);
    ASSERT_GE(served, 0);
    const int v6 = socket(AF_INET6, SOCK_STREAM, 0);
    sockaddr_in6 sa6{};
    sa6.sin6_family = AF_INET6;
    sa6.sin6_addr = in6addr_loopback;
    sa6.sin6_port = htons(7071);
    ASSERT_EQ(bind(v6, reinterpret_cast<sockaddr*>(&sa6), sizeof sa6), 0);
    ASSERT_EQ(listen(v6, 8), 0);
    const int un = socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un su{};
    su.sun_family = AF_UNIX;
    std::strcpy(su.sun_path + 1, "sockscope-faults");  // abstract: nothing left on disk
    ASSERT_EQ(bind(un, reinterpret_cast<sockaddr*>(&su), offsetof(sockaddr_un, sun_path) + 1 + 16), 0);
    ASSERT_EQ(listen(un, 8), 0);
    spawn_holder("fault-server", {listener, served, v6, un});
    spawn_holder("fault-client", {client, udp_socket_on(7072)});
  }
};

nlohmann::json sorted_rows(const std::string& out) {
  auto rows = nlohmann::json::parse(out);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
  return rows;
}

TEST_F(NetlinkRefused, ListFallsBackToProcWithTheSameRows) {
  const std::vector<std::string> args{"list", "-a", "-n", "-j", "-v", "-o",
                                      "proto,local_address,local_port,remote_address,remote_port,state,pid,process"};
  const RunResult normal = run_sockscope_with(args, {});
  const RunResult refused = run_sockscope_with(args, refuse_netlink_sockets);
  ASSERT_TRUE(WIFEXITED(normal.status) && WEXITSTATUS(normal.status) == 0) << describe(normal.status) << normal.err;
  ASSERT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 0) << describe(refused.status) << refused.err;
  EXPECT_EQ(count_of(normal.err, "netlink sock_diag unavailable"), 0u) << normal.err;
  EXPECT_EQ(count_of(refused.err, "netlink sock_diag unavailable"), 1u) << "said once: " << refused.err;
  // Besides the owners' source, which -v also names.
  EXPECT_EQ(count_of(refused.err, "sockscope:") - count_of(refused.err, "owners found"), 1u) << "and nothing else: " << refused.err;

  const auto want = sorted_rows(normal.out);
  const auto got = sorted_rows(refused.out);
  EXPECT_EQ(got, want);
  // The sockets made above are among them, owners included.
  const std::string text = got.dump();
  for (const char* needle : {"\"local_port\":7070", "\"local_port\":7071", "\"local_port\":7072", "fault-server", "fault-client", "unix"}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << " missing from " << text;
  }
}

TEST_F(NetlinkRefused, QuietWithoutVerbose) {
  const RunResult refused = run_sockscope_with({"list", "-a", "-n", "-c"}, refuse_netlink_sockets);
  ASSERT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 0) << describe(refused.status) << refused.err;
  EXPECT_EQ(refused.err, "");
  EXPECT_NE(refused.out.find(",7070,"), std::string::npos) << refused.out;
}

TEST_F(NetlinkRefused, SourceNetlinkFailsInsteadOfFallingBack) {
  const RunResult refused = run_sockscope_with({"list", "-a", "-n", "--source", "netlink"}, refuse_netlink_sockets);
  EXPECT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 3) << describe(refused.status) << refused.err;
  EXPECT_NE(refused.err.find("sockscope: cannot read sockets"), std::string::npos) << refused.err;
}

TEST_F(NetlinkRefused, NetstatConnectionsAreTheSame) {
  const RunResult normal = run_sockscope_with({"netstat", "-ano"}, {});
  const RunResult refused = run_sockscope_with({"netstat", "-ano"}, refuse_netlink_sockets);
  ASSERT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 0) << describe(refused.status) << refused.err;
  auto sorted_lines = [](const std::string& text) {
    auto lines = lines_of(text, "\n");
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  EXPECT_EQ(sorted_lines(refused.out), sorted_lines(normal.out));
  EXPECT_NE(refused.out.find("127.0.0.1:7070"), std::string::npos) << refused.out;
}

// --- bpf() refused ------------------------------------------------------------------------------

// Owners through the eBPF iterator where it pays (a host with many open files), and /proc/PID/fd
// with the same answer when a seccomp profile refuses bpf().
class EbpfRefused : public NetlinkRefused {
 protected:
  void SetUp() override {
    NetlinkRefused::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Enough open files on the host that a one-off `list` prefers the iterator (collector.cpp:
    // kEbpfFiles, 15000), in a few processes, as RLIMIT_NOFILE may be capped at 20000.
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    constexpr rlim_t kPerHolder = 5500, kHolders = 3;
    if (lim.rlim_cur < kPerHolder + 100) {
      lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, kPerHolder + 100);
      setrlimit(RLIMIT_NOFILE, &lim);
    }
    if (lim.rlim_cur < kPerHolder + 100) GTEST_SKIP() << "RLIMIT_NOFILE cannot be raised to " << kPerHolder + 100;
    for (rlim_t h = 0; h < kHolders; ++h) {
      std::vector<int> fds;
      for (rlim_t i = 0; i < kPerHolder; ++i) {
        const int fd = eventfd(0, EFD_CLOEXEC);
        ASSERT_GE(fd, 0) << std::strerror(errno);
        fds.push_back(fd);
      }
      spawn_holder("many-files", fds);
    }
    // Whether this kernel lets sockscope load it at all (root, BTF, 5.11+).
    const RunResult probe = run_sockscope_with({"list", "-a", "-n", "-o", "pid", "--owners-from", "ebpf"}, {});
    if (!(WIFEXITED(probe.status) && WEXITSTATUS(probe.status) == 0)) GTEST_SKIP() << "no eBPF iterator here: " << probe.err;
  }
};

TEST_F(EbpfRefused, AutoUsesTheIteratorAndFallsBackToProcWithTheSameRows) {
  const std::vector<std::string> args{"list", "-a", "-n", "-j", "-v", "-o",
                                      "proto,local_address,local_port,remote_address,remote_port,state,inode,pids,process,cmdline,process_user"};
  const RunResult normal = run_sockscope_with(args, {});
  const RunResult refused = run_sockscope_with(args, refuse_bpf);
  ASSERT_TRUE(WIFEXITED(normal.status) && WEXITSTATUS(normal.status) == 0) << describe(normal.status) << normal.err;
  ASSERT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 0) << describe(refused.status) << refused.err;
  EXPECT_EQ(count_of(normal.err, "owners found by the eBPF task-file iterator"), 1u) << normal.err;
  EXPECT_EQ(count_of(refused.err, "eBPF task-file iterator: load: not permitted"), 1u) << refused.err;
  EXPECT_EQ(count_of(refused.err, "owners found in /proc/PID/fd"), 1u) << refused.err;
  const auto want = sorted_rows(normal.out);
  EXPECT_EQ(sorted_rows(refused.out), want);
  const std::string text = want.dump();
  for (const char* needle : {"fault-server", "fault-client"}) EXPECT_NE(text.find(needle), std::string::npos) << needle;
}

TEST_F(EbpfRefused, QuietWithoutVerbose) {
  const RunResult refused = run_sockscope_with({"list", "-a", "-n", "-c", "-o", "local_port,process"}, refuse_bpf);
  ASSERT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 0) << describe(refused.status) << refused.err;
  EXPECT_EQ(refused.err, "");
  EXPECT_NE(refused.out.find("7070,fault-server"), std::string::npos) << refused.out;
}

TEST_F(EbpfRefused, OwnersFromEbpfFailsInOneLineInsteadOfFallingBack) {
  const RunResult refused = run_sockscope_with({"list", "-a", "-n", "--owners-from", "ebpf"}, refuse_bpf);
  EXPECT_TRUE(WIFEXITED(refused.status) && WEXITSTATUS(refused.status) == 3) << describe(refused.status) << refused.err;
  EXPECT_EQ(refused.err, "sockscope: cannot find socket owners: eBPF task-file iterator: load: not permitted (needs root: CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN)\n");
  EXPECT_EQ(refused.out, "");
}

}  // namespace
