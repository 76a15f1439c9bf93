// sockscope netstat -m, -g, -g -s and --routing-statistics against the kernel, in a private network
// namespace: the numbers shown agree with the /proc files read in the same test.
#include <arpa/inet.h>
#include <linux/mroute.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "TCP: inuse 5 ..." -> the value after `key` on the line starting with `label:`.
std::string sockstat_value(const std::string& label, const std::string& key) {
  std::istringstream lines(slurp("/proc/net/sockstat") + slurp("/proc/net/sockstat6"));
  for (std::string line; std::getline(lines, line);) {
    auto w = split_words(line);
    if (w.empty() || w[0] != label + ":") continue;
    for (std::size_t i = 1; i + 1 < w.size(); i += 2)
      if (w[i] == key) return w[i + 1];
  }
  return "?";
}

// The words of the -m table row for `proto`.
std::vector<std::string> row(const std::string& out, const std::string& proto) {
  for (const auto& line : split_lines(out)) {
    auto w = split_words(line);
    if (!w.empty() && w[0] == proto) return w;
  }
  return {};
}

std::uint64_t snmp_value(const std::string& group, const std::string& key) {
  std::istringstream in(slurp("/proc/net/snmp"));
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    if (!names.starts_with(group + ": ")) continue;
    auto n = split_words(names), v = split_words(values);
    for (std::size_t i = 1; i < n.size() && i < v.size(); ++i)
      if (n[i] == key) return std::stoull(v[i]);
  }
  ADD_FAILURE() << "no " << group << " " << key;
  return 0;
}

void ip(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_command(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(NetstatMemory, SocketsInUseMatchSockstat) {
  ENTER_NETNS();
  std::vector<int> fds;
  for (int i = 0; i < 5; ++i) fds.push_back(tcp_listen("127.0.0.1", 7300 + i));
  for (int i = 0; i < 3; ++i) fds.push_back(udp_bind("127.0.0.1", 7400 + i));
  fds.push_back(tcp_listen("::1", 7310));
  const auto r = run_sockscope({"netstat", "-m"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Linux has no mbufs"), std::string::npos) << r.out;
  const auto tcp = row(r.out, "TCP"), udp = row(r.out, "UDP"), tcp6 = row(r.out, "TCP6");
  ASSERT_GE(tcp.size(), 2u) << r.out;
  ASSERT_GE(udp.size(), 2u) << r.out;
  ASSERT_GE(tcp6.size(), 2u) << r.out;
  // The private namespace holds only this test's sockets; TCP counts IPv4 ones, TCP6 the IPv6 one.
  EXPECT_EQ(tcp[1], sockstat_value("TCP", "inuse"));
  EXPECT_EQ(tcp[1], "5");
  EXPECT_EQ(udp[1], sockstat_value("UDP", "inuse"));
  EXPECT_EQ(udp[1], "3");
  EXPECT_EQ(tcp6[1], sockstat_value("TCP6", "inuse"));
  EXPECT_EQ(tcp6[1], "1");
  // tcp_mem is the init namespace's only on kernels where it is not per namespace: then no line.
  auto lim = split_words(slurp("/proc/sys/net/ipv4/tcp_mem"));
  if (lim.empty()) {
    EXPECT_EQ(r.out.find("TCP memory limits"), std::string::npos) << r.out;
    return;
  }
  ASSERT_EQ(lim.size(), 3u);
  EXPECT_NE(r.out.find("TCP memory limits: " + lim[0] + "/" + lim[1] + "/" + lim[2] + " pages"), std::string::npos)
      << r.out;
  for (int fd : fds) ::close(fd);
}

// A multicast router's state made by hand: vifs on two veths and one forwarding cache entry.
class MrouteSocket {
 public:
  MrouteSocket() : fd_(::socket(AF_INET, SOCK_RAW, IPPROTO_IGMP)) {
    const int one = 1;
    ok_ = fd_ >= 0 && ::setsockopt(fd_, IPPROTO_IP, MRT_INIT, &one, sizeof one) == 0;
  }
  ~MrouteSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return ok_; }
  // By interface index, or by the local address when `local` is given.
  bool add_vif(int vif, const char* dev, const char* local = nullptr) {
    vifctl v{};
    v.vifc_vifi = static_cast<vifi_t>(vif);
    v.vifc_threshold = 1;
    if (local) {
      ::inet_pton(AF_INET, local, &v.vifc_lcl_addr);
    } else {
      v.vifc_flags = VIFF_USE_IFINDEX;
      v.vifc_lcl_ifindex = static_cast<int>(::if_nametoindex(dev));
    }
    return ::setsockopt(fd_, IPPROTO_IP, MRT_ADD_VIF, &v, sizeof v) == 0;
  }
  bool add_mfc(const char* origin, const char* group, int in_vif, int out_vif, int ttl) {
    mfcctl m{};
    ::inet_pton(AF_INET, origin, &m.mfcc_origin);
    ::inet_pton(AF_INET, group, &m.mfcc_mcastgrp);
    m.mfcc_parent = static_cast<vifi_t>(in_vif);
    m.mfcc_ttls[out_vif] = static_cast<unsigned char>(ttl);
    return ::setsockopt(fd_, IPPROTO_IP, MRT_ADD_MFC, &m, sizeof m) == 0;
  }

 private:
  int fd_;
  bool ok_ = false;
};

TEST(NetstatMulticast, TablesShowTheKernelsVifsAndCache) {
  ENTER_NETNS();
  if (::access("/proc/net/ip_mr_vif", F_OK) != 0) {
    const auto r = run_sockscope({"netstat", "-g"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("IPv4 multicast routing: not in this kernel"), std::string::npos) << r.out;
    GTEST_SKIP() << "kernel without CONFIG_IP_MROUTE: only the one-line notice was checked";
  }
  const auto empty = run_sockscope({"netstat", "-g"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_NE(empty.out.find("\nIPv4 Virtual Interface Table is empty\n"), std::string::npos) << empty.out;
  EXPECT_NE(empty.out.find("\nIPv4 Multicast Forwarding Cache is empty\n"), std::string::npos) << empty.out;
  if (geteuid() != 0) GTEST_SKIP() << "the rest makes links and a multicast router: needs root (CAP_NET_ADMIN)";

  ip({"link", "add", "m0", "type", "veth", "peer", "name", "m0peer"});
  ip({"link", "add", "m1", "type", "veth", "peer", "name", "m1peer"});
  for (const char* d : {"m0", "m0peer", "m1", "m1peer"}) ip({"link", "set", d, "up"});
  ip({"addr", "add", "10.61.0.1/24", "dev", "m0"});
  MrouteSocket mr;
  ASSERT_TRUE(mr.ok()) << "MRT_INIT: " << std::strerror(errno);
  ASSERT_TRUE(mr.add_vif(0, "m0", "10.61.0.1")) << std::strerror(errno);
  ASSERT_TRUE(mr.add_vif(1, "m1")) << std::strerror(errno);
  ASSERT_TRUE(mr.add_mfc("10.61.0.2", "239.7.7.7", 0, 1, 3)) << std::strerror(errno);

  const auto r = run_sockscope({"netstat", "-g"});
  const std::string vif = slurp("/proc/net/ip_mr_vif"), cache = slurp("/proc/net/ip_mr_cache");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(split_lines(vif).size(), 3u) << vif;  // the heading and two vifs
  ASSERT_EQ(split_lines(cache).size(), 2u) << cache;
  EXPECT_NE(r.out.find("IPv4 Virtual Interface Table\n Vif  Name  Local-Address  Remote-Address  Pkts-In  Pkts-Out\n"),
            std::string::npos)
      << r.out;
  bool m0 = false, m1 = false, entry = false;
  for (const auto& line : split_lines(r.out)) {
    const auto w = split_words(line);
    if (w.size() == 6 && w[0] == "0" && w[1] == "m0" && w[2] == "10.61.0.1") m0 = true;
    if (w.size() == 6 && w[0] == "1" && w[1] == "m1" && w[2] == "-") m1 = true;  // made by index: no address
    if (w.size() == 5 && w[0] == "10.61.0.2" && w[1] == "239.7.7.7" && w[3] == "0" && w[4] == "1:3") entry = true;
  }
  EXPECT_TRUE(m0 && m1 && entry) << r.out << vif << cache;

  const auto s = run_sockscope({"netstat", "-g", "-s"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("IPv4 multicast forwarding:\n\t2 virtual interfaces\n\t1 forwarding cache entries (0 unresolved"),
            std::string::npos)
      << s.out;
  EXPECT_EQ(s.out.find("Virtual Interface Table"), std::string::npos) << "statistics instead of the tables";
}

TEST(NetstatRoutingStatistics, NoRouteCountMatchesSnmp) {
  ENTER_NETNS();
  // No route in a fresh namespace but loopback: each send fails and counts Ip OutNoRoutes.
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(9);
  ::inet_pton(AF_INET, "192.0.2.1", &to.sin_addr);
  for (int i = 0; i < 4; ++i) {
    EXPECT_LT(::sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
    EXPECT_EQ(errno, ENETUNREACH);
  }
  ::close(fd);
  const auto r = run_sockscope({"netstat", "--routing-statistics"});
  const std::uint64_t no_routes = snmp_value("Ip", "OutNoRoutes");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(no_routes, 4u);
  EXPECT_NE(r.out.find("routing:\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\t" + std::to_string(no_routes) + " IPv4 packets to send found no route"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\t" + std::to_string(snmp_value("Icmp", "InRedirects")) + " ICMP redirects received"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Not kept by Linux: bad routing redirects"), std::string::npos);
  // BSD's spelling gives the same display; Windows' -r -s stays two displays.
  const auto bsd = run_sockscope({"netstat", "-r", "-s", "--bsd"});
  EXPECT_EQ(bsd.exit_code, 0);
  EXPECT_NE(bsd.out.find("routing:\n"), std::string::npos);
  const auto windows = run_sockscope({"netstat", "-r", "-s"});
  EXPECT_EQ(windows.out.find("routing:\n"), std::string::npos);
  EXPECT_NE(windows.out.find("IPv4 Route Table"), std::string::npos);
}

}  // namespace
