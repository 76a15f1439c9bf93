// Tests for reading socket memory, multicast routing and routing counters from a fake /proc tree.
#include "collect/proc_net_extras_read.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace sockscope {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(SOCKSCOPE_FIXTURES) + "/netstat/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ss_extras_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "net/stat");
    fs::create_directories(root_ / "sys/net/ipv4");
  }
  void TearDown() override { fs::remove_all(root_); }
  void put(const std::string& path, const std::string& text) { std::ofstream(root_ / path) << text; }
  void copy(const std::string& path, const std::string& name) { put(path, fixture(name)); }
  std::string root() const { return root_.string(); }
  fs::path root_;
};

TEST_F(FakeProc, SocketMemoryReadsBothFilesAndLimits) {
  copy("net/sockstat", "sockstat");
  copy("net/sockstat6", "sockstat6");
  copy("sys/net/ipv4/tcp_mem", "tcp_mem");
  auto m = read_socket_memory(root());
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->lines.size(), 11u);
  EXPECT_EQ(m->lines.back().label, "FRAG6");
  ASSERT_TRUE(m->tcp_mem.has_value());
  EXPECT_EQ((*m->tcp_mem)[2], 37902u);
  EXPECT_FALSE(m->udp_mem.has_value());  // absent file: left out
  EXPECT_GT(m->page_size, 0);
}

TEST_F(FakeProc, SocketMemoryNeedsSockstatAndNamesABrokenFile) {
  auto none = read_socket_memory(root());
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().message.find("sockstat"), std::string::npos);
  put("net/sockstat", "TCP: inuse");
  auto bad = read_socket_memory(root());
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("/net/sockstat"), std::string::npos) << bad.error().message;
  put("net/sockstat", "TCP: inuse 1\n");
  put("sys/net/ipv4/udp_mem", "1 2\n");
  auto bad_lim = read_socket_memory(root());
  ASSERT_FALSE(bad_lim.has_value());
  EXPECT_NE(bad_lim.error().message.find("udp_mem"), std::string::npos) << bad_lim.error().message;
}

TEST_F(FakeProc, MulticastRoutingPresentAndAbsent) {
  auto absent = read_multicast_routing(root());
  ASSERT_TRUE(absent.has_value());
  EXPECT_FALSE(absent->ipv4);
  EXPECT_FALSE(absent->ipv6);
  copy("net/ip_mr_vif", "ip_mr_vif");
  copy("net/ip_mr_cache", "ip_mr_cache");
  auto r = read_multicast_routing(root());
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->ipv4);
  EXPECT_FALSE(r->ipv6);
  EXPECT_EQ(r->vifs4.size(), 3u);
  EXPECT_EQ(r->cache4.size(), 2u);
  put("net/ip6_mr_vif", "Interface\n 0 eth0 1\n");
  copy("net/ip6_mr_cache", "ip6_mr_cache");
  auto bad = read_multicast_routing(root());
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("ip6_mr_vif"), std::string::npos) << bad.error().message;
}

TEST_F(FakeProc, RoutingStatisticsJoinCountersAndTables) {
  copy("net/snmp", "snmp");
  copy("net/netstat", "netstat");
  auto bare = read_routing_statistics(root());
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  EXPECT_FALSE(bare->rt_cache.has_value());
  EXPECT_FALSE(bare->rt6.has_value());
  EXPECT_TRUE(bare->counters.get("Ip", "OutNoRoutes").has_value());
  copy("net/stat/rt_cache", "rt_cache");
  copy("net/rt6_stats", "rt6_stats");
  auto full = read_routing_statistics(root());
  ASSERT_TRUE(full.has_value()) << full.error().message;
  ASSERT_TRUE(full->rt_cache.has_value());
  EXPECT_EQ(full->rt_cache->at("in_no_route"), 15u);
  ASSERT_TRUE(full->rt6.has_value());
  EXPECT_EQ(full->rt6->fib_nodes, 9u);
  put("net/rt6_stats", "0009 0006\n");
  auto bad = read_routing_statistics(root());
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("rt6_stats"), std::string::npos);
}

}  // namespace
}  // namespace sockscope
