// sockscope netstat run as the seed documents' examples are typed, in a private netns with known
// sockets; intervals until Ctrl+C (Windows reprints, BSD -I counts per interval); -b unprivileged.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "case_names.hpp"
#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

sockaddr_storage address(int family, int port) {
  sockaddr_storage ss{};
  if (family == AF_INET) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<uint16_t>(port));
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<uint16_t>(port));
    sa->sin6_addr = in6addr_loopback;
  }
  return ss;
}

socklen_t length(int family) { return family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6); }

int bound(int family, int type, int port) {
  int fd = socket(family, type, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const auto sa = address(family, port);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&sa), length(family)) != 0) return -1;
  if (type == SOCK_STREAM && listen(fd, 8) != 0) return -1;
  return fd;
}

int connected(int family, int port) {
  int fd = socket(family, SOCK_STREAM, 0);
  const auto sa = address(family, port);
  return connect(fd, reinterpret_cast<const sockaddr*>(&sa), length(family)) == 0 ? fd : -1;
}

// Sends `n` one-byte datagrams to ourselves over lo and reads them back: lo sends and receives n packets.
void udp_over_lo(int n) {
  int rx = bound(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(rx, 0);
  sockaddr_storage sa{};
  socklen_t len = sizeof sa;
  getsockname(rx, reinterpret_cast<sockaddr*>(&sa), &len);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  char c = 'x';
  for (int i = 0; i < n; ++i) ASSERT_EQ(sendto(tx, &c, 1, 0, reinterpret_cast<sockaddr*>(&sa), len), 1);
  for (int i = 0; i < n; ++i) ASSERT_EQ(recv(rx, &c, 1, 0), 1);
  close(tx);
  close(rx);
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The displays of a redisplaying run, split at each "Active Connections" title.
std::vector<std::string> displays(const std::string& out) {
  std::vector<std::string> d;
  const std::string title = "\nActive Connections\n";
  for (auto at = out.find(title); at != std::string::npos;) {
    const auto next = out.find(title, at + 1);
    d.push_back(out.substr(at, next == std::string::npos ? std::string::npos : next - at));
    at = next;
  }
  return d;
}

// sockscope running in the background, its output read as it comes, stopped with SIGINT as Ctrl+C does.
class Running {
 public:
  explicit Running(const std::vector<std::string>& args) {
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      std::vector<std::string> argv{SOCKSCOPE_BINARY};
      const std::vector<std::string> narrowed = in_current_netns(args);
      argv.insert(argv.end(), narrowed.begin(), narrowed.end());
      std::vector<char*> p;
      for (auto& a : argv) p.push_back(a.data());
      p.push_back(nullptr);
      execv(p[0], p.data());
      _exit(127);
    }
    close(out[1]);
    fd_ = out[0];
  }
  ~Running() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }

  // Reads until `ready(output so far)` or the timeout; true when ready.
  bool read_until(const std::function<bool(const std::string&)>& ready, int timeout_ms = 15000) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!ready(out_)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[65536];
      const ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) return ready(out_);
      out_.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }

  // Ctrl+C; returns the signal that ended the process (0 if it exited by itself).
  int interrupt() {
    kill(pid_, SIGINT);
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    // Whatever it printed before the signal.
    read_until([](const std::string&) { return false; }, 200);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  }

  const std::string& out() const { return out_; }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  bool reaped_ = false;
  std::string out_;
};

class NetstatExamples : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    int l4 = bound(AF_INET, SOCK_STREAM, 7201);
    int l6 = bound(AF_INET6, SOCK_STREAM, 7202);
    ASSERT_GE(l4, 0);
    ASSERT_GE(l6, 0);
    int c4 = connected(AF_INET, 7201);
    int c6 = connected(AF_INET6, 7202);
    ASSERT_GE(c4, 0);
    ASSERT_GE(c6, 0);
    int a4 = accept(l4, nullptr, nullptr);
    int a6 = accept(l6, nullptr, nullptr);
    int u4 = bound(AF_INET, SOCK_DGRAM, 7203);
    int u6 = bound(AF_INET6, SOCK_DGRAM, 7204);
    ASSERT_GE(u4, 0);
    ASSERT_GE(u6, 0);
    server_ = spawn_holder("ex-server", {l4, l6, a4, a6, u4, u6});
    client_ = spawn_holder("ex-client", {c4, c6});
  }
  void TearDown() override { kill_holders(); }

  // Replaces {server} and {client} with the holders' pids, {self} with this test's (their parent).
  std::string expand(std::string s) const {
    for (auto [key, pid] : {std::pair<std::string, pid_t>{"{server}", server_}, {"{client}", client_}, {"{self}", getpid()}}) {
      for (auto at = s.find(key); at != std::string::npos; at = s.find(key)) s.replace(at, key.size(), std::to_string(pid));
    }
    return s;
  }

  pid_t server_ = 0, client_ = 0;
};

// One example as a seed types it: what its output must hold (in this order) and must not.
struct Example {
  std::vector<std::string> args;
  std::vector<std::string> present;
  std::vector<std::string> absent;
};

class NetstatSeedExample : public NetstatExamples, public ::testing::WithParamInterface<Example> {};

const std::vector<std::string> kAllStatistics = {
    "\nIPv4 Statistics\n",    "\nIPv6 Statistics\n",         "\nICMPv4 Statistics\n",
    "\nICMPv6 Statistics\n",  "\nTCP Statistics for IPv4\n", "\nTCP Statistics for IPv6\n",
    "\nUDP Statistics for IPv4\n", "\nUDP Statistics for IPv6\n"};

std::vector<std::string> all_but(const std::string& keep) {
  std::vector<std::string> out;
  for (const auto& s : kAllStatistics)
    if (s != keep) out.push_back(s);
  return out;
}

TEST_P(NetstatSeedExample, RunsAsTyped) {
  std::vector<std::string> args{"netstat"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  const auto r = run_sockscope(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "root in its own netns sees every owner";
  std::size_t from = 0;
  for (const auto& p : GetParam().present) {
    const auto at = r.out.find(expand(p), from);
    EXPECT_NE(at, std::string::npos) << "missing (or out of order): '" << expand(p) << "'\n" << r.out;
    if (at != std::string::npos) from = at + 1;
  }
  for (const auto& a : GetParam().absent) EXPECT_EQ(r.out.find(expand(a)), std::string::npos) << a << "\n" << r.out;
}

// Seeds 001 (Table-6 and listings), 002 (the lab's -anp tcp), 003 (the Windows reference's switches
// and examples; the BSD man page's forms through their long options) and 004 (the help's synopsis).
INSTANTIATE_TEST_SUITE_P(
    Seeds, NetstatSeedExample,
    ::testing::Values(
        Example{{}, {"\nActive Connections\n\n  Proto  Local Address", ":7201 ", "ESTABLISHED"}, {"LISTENING", "UDP"}},
        Example{{"-a"}, {"LISTENING", "ESTABLISHED", "UDP ", ":7203 "}, {"BOUND"}},
        Example{{"-b"}, {"ESTABLISHED\n [ex-"}, {"LISTENING", "Can not obtain"}},
        Example{{"-e"},
                {"Interface Statistics\n\n                           Received            Sent\n\nBytes ",
                 "\nUnicast packets ", "\nNon-unicast packets ", "\nDiscards ", "\nErrors ", "\nUnknown protocols "},
                {"Active Connections", "IPv4 Statistics"}},
        Example{{"-f"}, {"Active Connections", ":7201 ", "ESTABLISHED"}, {"LISTENING"}},
        Example{{"-n"}, {"127.0.0.1:7201         127.0.0.1:", "[::1]:7202             [::1]:"}, {"LISTENING", "PID"}},
        Example{{"-o"}, {"State           PID\n", "ESTABLISHED     {server}\n"}, {"LISTENING"}},
        Example{{"-p", "TCP"}, {"  TCP    ", ":7201 "}, {":7202", "UDP"}},
        Example{{"-r"},
                {"Interface List\n", "...lo\n", "\nIPv4 Route Table\n", "Active Routes:\n",
                 "Network Destination        Netmask          Gateway       Interface  Metric\n",
                 "        127.0.0.0        255.0.0.0          On-link       127.0.0.1", "Persistent Routes:\n",
                 "\nIPv6 Route Table\n", "::1/128"},
                {"Active Connections"}},
        Example{{"-s"}, kAllStatistics, {"Active Connections", "Interface Statistics"}},
        Example{{"-ano"},
                {"  TCP    127.0.0.1:7201         0.0.0.0:0              LISTENING       {server}\n",
                 "  TCP    [::1]:7202             [::]:0                 LISTENING       {server}\n",
                 "  UDP    127.0.0.1:7203         *:*                                    {server}\n",
                 "  UDP    [::1]:7204             *:*                                    {server}\n"},
                {}},
        Example{{"-anp", "tcp"},
                {"  TCP    127.0.0.1:7201         0.0.0.0:0              LISTENING\n",
                 "  TCP    127.0.0.1:7201         127.0.0.1:"},
                {"UDP", "[::"}},
        Example{{"-e", "-s"}, {"Interface Statistics\n", "\nIPv4 Statistics\n", "\nUDP Statistics for IPv6\n"}, {}},
        Example{{"-s", "-p", "tcp", "udp"},
                {"\nTCP Statistics for IPv4\n", "\nUDP Statistics for IPv4\n"},
                {"\nIPv4 Statistics", "ICMP", "for IPv6", "Interface Statistics"}},
        Example{{"-n", "-o"}, {"State           PID\n", "127.0.0.1:7201 ", "ESTABLISHED     "}, {"LISTENING"}},
        Example{{"/?"}, {"Displays protocol statistics and current TCP/IP network connections.", "EXAMPLES"}, {}},
        // -v adds the holder's parents (this test, which forked it) above its name; -b alone never
        // prints "(PID".
        Example{{"-b", "-v"}, {"ESTABLISHED\n", " (PID {self})\n [ex-client]\n"}, {"LISTENING"}},
        Example{{"-a", "-b"}, {"LISTENING\n", " [ex-server]\n", "UDP "}, {}},
        Example{{"-anp", "TCPv6"}, {"  TCP    [::1]:7202             [::]:0                 LISTENING\n"}, {"127.0.0.1", "UDP"}},
        Example{{"-anp", "udp"}, {"  UDP    127.0.0.1:7203         *:*\n"}, {"TCP ", "[::1]"}},
        Example{{"-anp", "UDPv6"}, {"  UDP    [::1]:7204             *:*\n"}, {"TCP ", "127.0.0.1"}},
        Example{{"-s", "-p", "ip"}, {"\nIPv4 Statistics\n\n  Packets Received "}, all_but("\nIPv4 Statistics\n")},
        Example{{"-s", "-p", "IPv6"}, {"\nIPv6 Statistics\n\n  Packets Received "}, all_but("\nIPv6 Statistics\n")},
        Example{{"-s", "-p", "icmp"},
                {"\nICMPv4 Statistics\n\n                            Received    Sent\n  Messages "},
                all_but("\nICMPv4 Statistics\n")},
        Example{{"-s", "-p", "ICMPv6"}, {"\nICMPv6 Statistics\n\n"}, all_but("\nICMPv6 Statistics\n")},
        Example{{"-s", "-p", "tcpv6"},
                {"\nTCP Statistics for IPv6\n\n", "together", "  Active Opens "},
                all_but("\nTCP Statistics for IPv6\n")},
        Example{{"-s", "-p", "udpv6"}, {"\nUDP Statistics for IPv6\n\n  Datagrams Received "},
                all_but("\nUDP Statistics for IPv6\n")},
        // Seed 004's synopsis, every switch at once: the sections, in Windows' order.
        Example{{"-a", "-b", "-e", "-n", "-o", "-p", "tcp", "-r", "-s", "-v"},
                {"Interface Statistics\n", "\nTCP Statistics for IPv4\n", "Interface List\n", "IPv4 Route Table"},
                {"\nUDP Statistics", "\nIPv4 Statistics"}},
        // BSD netstat's forms (seed 003) through their letters or long options.
        Example{{"-A", "-a", "-n"}, {"Inode       Cookie\n", "127.0.0.1:7201"}, {}},
        Example{{"--family", "inet", "-an"}, {"127.0.0.1:7201"}, {"[::1]", "UNIX"}},
        Example{{"--family", "inet6", "-an"}, {"[::1]:7202"}, {"127.0.0.1"}},
        Example{{"--family", "unix", "-a"}, {"Active UNIX domain sockets (servers and established)\n",
                                            "Proto RefCnt Flags       Type       State         I-Node"},
                {"Active Connections"}},
        Example{{"--interfaces"}, {"Name ", " Mtu ", "Network", "Address", "Ipkts", "Ierrs", "Opkts", "Oerrs", "Coll\n",
                                   "lo ", "<Link#1>"},
                {"Idrop"}},
        Example{{"--interfaces", "-d"}, {"Ierrs Idrop Opkts Oerrs Coll Drop\n"}, {}},
        Example{{"-I", "lo"}, {"Coll\n", "lo "}, {}},
        Example{{"-r", "--bsd", "-n"},
                {"Routing tables\n\nInternet:\n", "Destination", "Flags Refs      Use  Netif Expire\n", "\nInternet6:\n"},
                {"Active Routes"}},
        Example{{"-n", "-I", "lo", "-w", "1", "--count", "2"}, {"(lo)", "(Total)", "packets  errs"}, {}},
        Example{{"-x"}, {"Active NetworkDirect Connections, Listeners, SharedEndpoints\n"}, {"Active Connections"}},
        Example{{"-a", "-n", "-t", "-y"}, {"Offload State   Template\n", "InHost          Not Applicable"}, {}},
        Example{{"-q", "-n"}, {"LISTENING"}, {}},
        // A trailing interval reprints the sections too (two displays, then --count stops it).
        Example{{"-e", "-s", "-p", "udp", "1", "--count", "2"},
                {"Interface Statistics\n", "\nUDP Statistics for IPv4\n", "Interface Statistics\n",
                 "\nUDP Statistics for IPv4\n"},
                {"TCP Statistics"}}),
    sockscope::testing::ArgsCaseName{});

// "netstat 15" and "netstat -o 5" (seeds 001 and 003): the first display, then waiting until Ctrl+C.
TEST_F(NetstatExamples, SeedIntervalsWaitForCtrlC) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"netstat", "15"}, std::vector<std::string>{"netstat", "-o", "5"}}) {
    Running run(args);
    ASSERT_TRUE(run.read_until([](const std::string& out) { return out.find(":7201 ") != std::string::npos; }))
        << run.out();
    // Still running a moment later, with one display only.
    ASSERT_FALSE(run.read_until([](const std::string& out) { return count_of(out, "Active Connections") > 1; }, 700))
        << run.out();
    EXPECT_EQ(run.interrupt(), SIGINT) << "not ended by itself before Ctrl+C";
    EXPECT_EQ(count_of(run.out(), "Active Connections"), 1u) << run.out();
  }
}

// Windows reprints everything each interval until Ctrl+C; each display is read afresh, and -i
// times only the connection it saw begin.
TEST_F(NetstatExamples, IntervalReprintsUntilCtrlCAndTimesWhatItSawBegin) {
  Running run({"netstat", "-n", "-i", "1"});
  auto shown = [](std::size_t n) {
    return [n](const std::string& out) {
      // A display is complete when the next one starts or its last (data) line has ended.
      return displays(out).size() >= n && out.ends_with("\n") && count_of(displays(out).back(), ":7202") >= 2;
    };
  };
  ASSERT_TRUE(run.read_until(shown(1))) << run.out();
  const auto connected_at = std::chrono::steady_clock::now();
  int late = connected(AF_INET, 7201);  // after the first display; the listener's backlog accepts it
  ASSERT_GE(late, 0);
  sockaddr_in me{};
  socklen_t len = sizeof me;
  getsockname(late, reinterpret_cast<sockaddr*>(&me), &len);
  const std::string late_local = "127.0.0.1:" + std::to_string(ntohs(me.sin_port));
  ASSERT_TRUE(run.read_until(shown(4), 20000)) << run.out();
  const auto elapsed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - connected_at).count();
  EXPECT_EQ(run.interrupt(), SIGINT);
  close(late);

  const auto d = displays(run.out());
  ASSERT_GE(d.size(), 4u) << run.out();
  EXPECT_EQ(d[0].find(late_local), std::string::npos) << "made after the first display:\n" << d[0];
  long previous = -1;
  for (std::size_t i = 1; i < 4; ++i) {
    EXPECT_NE(d[i].find("Time in State (ms)"), std::string::npos) << d[i];
    std::istringstream lines(d[i]);
    bool found = false;
    for (std::string line; std::getline(lines, line);) {
      const auto w = words(line);
      if (w.size() < 5 || w[0] != "TCP") continue;
      if (w[1] == late_local) {
        found = true;
        ASSERT_EQ(w[3], "ESTABLISHED") << line;
        const long ms = std::stol(w[4]);
        EXPECT_GE(ms, 0) << line;
        EXPECT_LE(ms, elapsed_ms) << "never more than it can know: " << line;
        if (previous >= 0) {
          EXPECT_GE(ms, previous + 900) << "a second later, a second more: " << line;
        }
        previous = ms;
      } else if (w[2] == late_local) {
        // The listener's end, queued for accept: new as well.
        EXPECT_LE(std::stol(w[4]), elapsed_ms) << line;
      } else {
        EXPECT_EQ(w[4], "-") << "there before the first display: " << line;
      }
    }
    EXPECT_TRUE(found) << "reprinted with fresh rows:\n" << d[i];
  }
}

// BSD's interval display (-I lo 1) until Ctrl+C: a first line of totals, then per-interval counts.
TEST_F(NetstatExamples, BsdIntervalCountsPerIntervalUntilCtrlC) {
  udp_over_lo(100);  // at least 100 packets each way on lo before it starts
  Running run({"netstat", "-I", "lo", "1"});
  auto data_lines = [](const std::string& out) {
    std::vector<std::vector<std::uint64_t>> rows;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      const auto w = words(line);
      if (w.size() != 14 || !std::isdigit(static_cast<unsigned char>(w[0][0]))) continue;
      std::vector<std::uint64_t> v;
      for (const auto& x : w) v.push_back(std::stoull(x));
      rows.push_back(v);
    }
    return rows;
  };
  ASSERT_TRUE(run.read_until([&](const std::string& out) { return data_lines(out).size() >= 1 && out.ends_with("\n"); }))
      << run.out();
  udp_over_lo(20);
  ASSERT_TRUE(run.read_until([&](const std::string& out) { return data_lines(out).size() >= 4 && out.ends_with("\n"); },
                             20000))
      << run.out();
  EXPECT_EQ(run.interrupt(), SIGINT);

  const auto rows = data_lines(run.out());
  ASSERT_GE(rows.size(), 4u) << run.out();
  EXPECT_NE(run.out().find("(lo)"), std::string::npos);
  // Columns: lo's input packets errs bytes, output packets errs bytes colls; then the Total's.
  EXPECT_GE(rows[0][0], 100u) << "the first line is the total since boot\n" << run.out();
  EXPECT_GE(rows[0][3], 100u) << run.out();
  std::uint64_t in = 0, out = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    in += rows[i][0];
    out += rows[i][3];
    EXPECT_EQ(rows[i][0], rows[i][7]) << "lo is the only interface carrying traffic here\n" << run.out();
  }
  EXPECT_EQ(in, 20u) << "later lines count only their interval\n" << run.out();
  EXPECT_EQ(out, 20u) << run.out();
}

// -b without the privilege to see owners: Windows' words, once, and the rows all the same.
TEST_F(NetstatExamples, OwnersWithoutPrivilegeSayElevationAndStillList) {
  if (run_command({"setpriv", "--version"}).exit_code != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  const auto r = run_command({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", SOCKSCOPE_BINARY,
                              "netstat", "--netns", "current", "-anb"});
  if (r.exit_code == 126 || r.exit_code == 127) GTEST_SKIP() << "uid 65534 cannot run the binary: " << r.err;
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "The requested operation requires elevation.\n");
  std::istringstream lines(r.out);
  std::vector<std::string> l;
  for (std::string line; std::getline(lines, line);) l.push_back(line);
  std::size_t rows = 0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    const auto w = words(l[i]);
    if (w.empty() || (w[0] != "TCP" && w[0] != "UDP")) continue;
    ++rows;
    ASSERT_LT(i + 1, l.size());
    EXPECT_EQ(l[i + 1], " Can not obtain ownership information") << l[i];
  }
  EXPECT_EQ(rows, 8u) << "2 listeners, 4 connection ends, 2 UDP:\n" << r.out;
}

}  // namespace
