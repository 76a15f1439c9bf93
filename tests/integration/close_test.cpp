// sockscope close against the kernel in a private netns: IPv4, IPv6, mapped, dry run, no match,
// confirmation (refused without a terminal, answered through a pty), --yes, processes, listeners, no permission.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "case_names.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

int listener4(const char* addr, int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, addr, &sa.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(fd, 16) != 0) return -1;
  return fd;
}

int listener6(const char* addr, int port) {
  int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int zero = 0;
  setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  sockaddr_in6 sa{};
  sa.sin6_family = AF_INET6;
  sa.sin6_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET6, addr, &sa.sin6_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(fd, 16) != 0) return -1;
  return fd;
}

int connect_to(const char* addr, int port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof *s4;
  } else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof *s6;
  } else {
    return -1;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  return connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0 ? fd : -1;
}

int local_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  return ss.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port)
                                 : ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

// The pending error of a socket (SO_ERROR clears it, so wait for the first one).
int wait_socket_error(int fd, int timeout_ms = 3000) {
  int seen = 0;
  wait_until(
      [&] {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) seen = err;
        return seen != 0;
      },
      timeout_ms);
  return seen;
}

// "LOCAL PEER" pairs of every TCP socket ss sees in this namespace (listeners included).
std::vector<std::string> ss_pairs() {
  auto r = run_command({"ss", "-tanH"});
  std::vector<std::string> pairs;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string state, rq, sq, local, peer;
    f >> state >> rq >> sq >> local >> peer;
    pairs.push_back(local + " " + peer);
  }
  return pairs;
}

bool ss_has(const std::string& local, const std::string& peer) {
  for (const auto& p : ss_pairs()) {
    if (p == local + " " + peer) return true;
  }
  return false;
}

bool ss_gone(const std::string& local, const std::string& peer) {
  return wait_until([&] { return !ss_has(local, peer); });
}

std::string v4(int port) { return "127.0.0.1:" + std::to_string(port); }
std::string v6(int port) { return "[::1]:" + std::to_string(port); }

std::size_t count_lines(const std::string& s, const std::string& prefix) {
  std::size_t n = 0;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) n += line.rfind(prefix, 0) == 0;
  return n;
}

class CloseNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    // In the namespace scripts/unprivileged.sh prepared: closing needs CAP_NET_ADMIN (the refusal
    // itself is tested in low_privilege_test.cpp).
    if (geteuid() != 0) GTEST_SKIP() << "closing connections needs CAP_NET_ADMIN (root)";
    if (run_command({"ss", "-V"}).exit_code != 0) GTEST_SKIP() << "ss (iproute2) is not installed";
  }
  void TearDown() override {
    kill_holders();
    for (int fd : fds_) close(fd);
  }
  int keep(int fd) {
    fds_.push_back(fd);
    return fd;
  }

  // A connection whose client end stays in this process and whose accepted end is held by `holder`.
  struct Conn {
    int client = -1;
    int client_port = 0;
    pid_t holder = -1;
  };
  Conn connection(int listen_fd, const char* addr, int port, const std::string& holder) {
    Conn c;
    c.client = keep(connect_to(addr, port));
    EXPECT_GE(c.client, 0);
    c.client_port = local_port(c.client);
    int accepted = accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    EXPECT_GE(accepted, 0);
    c.holder = spawn_holder(holder, {accepted});
    return c;
  }

  std::vector<int> fds_;
};

TEST_F(CloseNetns, ClosesAnIpv4ConnectionByPositionalPattern) {
  int l = keep(listener4("127.0.0.1", 8080));
  ASSERT_GE(l, 0);
  Conn c = connection(l, "127.0.0.1", 8080, "srvhold4");
  ASSERT_TRUE(ss_has(v4(8080), v4(c.client_port)));

  auto r = run_sockscope({"close", "127.0.0.1", "8080", "*", "*"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "closed tcp 127.0.0.1:8080 -> 127.0.0.1:" + std::to_string(c.client_port) + " (pid " +
                       std::to_string(c.holder) + " srvhold4)\n");
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(ss_gone(v4(8080), v4(c.client_port)));
  // The peer was reset, so its side is gone too; the listener (not selected) stays.
  EXPECT_EQ(wait_socket_error(c.client), ECONNRESET);
  EXPECT_TRUE(ss_gone(v4(c.client_port), v4(8080)));
  EXPECT_TRUE(ss_has(v4(8080), "0.0.0.0:*"));
}

TEST_F(CloseNetns, ClosesAnIpv6ConnectionAndItsOwnerSeesEconnaborted) {
  int l = keep(listener6("::1", 8443));
  ASSERT_GE(l, 0);
  Conn c = connection(l, "::1", 8443, "srvhold6");
  ASSERT_TRUE(ss_has(v6(c.client_port), v6(8443)));

  // The client end, held by this test process, is the one with remote [::1]:8443.
  auto r = run_sockscope({"close", "--remote", "[::1]:8443"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string expected =
      "closed tcp6 [::1]:" + std::to_string(c.client_port) + " -> [::1]:8443 (pid " + std::to_string(getpid()) + " ";
  EXPECT_EQ(r.out.rfind(expected, 0), 0u) << r.out;
  EXPECT_EQ(count_lines(r.out, "closed "), 1u) << r.out;
  EXPECT_EQ(wait_socket_error(c.client), ECONNABORTED);
  char byte;
  EXPECT_LE(recv(c.client, &byte, 1, MSG_DONTWAIT), 0);
  EXPECT_TRUE(ss_gone(v6(c.client_port), v6(8443)));
  EXPECT_TRUE(ss_gone(v6(8443), v6(c.client_port)));
}

TEST_F(CloseNetns, AnIpv4PatternMatchesAnIpv4MappedSocket) {
  int l = keep(listener6("::", 9090));
  ASSERT_GE(l, 0);
  Conn c = connection(l, "127.0.0.1", 9090, "mappedsrv");
  const std::string mapped_local = "[::ffff:127.0.0.1]:9090";
  const std::string mapped_peer = "[::ffff:127.0.0.1]:" + std::to_string(c.client_port);
  ASSERT_TRUE(ss_has(mapped_local, mapped_peer));

  auto r = run_sockscope({"close", "--local", "127.0.0.1:9090", "-p", "tcp6"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "closed tcp6 " + mapped_local + " -> " + mapped_peer + " (pid " + std::to_string(c.holder) +
                       " mappedsrv)\n");
  EXPECT_TRUE(ss_gone(mapped_local, mapped_peer));
  EXPECT_EQ(wait_socket_error(c.client), ECONNRESET);
}

TEST_F(CloseNetns, DryRunListsButClosesNothing) {
  int l = keep(listener4("127.0.0.1", 7000));
  ASSERT_GE(l, 0);
  Conn a = connection(l, "127.0.0.1", 7000, "dry-a");
  Conn b = connection(l, "127.0.0.1", 7000, "dry-b");

  auto r = run_sockscope({"close", "--local-port", "7000", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out, "would close tcp 127.0.0.1:7000 -> 127.0.0.1:"), 2u) << r.out;
  EXPECT_NE(r.out.find("dry-a)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dry-b)"), std::string::npos) << r.out;
  EXPECT_EQ(count_lines(r.out, "closed"), 0u);
  usleep(100 * 1000);
  EXPECT_TRUE(ss_has(v4(7000), v4(a.client_port)));
  EXPECT_TRUE(ss_has(v4(7000), v4(b.client_port)));
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(a.client, SOL_SOCKET, SO_ERROR, &err, &len);
  EXPECT_EQ(err, 0);
}

TEST_F(CloseNetns, NoMatchExits1) {
  int l = keep(listener4("127.0.0.1", 7050));
  ASSERT_GE(l, 0);
  Conn c = connection(l, "127.0.0.1", 7050, "nomatch");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"close", "--remote", "127.0.0.1:1"},
        std::vector<std::string>{"close", "10.9.9.9", "*", "*", "*"},
        std::vector<std::string>{"close", "--process", "no-such-process-name"},
        // The listener is not a connection unless --state listen names it.
        std::vector<std::string>{"close", "--local", "127.0.0.1:7050", "--remote", "0.0.0.0:0"}}) {
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 1) << args[2] << ": " << r.err;
    // With --process, a note on processes that could not be inspected may follow on the same line.
    EXPECT_EQ(r.err.rfind("sockscope: no matching connection", 0), 0u) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
    if (args[1] != "--process") {
      EXPECT_EQ(r.err, "sockscope: no matching connection\n");
    }
    EXPECT_EQ(r.out, "");
  }
  EXPECT_TRUE(ss_has(v4(7050), v4(c.client_port)));
  EXPECT_TRUE(ss_has(v4(7050), "0.0.0.0:*"));
}

TEST_F(CloseNetns, SeveralMatchesWithoutYesAndNoTerminalAreRefused) {
  int l = keep(listener4("127.0.0.1", 7100));
  ASSERT_GE(l, 0);
  std::vector<Conn> conns;
  for (int i = 0; i < 3; ++i) conns.push_back(connection(l, "127.0.0.1", 7100, "many"));

  auto r = run_sockscope({"close", "--remote-port", "7100"});  // stdin is /dev/null
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  EXPECT_NE(r.err.find("3 connections match"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--yes"), std::string::npos) << r.err;
  usleep(100 * 1000);
  for (const auto& c : conns) EXPECT_TRUE(ss_has(v4(c.client_port), v4(7100)));
}

TEST_F(CloseNetns, SeveralMatchesWithYesAreAllClosed) {
  int l = keep(listener4("127.0.0.1", 7150));
  ASSERT_GE(l, 0);
  std::vector<Conn> conns;
  for (int i = 0; i < 3; ++i) conns.push_back(connection(l, "127.0.0.1", 7150, "many"));

  auto r = run_sockscope({"close", "--remote", "127.0.0.1:7150", "--yes"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out, "closed tcp 127.0.0.1:"), 3u) << r.out;
  for (const auto& c : conns) {
    EXPECT_NE(r.out.find("closed tcp 127.0.0.1:" + std::to_string(c.client_port) + " -> 127.0.0.1:7150"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(wait_socket_error(c.client), ECONNABORTED);
    EXPECT_TRUE(ss_gone(v4(c.client_port), v4(7150)));
  }
}

TEST_F(CloseNetns, SelectsByProcessNameOrPid) {
  int l = keep(listener4("127.0.0.1", 7200));
  ASSERT_GE(l, 0);
  Conn alpha = connection(l, "127.0.0.1", 7200, "alpha");
  Conn beta = connection(l, "127.0.0.1", 7200, "beta");
  Conn gamma = connection(l, "127.0.0.1", 7200, "gamma");

  auto r = run_sockscope({"close", "*", "*", "*", "*", "ALPHA"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "closed tcp 127.0.0.1:7200 -> 127.0.0.1:" + std::to_string(alpha.client_port) + " (pid " +
                       std::to_string(alpha.holder) + " alpha)\n");
  EXPECT_TRUE(ss_gone(v4(7200), v4(alpha.client_port)));

  r = run_sockscope({"close", "--pid", std::to_string(beta.holder)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out, "closed "), 1u) << r.out;
  EXPECT_NE(r.out.find("beta)"), std::string::npos) << r.out;
  EXPECT_TRUE(ss_gone(v4(7200), v4(beta.client_port)));

  usleep(100 * 1000);
  EXPECT_TRUE(ss_has(v4(7200), v4(gamma.client_port)));
}

TEST_F(CloseNetns, PortRangeSelectsOnlyPortsInside) {
  int l1 = keep(listener4("127.0.0.1", 7300));
  int l2 = keep(listener4("127.0.0.1", 7399));
  int l3 = keep(listener4("127.0.0.1", 7400));
  ASSERT_GE(l1, 0);
  ASSERT_GE(l2, 0);
  ASSERT_GE(l3, 0);
  Conn a = connection(l1, "127.0.0.1", 7300, "range");
  Conn b = connection(l2, "127.0.0.1", 7399, "range");
  Conn c = connection(l3, "127.0.0.1", 7400, "range");

  auto r = run_sockscope({"close", "--remote-port", "7300-7399", "-y"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_lines(r.out, "closed "), 2u) << r.out;
  EXPECT_TRUE(ss_gone(v4(a.client_port), v4(7300)));
  EXPECT_TRUE(ss_gone(v4(b.client_port), v4(7399)));
  EXPECT_TRUE(ss_has(v4(c.client_port), v4(7400)));
}

TEST_F(CloseNetns, ListenerOnlyWhenStateListenNamesIt) {
  int l = listener4("127.0.0.1", 7500);
  ASSERT_GE(l, 0);
  pid_t holder = spawn_holder("listener", {l});

  auto r = run_sockscope({"close", "--local", "127.0.0.1:7500"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_TRUE(ss_has(v4(7500), "0.0.0.0:*"));

  r = run_sockscope({"close", "--local", "127.0.0.1:7500", "--state", "listen"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "closed tcp 127.0.0.1:7500 -> 0.0.0.0:* LISTEN (pid " + std::to_string(holder) + " listener)\n");
  EXPECT_TRUE(ss_gone(v4(7500), "0.0.0.0:*"));
  EXPECT_LT(connect_to("127.0.0.1", 7500), 0);
  EXPECT_EQ(errno, ECONNREFUSED);
}

TEST_F(CloseNetns, WithoutCapNetAdminSaysNotPermittedAndExits4) {
  if (run_command({"setpriv", "--version"}).exit_code != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  if (access(SOCKSCOPE_BINARY, X_OK) != 0) GTEST_SKIP() << "binary not executable";
  int l = keep(listener4("127.0.0.1", 7600));
  ASSERT_GE(l, 0);
  Conn c = connection(l, "127.0.0.1", 7600, "rootonly");

  // Unprivileged: the socket dump still works, SOCK_DESTROY is refused, and root's /proc/PID/fd is
  // unreadable, so the owner shows as unknown.
  auto r = run_command({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", SOCKSCOPE_BINARY,
                        "close", "--netns", "current", "--remote", "127.0.0.1:7600"});
  if (r.exit_code == 126 || r.exit_code == 127) GTEST_SKIP() << "uid 65534 cannot run the binary: " << r.err;
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "sockscope: cannot close tcp 127.0.0.1:" + std::to_string(c.client_port) +
                       " -> 127.0.0.1:7600 (owner unknown): not permitted: closing connections needs CAP_NET_ADMIN "
                       "(run as root)\n");
  usleep(100 * 1000);
  EXPECT_TRUE(ss_has(v4(c.client_port), v4(7600)));
}

// Runs sockscope on a pseudo-terminal, answers its question with `reply`, returns (exit code, output).
std::pair<int, std::string> run_on_terminal(const std::vector<std::string>& args, const std::string& reply) {
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(SOCKSCOPE_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(SOCKSCOPE_BINARY, argv.data());
    _exit(127);
  }
  std::string seen;
  bool answered = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    ssize_t n = read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    seen.append(buf, static_cast<std::size_t>(n));
    if (!answered && seen.find("[y/N] ") != std::string::npos) {
      (void)!write(master, reply.data(), reply.size());
      answered = true;
    }
  }
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  close(master);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), seen};
}

TEST_F(CloseNetns, AsksOnATerminalAndHonoursTheAnswer) {
  int l = keep(listener4("127.0.0.1", 7700));
  ASSERT_GE(l, 0);
  Conn a = connection(l, "127.0.0.1", 7700, "ask");
  Conn b = connection(l, "127.0.0.1", 7700, "ask");

  auto [declined, text] = run_on_terminal({"close", "--remote-port", "7700"}, "n\n");
  EXPECT_EQ(declined, 0) << text;
  EXPECT_NE(text.find("Close 2 connections? [y/N] "), std::string::npos) << text;
  EXPECT_NE(text.find("nothing closed"), std::string::npos) << text;
  EXPECT_TRUE(ss_has(v4(a.client_port), v4(7700)));
  EXPECT_TRUE(ss_has(v4(b.client_port), v4(7700)));

  auto [accepted, text2] = run_on_terminal({"close", "--remote-port", "7700"}, "y\n");
  EXPECT_EQ(accepted, 0) << text2;
  EXPECT_EQ(count_lines(text2, "closed tcp 127.0.0.1:"), 2u) << text2;
  EXPECT_TRUE(ss_gone(v4(a.client_port), v4(7700)));
  EXPECT_TRUE(ss_gone(v4(b.client_port), v4(7700)));
}

// Bad usage never reaches the kernel; a private netns (when available) makes sure of it.
struct CloseBadUsage {
  std::vector<std::string> args;
  std::string names;  // the bad part the one-line error must name
};

class CloseCliBadUsage : public ::testing::TestWithParam<CloseBadUsage> {};

TEST_P(CloseCliBadUsage, OneLineErrorNamingItAndExit2) {
  (void)enter_private_netns();
  const auto& c = GetParam();
  std::vector<std::string> args{"close"};
  args.insert(args.end(), c.args.begin(), c.args.end());
  auto r = run_sockscope(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
  EXPECT_NE(r.err.find(c.names), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sockscope close --help"), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    All, CloseCliBadUsage,
    ::testing::Values(CloseBadUsage{{}, "nothing selected"},
                      CloseBadUsage{{"-y", "--dry-run"}, "nothing selected"},
                      CloseBadUsage{{"-p", "tcp6", "--state", "listen"}, "nothing selected"},
                      CloseBadUsage{{"--bogus"}, "--bogus"},
                      CloseBadUsage{{"127.0.0.1"}, "incomplete"},
                      CloseBadUsage{{"127.0.0.1", "80", "*"}, "incomplete"},
                      CloseBadUsage{{"*", "*", "*", "*", "x", "extra"}, "'extra'"},
                      CloseBadUsage{{"localhost", "80", "*", "*"}, "localhost"},
                      CloseBadUsage{{"*", "http", "*", "*"}, "'http'"},
                      CloseBadUsage{{"*", "*", "*", "70000"}, "70000"},
                      CloseBadUsage{{"127.0.0.1:80", "*", "*", "*"}, "127.0.0.1:80"},
                      CloseBadUsage{{"--local", "1.2.3.4:99999"}, "99999"},
                      CloseBadUsage{{"--remote", "::1:80:"}, "::1:80:"},
                      CloseBadUsage{{"--remote", "[::1]:"}, "[::1]:"},
                      CloseBadUsage{{"--remote", "example.com:443"}, "example.com"},
                      CloseBadUsage{{"--remote-port", "8100-8000"}, "8100-8000"},
                      CloseBadUsage{{"--local", "1.2.3.4:80", "--local-port", "81"}, "--local-port"},
                      CloseBadUsage{{"1.2.3.4", "80", "*", "*", "--remote", "5.6.7.8"}, "--remote"},
                      CloseBadUsage{{"--pid", "abc"}, "abc"},
                      CloseBadUsage{{"--pid", "0"}, "--pid"},
                      CloseBadUsage{{"--pid", "1", "--process", "x"}, "--pid"},
                      CloseBadUsage{{"*", "*", "*", "*", "nginx", "--pid", "1"}, "nginx"},
                      CloseBadUsage{{"--remote-port", "1", "-p", "udp"}, "udp"},
                      CloseBadUsage{{"--remote-port", "1", "-p", "tcp,raw"}, "raw"},
                      CloseBadUsage{{"--remote-port", "1", "--state", "time_wait"}, "time_wait"},
                      CloseBadUsage{{"--remote-port", "1", "--state", "dancing"}, "dancing"},
                      CloseBadUsage{{"--remote", "fe80::1%nosuchif0"}, "nosuchif0"}),
    sockscope::testing::ArgsCaseName{});

TEST(CloseCli, HelpDocumentsEveryOptionAndExitCode) {
  auto r = run_sockscope({"close", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  for (const char* s : {"--local", "--remote", "--local-port", "--remote-port", "--pid", "--process", "--proto",
                        "--state", "--dry-run", "--yes", "LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT", "[y/N]",
                        "CAP_NET_ADMIN", "CONFIG_INET_DIAG_DESTROY", "already gone", "EXAMPLES", "EXIT STATUS",
                        "1 no matching connection", "4 some or all connections could not be closed"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  }
}

TEST(CloseCli, ManPageHasACloseSection) {
  std::string man;
  FILE* f = std::fopen(SOCKSCOPE_MANPAGE, "r");
  ASSERT_NE(f, nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) man.append(buf, n);
  std::fclose(f);
  EXPECT_NE(man.find(".SH \"THE CLOSE COMMAND\""), std::string::npos);
  for (const char* s : {"\\-\\-local", "\\-\\-remote", "\\-\\-local\\-port", "\\-\\-remote\\-port", "\\-\\-pid",
                        "\\-\\-process", "\\-\\-dry\\-run", "\\-\\-yes", "CAP_NET_ADMIN", "CONFIG_INET_DIAG_DESTROY"}) {
    EXPECT_NE(man.find(s), std::string::npos) << s;
  }
}

}  // namespace
