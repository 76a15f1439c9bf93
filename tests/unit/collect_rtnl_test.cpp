// Tests for the rtnetlink and /proc counter collectors against the kernel, in a private network
// namespace, compared with what `ip -j` reports for the same namespace.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "collect/proc_snmp_read.hpp"
#include "collect/rtnl_links.hpp"
#include "collect/rtnl_routes.hpp"

namespace sockscope {
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

class RtnlNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to create a private network namespace";
    if (unshare(CLONE_NEWNET) != 0) GTEST_SKIP() << "unshare(CLONE_NEWNET) failed: " << std::strerror(errno);
    ASSERT_EQ(sh("ip link set lo up"), 0);
  }
  // d0: a veth link (this kernel may lack the dummy driver) with addresses of both families.
  void make_link() {
    ASSERT_EQ(sh("ip link add d0 type veth peer name d0peer"), 0);
    ASSERT_EQ(sh("ip link set d0 address 02:11:22:33:44:55 mtu 1400 up"), 0);
    ASSERT_EQ(sh("ip link set d0peer up"), 0);
    ASSERT_EQ(sh("ip addr add 10.9.0.1/24 dev d0"), 0);
    ASSERT_EQ(sh("ip addr add 10.9.0.7/24 dev d0"), 0);
    ASSERT_EQ(sh("ip addr add 2001:db8:9::1/64 dev d0 nodad"), 0);
  }
};

void udp_over_lo(int count) {
  int rx = socket(AF_INET, SOCK_DGRAM, 0);
  int tx = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(rx, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  socklen_t len = sizeof sa;
  getsockname(rx, reinterpret_cast<sockaddr*>(&sa), &len);
  for (int i = 0; i < count; ++i) {
    ASSERT_EQ(sendto(tx, "x", 1, 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 1);
  }
  // Linux counts a datagram received (InDatagrams) when the application reads it.
  char c;
  for (int i = 0; i < count; ++i) ASSERT_EQ(recv(rx, &c, 1, MSG_DONTWAIT), 1);
  close(tx);
  close(rx);
}

TEST_F(RtnlNetns, LinksMatchIp) {
  make_link();
  udp_over_lo(5);
  // Links may count their own chatter (IPv6 neighbour discovery, MLD) while we look: each counter
  // must lie between what ip(8) saw just before and just after our dump.
  const json before = json::parse(run("ip -s -j link show"));
  auto links = dump_links();
  ASSERT_TRUE(links.has_value()) << links.error().message;
  const json after = json::parse(run("ip -s -j link show"));
  ASSERT_EQ(links->size(), before.size());
  ASSERT_EQ(links->size(), after.size());
  for (std::size_t n = 0; n < before.size(); ++n) {
    const auto& j = before[n];
    const auto& k = after[n];
    const auto idx = j.at("ifindex").get<std::uint32_t>();
    auto it = std::find_if(links->begin(), links->end(), [&](const InterfaceInfo& l) { return l.index == idx; });
    ASSERT_NE(it, links->end()) << idx;
    EXPECT_EQ(it->name, j.at("ifname").get<std::string>());
    EXPECT_EQ(it->mtu, j.at("mtu").get<std::uint32_t>());
    ASSERT_TRUE(it->stats.has_value()) << it->name;
    auto between = [&](std::uint64_t ours, const char* dir, const char* key) {
      const auto lo = j.at("stats64").at(dir).at(key).get<std::uint64_t>();
      const auto hi = k.at("stats64").at(dir).at(key).get<std::uint64_t>();
      EXPECT_LE(lo, ours) << it->name << " " << dir << " " << key;
      EXPECT_LE(ours, hi) << it->name << " " << dir << " " << key;
    };
    between(it->stats->rx_bytes, "rx", "bytes");
    between(it->stats->rx_packets, "rx", "packets");
    between(it->stats->rx_errors, "rx", "errors");
    between(it->stats->rx_dropped, "rx", "dropped");
    between(it->stats->multicast, "rx", "multicast");
    between(it->stats->tx_bytes, "tx", "bytes");
    between(it->stats->tx_packets, "tx", "packets");
    between(it->stats->tx_errors, "tx", "errors");
    between(it->stats->tx_dropped, "tx", "dropped");
    between(it->stats->collisions, "tx", "collisions");
  }
  const auto& lo = links->front();
  EXPECT_EQ(lo.name, "lo");
  EXPECT_TRUE(lo.loopback());
  EXPECT_GE(lo.stats->rx_packets, 5u);
  auto d0 = std::find_if(links->begin(), links->end(), [](const InterfaceInfo& l) { return l.name == "d0"; });
  ASSERT_NE(d0, links->end());
  EXPECT_EQ(d0->hwaddr, (std::vector<std::uint8_t>{0x02, 0x11, 0x22, 0x33, 0x44, 0x55}));
  EXPECT_TRUE(d0->up());

  // Addresses: the same set as `ip -j addr`, IPv4 first, the second IPv4 one secondary.
  std::set<std::string> ours, theirs;
  for (const auto& l : *links) {
    for (const auto& a : l.addresses) ours.insert(l.name + " " + a.address.to_string() + "/" + std::to_string(a.prefix_len));
  }
  for (const auto& j : json::parse(run("ip -j addr show"))) {
    for (const auto& a : j.at("addr_info")) {
      theirs.insert(j.at("ifname").get<std::string>() + " " + a.at("local").get<std::string>() + "/" +
                    std::to_string(a.at("prefixlen").get<int>()));
    }
  }
  EXPECT_EQ(ours, theirs);
  ASSERT_GE(d0->addresses.size(), 3u);
  EXPECT_EQ(d0->addresses[0].address.to_string(), "10.9.0.1");
  EXPECT_FALSE(d0->addresses[0].secondary);
  EXPECT_EQ(d0->addresses[1].address.to_string(), "10.9.0.7");
  EXPECT_TRUE(d0->addresses[1].secondary);
  EXPECT_EQ(d0->addresses[2].address.family, Family::Inet6);
}

// One route as `ip -j route` names it: "type dst table metric [gw@dev,...]".
std::string ip_key(const json& j, bool v6) {
  std::string type = j.value("type", "unicast");
  std::string table = j.contains("table") ? (j["table"].is_string() ? j["table"].get<std::string>()
                                                                    : std::to_string(j["table"].get<int>()))
                                          : "main";
  std::string metric = j.contains("metric") ? std::to_string(j["metric"].get<std::uint32_t>()) : (v6 ? "0" : "-");
  std::string hops;
  if (j.contains("nexthops")) {
    for (const auto& h : j["nexthops"]) hops += h.value("gateway", "") + "@" + h.value("dev", "") + ",";
  } else {
    hops = j.value("gateway", "") + "@" + j.value("dev", "") + ",";
  }
  return type + " " + j.at("dst").get<std::string>() + " " + table + " " + metric + " " + hops;
}

std::string our_key(const RouteEntry& r, const std::map<std::uint32_t, std::string>& names) {
  static const char* kTypes[] = {"unspec", "unicast", "local", "broadcast", "anycast", "multicast",
                                 "blackhole", "unreachable", "prohibit", "throw", "nat", "xresolve"};
  const bool v6 = r.family == Family::Inet6;
  std::string dst = r.prefix_len == 0                ? "default"
                    : r.prefix_len == (v6 ? 128 : 32) ? r.destination.to_string()
                                                      : r.destination.to_string() + "/" + std::to_string(r.prefix_len);
  std::string table = r.table == kRouteTableMain ? "main" : r.table == kRouteTableLocal ? "local" : std::to_string(r.table);
  std::string metric = r.priority ? std::to_string(*r.priority) : (v6 ? "0" : "-");
  std::string hops;
  for (const auto& h : r.nexthops) {
    hops += (h.gateway ? h.gateway->to_string() : "") + "@" + (h.oif ? names.at(h.oif) : "") + ",";
  }
  return std::string(kTypes[static_cast<int>(r.type)]) + " " + dst + " " + table + " " + metric + " " + hops;
}

TEST_F(RtnlNetns, RoutesMatchIp) {
  make_link();
  ASSERT_EQ(sh("ip route add 10.77.0.0/16 via 10.9.0.2"), 0);
  ASSERT_EQ(sh("ip route add 10.78.0.0/16 via 10.9.0.3 metric 20"), 0);
  ASSERT_EQ(sh("ip route add blackhole 10.88.0.0/16"), 0);
  ASSERT_EQ(sh("ip route add 10.66.0.0/16 nexthop via 10.9.0.2 weight 1 nexthop via 10.9.0.3 weight 2"), 0);
  ASSERT_EQ(sh("ip route add 10.55.0.0/16 dev d0 table 100"), 0);
  ASSERT_EQ(sh("ip -6 route add 2001:db8:77::/48 via 2001:db8:9::2 metric 300"), 0);
  auto routes = dump_routes();
  ASSERT_TRUE(routes.has_value()) << routes.error().message;
  EXPECT_TRUE(routes->has_ipv6);
  auto links = dump_links();
  ASSERT_TRUE(links.has_value());
  std::map<std::uint32_t, std::string> names;
  for (const auto& l : *links) names[l.index] = l.name;

  for (const bool v6 : {false, true}) {
    // The kernel adds IPv6 link-local addresses and their routes on its own time after a link
    // comes up (carrier via linkwatch, then DAD): compare again until both views agree or 5 s pass.
    std::multiset<std::string> ours, theirs;
    for (int attempt = 0; attempt < 50; ++attempt) {
      if (attempt > 0) {
        usleep(100'000);
        auto again = dump_routes();
        ASSERT_TRUE(again.has_value()) << again.error().message;
        routes = std::move(again);
      }
      ours.clear();
      theirs.clear();
      for (const auto& r : v6 ? routes->inet6 : routes->inet) ours.insert(our_key(r, names));
      for (const auto& j : json::parse(run(v6 ? "ip -6 -j route show table all" : "ip -4 -j route show table all"))) {
        theirs.insert(ip_key(j, v6));
      }
      if (ours == theirs) break;
    }
    EXPECT_EQ(ours, theirs) << (v6 ? "IPv6" : "IPv4");
  }

  auto find = [&](std::string_view dst) -> const RouteEntry* {
    for (const auto& r : routes->inet) {
      if (r.destination.to_string() == dst) return &r;
    }
    return nullptr;
  };
  const RouteEntry* via = find("10.77.0.0");
  ASSERT_NE(via, nullptr);
  EXPECT_EQ(via->protocol, kRouteProtoBoot);
  EXPECT_EQ(via->prefix_len, 16);
  const RouteEntry* mp = find("10.66.0.0");
  ASSERT_NE(mp, nullptr);
  EXPECT_TRUE(mp->multipath);
  ASSERT_EQ(mp->nexthops.size(), 2u);
  EXPECT_EQ(mp->nexthops[1].weight, 2);
  const RouteEntry* bh = find("10.88.0.0");
  ASSERT_NE(bh, nullptr);
  EXPECT_EQ(bh->type, RouteType::Blackhole);
  const RouteEntry* other = find("10.55.0.0");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->table, 100u);
}

TEST_F(RtnlNetns, UdpCountersFollowTraffic) {
  auto before = read_protocol_counters();
  ASSERT_TRUE(before.has_value()) << before.error().message;
  udp_over_lo(7);
  auto after = read_protocol_counters(true);
  ASSERT_TRUE(after.has_value()) << after.error().message;
  EXPECT_EQ(*after->get("Udp", "OutDatagrams") - *before->get("Udp", "OutDatagrams"), 7u);
  EXPECT_EQ(*after->get("Udp", "InDatagrams") - *before->get("Udp", "InDatagrams"), 7u);
  EXPECT_TRUE(after->has_group("TcpExt"));
  EXPECT_FALSE(before->has_group("TcpExt"));
  EXPECT_TRUE(after->has_ipv6);
  EXPECT_TRUE(after->get("Udp6", "OutDatagrams").has_value());
}

class ProcRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("sockscope-proc-" + std::to_string(getpid()));
    std::filesystem::create_directories(root_ / "net");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void copy(const char* name) {
    std::filesystem::copy_file(std::filesystem::path(SOCKSCOPE_FIXTURES) / "netstat" / name, root_ / "net" / name);
  }
  std::filesystem::path root_;
};

TEST_F(ProcRoot, WithoutSnmp6ThereIsNoIpv6) {
  copy("snmp");
  auto c = read_protocol_counters(false, root_.string());
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_FALSE(c->has_ipv6);
  EXPECT_EQ(c->get("Ip", "InReceives"), 1002u);
}

TEST_F(ProcRoot, AllThreeFiles) {
  copy("snmp");
  copy("snmp6");
  copy("netstat");
  auto c = read_protocol_counters(true, root_.string());
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_TRUE(c->has_ipv6);
  EXPECT_EQ(c->get("Ip6", "InReceives"), 10000u);
  EXPECT_EQ(c->get("TcpExt", "SyncookiesSent"), 7000u);
}

TEST_F(ProcRoot, MissingSnmpOrBrokenFileFails) {
  auto none = read_protocol_counters(false, root_.string());
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ENOENT);
  EXPECT_NE(none.error().message.find("/net/snmp"), std::string::npos);
  std::ofstream(root_ / "net" / "snmp") << "Ip: InReceives OutRequests\nIp: 1\n";
  auto broken = read_protocol_counters(false, root_.string());
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("names but"), std::string::npos) << broken.error().message;
}

}  // namespace
}  // namespace sockscope
