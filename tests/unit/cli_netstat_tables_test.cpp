// Tests for the netstat sections (-s, -e, -r, the interface display) called directly, in a private
// network namespace, against /proc and ip(8) views of the same namespace.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.hpp"
#include "cli/netstat_sections.hpp"

namespace sockscope::cli {
namespace {

using nlohmann::json;

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  pclose(p);
  return out;
}

int sh(const std::string& cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

// Output of one section printer.
struct Captured {
  int code = -1;
  std::string text;
};

template <class Fn>
Captured capture(Fn&& print) {
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* f = open_memstream(&buf, &len);
  Captured c;
  c.code = print(f);
  std::fclose(f);
  c.text.assign(buf, len);
  std::free(buf);
  return c;
}

std::uint64_t proc_udp(const char* key) {
  std::ifstream in("/proc/net/snmp");
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (!names.starts_with("Udp: ")) continue;
    std::istringstream n(names), v(values);
    for (std::string k, x; n >> k && v >> x;) {
      if (k == key) return std::stoull(x);
    }
  }
  ADD_FAILURE() << "no Udp " << key;
  return 0;
}

// The number after "  <label> = " in the section `title`.
std::string stat_value(const std::string& text, const std::string& title, const std::string& label) {
  const auto at = text.find("\n" + title + "\n");
  if (at == std::string::npos) return "";
  const auto row = text.find("  " + label + " ", at);
  if (row == std::string::npos) return "";
  const auto eq = text.find("= ", row);
  return text.substr(eq + 2, text.find('\n', eq) - eq - 2);
}

void send_udp(int count) {
  int rx = socket(AF_INET, SOCK_DGRAM, 0);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(rx, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  socklen_t len = sizeof sa;
  getsockname(rx, reinterpret_cast<sockaddr*>(&sa), &len);
  for (int i = 0; i < count; ++i) ASSERT_EQ(sendto(tx, "x", 1, 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 1);
  close(tx);
  close(rx);
}

class NetstatSections : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to create a private network namespace";
    if (unshare(CLONE_NEWNET) != 0) GTEST_SKIP() << "unshare(CLONE_NEWNET) failed: " << std::strerror(errno);
    ASSERT_EQ(sh("ip link set lo up"), 0);
  }
  void make_link() {
    ASSERT_EQ(sh("ip link add d0 type veth peer name d0peer"), 0);
    ASSERT_EQ(sh("ip link set d0 address 02:11:22:33:44:55 up"), 0);
    ASSERT_EQ(sh("ip link set d0peer up"), 0);
    ASSERT_EQ(sh("ip addr add 10.9.0.1/24 dev d0"), 0);
    ASSERT_EQ(sh("ip route add 10.77.0.0/16 via 10.9.0.2"), 0);
  }
};

TEST_F(NetstatSections, StatisticsAgreeWithProc) {
  send_udp(4);
  const auto sent_before = proc_udp("OutDatagrams");
  const auto out = capture([](FILE* f) { return print_statistics({}, f); });
  const auto sent_after = proc_udp("OutDatagrams");
  ASSERT_EQ(out.code, kExitOk);
  EXPECT_EQ(sent_before, sent_after);  // nothing else sends in this namespace
  EXPECT_EQ(sent_before, 4u);
  EXPECT_EQ(stat_value(out.text, "UDP Statistics for IPv4", "Datagrams Sent"), std::to_string(sent_before));
  for (const char* title : {"IPv4 Statistics", "IPv6 Statistics", "ICMPv4 Statistics", "ICMPv6 Statistics",
                            "TCP Statistics for IPv4", "TCP Statistics for IPv6", "UDP Statistics for IPv4",
                            "UDP Statistics for IPv6"}) {
    EXPECT_NE(out.text.find(std::string("\n") + title + "\n\n"), std::string::npos) << title;
  }
}

TEST_F(NetstatSections, StatisticsNarrowedByProtocol) {
  const auto out = capture([](FILE* f) { return print_statistics({"udp", "TCP"}, f); });
  ASSERT_EQ(out.code, kExitOk);
  EXPECT_TRUE(out.text.starts_with("\nTCP Statistics for IPv4\n\n")) << out.text;
  EXPECT_NE(out.text.find("\nUDP Statistics for IPv4\n\n"), std::string::npos);
  EXPECT_EQ(out.text.find("IPv4 Statistics\n"), std::string::npos);
  EXPECT_EQ(out.text.find("UDP Statistics for IPv6"), std::string::npos);
  const auto bad = capture([](FILE* f) { return print_statistics({"SCTP"}, f); });
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_TRUE(bad.text.empty());
}

TEST_F(NetstatSections, EthernetSumsEveryInterface) {
  make_link();
  send_udp(3);
  auto sum = [](const json& links, const char* dir, const char* key) {
    std::uint64_t n = 0;
    for (const auto& l : links) n += l.at("stats64").at(dir).at(key).get<std::uint64_t>();
    return n;
  };
  const json before = json::parse(run("ip -s -j link show"));
  const auto out = capture([](FILE* f) { return print_ethernet_stats(f); });
  const json after = json::parse(run("ip -s -j link show"));
  ASSERT_EQ(out.code, kExitOk);
  std::istringstream lines(out.text);
  std::string line;
  std::uint64_t rx = 0, tx = 0;
  while (std::getline(lines, line)) {
    if (line.starts_with("Bytes ")) std::istringstream(line.substr(5)) >> rx >> tx;
  }
  EXPECT_GE(rx, sum(before, "rx", "bytes"));
  EXPECT_LE(rx, sum(after, "rx", "bytes"));
  EXPECT_GE(tx, sum(before, "tx", "bytes"));
  EXPECT_LE(tx, sum(after, "tx", "bytes"));
  EXPECT_GT(rx, 0u);
  EXPECT_TRUE(out.text.starts_with("Interface Statistics\n\n                           Received            Sent\n\n"));
}

TEST_F(NetstatSections, RoutesShowOurRoute) {
  make_link();
  const auto windows = capture([](FILE* f) { return print_routes(false, true, f); });
  ASSERT_EQ(windows.code, kExitOk);
  EXPECT_NE(windows.text.find("        10.77.0.0      255.255.0.0         10.9.0.2        10.9.0.1       0\n"),
            std::string::npos)
      << windows.text;
  EXPECT_NE(windows.text.find("         10.9.0.0    255.255.255.0          On-link        10.9.0.1       0\n"),
            std::string::npos)
      << windows.text;
  EXPECT_NE(windows.text.find("...02 11 22 33 44 55 ......d0\n"), std::string::npos) << windows.text;
  const auto bsd = capture([](FILE* f) { return print_routes(true, true, f); });
  ASSERT_EQ(bsd.code, kExitOk);
  EXPECT_NE(bsd.text.find("\n10.77.0.0/16       10.9.0.2           UGS      -        -  d0\n"), std::string::npos)
      << bsd.text;
}

TEST_F(NetstatSections, InterfacesTableAndUnknownInterface) {
  make_link();
  const auto all = capture([](FILE* f) { return print_interfaces(InterfaceView{}, f); });
  ASSERT_EQ(all.code, kExitOk);
  EXPECT_TRUE(all.text.starts_with("Name ")) << all.text;
  EXPECT_NE(all.text.find("02:11:22:33:44:55"), std::string::npos) << all.text;
  EXPECT_NE(all.text.find("10.9.0.0/24"), std::string::npos) << all.text;
  InterfaceView one;
  one.iface = "d0";
  one.drops = true;
  const auto only = capture([&](FILE* f) { return print_interfaces(one, f); });
  ASSERT_EQ(only.code, kExitOk);
  EXPECT_EQ(only.text.find("lo "), std::string::npos) << only.text;
  EXPECT_NE(only.text.find(" Idrop "), std::string::npos) << only.text;
  InterfaceView missing;
  missing.iface = "nope0";
  const auto bad = capture([&](FILE* f) { return print_interfaces(missing, f); });
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_TRUE(bad.text.empty());
}

TEST_F(NetstatSections, InterfaceIntervalCountsTraffic) {
  InterfaceView view;
  view.iface = "lo";
  view.interval = 1;
  view.iterations = 2;
  // Traffic sent from another thread would race the samples; send before and check the totals line.
  send_udp(2);
  const auto out = capture([&](FILE* f) { return print_interfaces(view, f); });
  ASSERT_EQ(out.code, kExitOk);
  std::istringstream lines(out.text);
  std::vector<std::string> l;
  for (std::string s; std::getline(lines, s);) l.push_back(s);
  ASSERT_EQ(l.size(), 4u) << out.text;
  EXPECT_NE(l[0].find("(lo)"), std::string::npos);
  EXPECT_NE(l[0].find("(Total)"), std::string::npos);
  std::istringstream first(l[2]);
  std::uint64_t packets = 0;
  first >> packets;
  EXPECT_GE(packets, 2u);  // since boot: at least our datagrams
  std::istringstream second(l[3]);
  second >> packets;
  EXPECT_EQ(packets, 0u);  // nothing in the interval
}

}  // namespace
}  // namespace sockscope::cli
