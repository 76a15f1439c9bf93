// sockscope netstat against the kernel: connections made by child processes in a private netns,
// compared with ss's view of the same namespace; -b owners, -q BOUND, UNIX sockets, intervals.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// (proto, state, local, foreign port) in one spelling for both tools.
using Key = std::tuple<std::string, std::string, std::string, std::string>;

std::string port_of(const std::string& addr_port) { return addr_port.substr(addr_port.rfind(':') + 1); }

std::multiset<Key> keys_from_netstat(const std::string& out, std::map<std::string, std::string>* pid_by_local = nullptr) {
  std::multiset<Key> keys;
  for (const std::string& l : lines(out)) {
    auto w = words(l);
    if (w.empty() || (w[0] != "TCP" && w[0] != "UDP")) continue;
    const bool tcp = w[0] == "TCP";
    const std::string state = tcp ? w.at(3) : "";
    std::string foreign = tcp ? port_of(w.at(2)) : "*";
    if (tcp && state == "LISTENING") foreign = "*";  // ss writes a listener's peer port as *
    keys.emplace(tcp ? "tcp" : "udp", state, w.at(1), foreign);
    if (pid_by_local) (*pid_by_local)[w[0] + " " + w[1] + " " + state] = w.back();
  }
  return keys;
}

std::multiset<Key> keys_from_ss(const std::string& out) {
  static const std::map<std::string, std::string> states = {
      {"LISTEN", "LISTENING"}, {"ESTAB", "ESTABLISHED"}, {"TIME-WAIT", "TIME_WAIT"}, {"SYN-SENT", "SYN_SENT"},
      {"SYN-RECV", "SYN_RECEIVED"}, {"CLOSE-WAIT", "CLOSE_WAIT"}, {"FIN-WAIT-1", "FIN_WAIT_1"},
      {"FIN-WAIT-2", "FIN_WAIT_2"}, {"LAST-ACK", "LAST_ACK"}, {"CLOSING", "CLOSING"}};
  std::multiset<Key> keys;
  for (const std::string& l : lines(out)) {
    auto w = words(l);
    if (w.size() < 6) continue;
    const bool tcp = w[0] == "tcp";
    std::string state = tcp ? states.at(w[1]) : "";
    // ss writes a dual-stack IPv6 wildcard as *; netstat as Windows does, [::].
    std::string local = w[4].rfind("*:", 0) == 0 ? "[::]" + w[4].substr(1) : w[4];
    keys.emplace(w[0], state, local, tcp ? port_of(w[5]) : "*");
  }
  return keys;
}

class NetstatNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    char tmpl[] = "/tmp/sockscope-netstat-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;

    int l4 = tcp_listen("127.0.0.1", 7101);
    int l6 = tcp_listen("::1", 7102);
    ASSERT_GE(l4, 0);
    ASSERT_GE(l6, 0);
    int c4 = tcp_connect("127.0.0.1", 7101);
    int c6 = tcp_connect("::1", 7102);
    ASSERT_GE(c4, 0);
    ASSERT_GE(c6, 0);
    int a4 = accept(l4, nullptr, nullptr);
    int a6 = accept(l6, nullptr, nullptr);
    int u4 = udp_bind("127.0.0.1", 7103);
    int u6 = udp_bind("::", 7104);
    int bound = tcp_bound("127.0.0.1", 7105);
    ASSERT_GE(u4, 0);
    ASSERT_GE(u6, 0);
    ASSERT_GE(bound, 0);
    unix_path_ = dir_ + "/netstat.sock";
    int ux = unix_listen(unix_path_);
    ASSERT_GE(ux, 0);

    // A TIME_WAIT nobody holds.
    int lt = tcp_listen("127.0.0.1", 7106);
    int ct = tcp_connect("127.0.0.1", 7106);
    int at = accept(lt, nullptr, nullptr);
    close(ct);
    close(at);
    close(lt);

    server_ = spawn_holder("ns-server", {l4, l6, a4, a6, u4, u6, bound, ux});
    client_ = spawn_holder("ns-client", {c4, c6});
    ASSERT_TRUE(wait_until([] {
      return run_command({"ss", "-tanH", "state", "time-wait"}).out.find("7106") != std::string::npos;
    })) << "no TIME_WAIT appeared";
  }

  void TearDown() override {
    kill_holders();
    if (!dir_.empty()) run_command({"rm", "-rf", dir_});
  }

  CommandResult netstat(std::vector<std::string> args) {
    args.insert(args.begin(), "netstat");
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r;
  }

  std::string dir_, unix_path_;
  pid_t server_ = 0, client_ = 0;
};

TEST_F(NetstatNetns, AnoRowsAgreeWithSs) {
  auto r = netstat({"-ano"});
  auto ss = run_command({"ss", "-tuanH"});
  ASSERT_EQ(ss.exit_code, 0) << ss.err;
  std::map<std::string, std::string> pids;
  const auto ours = keys_from_netstat(r.out, &pids);
  EXPECT_EQ(ours, keys_from_ss(ss.out)) << "netstat -ano:\n" << r.out << "\nss -tuan:\n" << ss.out;
  EXPECT_EQ(ours.size(), 9u) << r.out;  // 2 listeners, 4 connection ends, TIME_WAIT, 2 UDP: nothing else

  const auto l = lines(r.out);
  ASSERT_GE(l.size(), 4u);
  EXPECT_EQ(l[0], "");
  EXPECT_EQ(l[1], "Active Connections");
  EXPECT_EQ(l[2], "");
  EXPECT_EQ(l[3], "  Proto  Local Address          Foreign Address        State           PID");
  EXPECT_EQ(pids["TCP 127.0.0.1:7101 LISTENING"], std::to_string(server_));
  EXPECT_EQ(pids["TCP [::1]:7102 LISTENING"], std::to_string(server_));
  EXPECT_EQ(pids["UDP [::]:7104 "], std::to_string(server_));
  EXPECT_NE(r.out.find("  TCP    127.0.0.1:7101         0.0.0.0:0              LISTENING       " + std::to_string(server_) + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  UDP    127.0.0.1:7103         *:*                                    " + std::to_string(server_) + "\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[::]:0                 LISTENING"), std::string::npos) << r.out;
}

TEST_F(NetstatNetns, DefaultIsActiveTcpOnly) {
  auto r = netstat({"-n"});
  auto ss = run_command({"ss", "-tuanH"});  // with -u, ss keeps its Netid column
  auto connected = keys_from_ss(ss.out);
  std::erase_if(connected, [](const Key& k) { return std::get<0>(k) == "udp" || std::get<1>(k) == "LISTENING"; });
  const auto ours = keys_from_netstat(r.out);
  EXPECT_EQ(ours, connected) << r.out << "\nss:\n" << ss.out;
  EXPECT_EQ(ours.size(), 5u) << r.out;
  EXPECT_EQ(r.out.find("LISTENING"), std::string::npos);
  EXPECT_EQ(r.out.find("UDP"), std::string::npos);
}

TEST_F(NetstatNetns, ProtocolSwitchKeepsOneTable) {
  auto tcp = netstat({"-anp", "tcp"});
  for (const auto& k : keys_from_netstat(tcp.out)) {
    EXPECT_EQ(std::get<0>(k), "tcp");
    EXPECT_EQ(std::get<2>(k).find('['), std::string::npos) << "TCP is IPv4 only, as on Windows";
  }
  auto udp6 = netstat({"-a", "-n", "-p", "UDPv6"});
  const auto keys = keys_from_netstat(udp6.out);
  ASSERT_EQ(keys.size(), 1u) << udp6.out;
  EXPECT_EQ(std::get<2>(*keys.begin()), "[::]:7104");
}

TEST_F(NetstatNetns, OwnersShowTheHolderInBrackets) {
  auto r = netstat({"-abn"});
  const auto l = lines(r.out);
  bool listener = false, client = false, time_wait = false;
  for (std::size_t i = 0; i + 1 < l.size(); ++i) {
    auto w = words(l[i]);
    if (w.size() < 4 || w[0] != "TCP") continue;  // only TCP rows carry the states looked for
    // The owner block: optional unit line(s), then " [name]", or the Windows unowned line.
    std::size_t j = i + 1;
    while (j < l.size() && l[j].rfind("  ", 0) == 0 && l[j].rfind("  TCP", 0) != 0 && l[j].rfind("  UDP", 0) != 0) ++j;
    ASSERT_LT(j, l.size()) << r.out;
    if (w[1] == "127.0.0.1:7101" && w[3] == "LISTENING") listener = l[j] == " [ns-server]";
    if (w[2] == "127.0.0.1:7101" && w[3] == "ESTABLISHED") client = l[j] == " [ns-client]";
    if (w[3] == "TIME_WAIT") time_wait = l[j] == " Can not obtain ownership information";
  }
  EXPECT_TRUE(listener) << r.out;
  EXPECT_TRUE(client) << r.out;
  EXPECT_TRUE(time_wait) << r.out;
  EXPECT_EQ(r.err, "") << "root sees every owner";
}

TEST_F(NetstatNetns, VerboseOwnersNameTheParentChain) {
  // The holder's parent (this test, which forked it) above its name: what -v adds to -b.
  const std::string chain = " (PID " + std::to_string(getpid()) + ")\n [ns-client]\n";
  auto r = netstat({"-nbv", "-p", "tcp"});
  EXPECT_NE(r.out.find(chain), std::string::npos) << r.out;
  EXPECT_EQ(netstat({"-nb", "-p", "tcp"}).out.find(" (PID "), std::string::npos) << "-b alone names no parents";
}

TEST_F(NetstatNetns, BoundSwitchShowsBoundPorts) {
  auto r = netstat({"-qn"});
  EXPECT_NE(r.out.find("  TCP    127.0.0.1:7105         0.0.0.0:0              BOUND\n"), std::string::npos) << r.out;
  EXPECT_EQ(netstat({"-an"}).out.find("BOUND"), std::string::npos);
}

TEST_F(NetstatNetns, UnixFamilyListsUnixSockets) {
  auto r = netstat({"--family", "unix", "-a", "-o"});
  EXPECT_NE(r.out.find("Active UNIX domain sockets (servers and established)"), std::string::npos) << r.out;
  bool found = false;
  for (const auto& l : lines(r.out)) {
    auto w = words(l);
    if (!w.empty() && w.back() == unix_path_) {
      found = true;
      // unix - [ ACC ] STREAM LISTENING INODE PID PATH
      ASSERT_EQ(w.size(), 10u) << l;
      EXPECT_EQ(w[3], "ACC") << l;
      EXPECT_EQ(w[6], "LISTENING") << l;
      EXPECT_EQ(w[8], std::to_string(server_)) << l;
    }
  }
  EXPECT_TRUE(found) << r.out;
  EXPECT_EQ(r.out.find("Active Connections"), std::string::npos) << "--family unix alone: no inet table";
  EXPECT_EQ(netstat({"--family", "unix"}).out.find(unix_path_), std::string::npos) << "listeners need -a";
}

TEST_F(NetstatNetns, IntervalRedisplaysUntilCount) {
  auto r = netstat({"-an", "1", "--count", "2"});
  std::size_t displays = 0;
  for (std::size_t at = r.out.find("Active Connections"); at != std::string::npos;
       at = r.out.find("Active Connections", at + 1))
    ++displays;
  EXPECT_EQ(displays, 2u) << r.out;
}

TEST_F(NetstatNetns, TimeInStateOnlyForWhatItSawBegin) {
  auto r = netstat({"-ni", "1", "--count", "2"});
  for (const auto& l : lines(r.out)) {
    auto w = words(l);
    if (!w.empty() && w[0] == "TCP") {
      EXPECT_EQ(w.back(), "-") << "all existed before the first display: " << l;
    }
  }
  EXPECT_NE(r.out.find("Time in State (ms)"), std::string::npos);
}

}  // namespace
