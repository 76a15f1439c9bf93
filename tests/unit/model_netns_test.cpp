// A row's namespace found by range (netns_of) and what a namespace is called (netns_label).
#include <gtest/gtest.h>

#include "model/netns.hpp"
#include "model/snapshot.hpp"

namespace sockscope {
namespace {

NetnsInfo ns(std::uint64_t inode, std::vector<std::string> names = {}, std::string container_name = "") {
  NetnsInfo n;
  n.inode = inode;
  n.names = std::move(names);
  n.container_name = std::move(container_name);
  return n;
}

TEST(NetnsLabel, NameThenContainerThenHost) {
  const NetnsInfo named = ns(10, {"blue", "red"}, "web");
  EXPECT_EQ(netns_label(&named, 10, 10), "blue") << "an ip netns name wins, even for the init namespace";
  const NetnsInfo contained = ns(11, {}, "web");
  EXPECT_EQ(netns_label(&contained, 11, 10), "web");
  const NetnsInfo plain = ns(10);
  EXPECT_EQ(netns_label(&plain, 10, 10), "host");
  EXPECT_EQ(netns_label(nullptr, 10, 10), "host") << "the current namespace collected without discovery";
  const NetnsInfo other = ns(12);
  EXPECT_EQ(netns_label(&other, 12, 10), "");
  EXPECT_EQ(netns_label(nullptr, 0, 0), "") << "unknown inodes are never the host";
}

TEST(SnapshotNetns, RowsFindTheirRange) {
  Snapshot s;
  s.endpoints.resize(6);
  s.namespaces = {ns(100), ns(200), ns(300)};
  s.netns_rows = {{100, 0, 2}, {200, 2, 2}, {300, 2, 5}};  // 200 holds no rows; row 5 is in none
  EXPECT_EQ(s.netns_inode_of(std::size_t{0}), 100u);
  EXPECT_EQ(s.netns_inode_of(std::size_t{1}), 100u);
  EXPECT_EQ(s.netns_inode_of(std::size_t{2}), 300u);
  EXPECT_EQ(s.netns_inode_of(std::size_t{4}), 300u);
  EXPECT_EQ(s.netns_inode_of(std::size_t{5}), 0u);
  EXPECT_EQ(s.netns_inode_of(std::size_t{6}), 0u) << "out of range";
  ASSERT_NE(s.netns_of(std::size_t{3}), nullptr);
  EXPECT_EQ(s.netns_of(std::size_t{3})->inode, 300u);
  EXPECT_EQ(s.netns_of(s.endpoints[1]), &s.namespaces[0]);
  EXPECT_EQ(s.netns_of(std::size_t{5}), nullptr);
  const Endpoint elsewhere;
  EXPECT_EQ(s.netns_inode_of(elsewhere), 0u) << "an endpoint not in the snapshot";
}

TEST(SnapshotNetns, NamespacesOutOfRangeOrderAreStillFound) {
  Snapshot s;
  s.endpoints.resize(3);
  s.namespaces = {ns(200), ns(100)};
  s.netns_rows = {{100, 0, 1}, {200, 1, 2}, {100, 2, 3}};  // raw rows of the current one come last
  EXPECT_EQ(s.netns_of(std::size_t{0})->inode, 100u);
  EXPECT_EQ(s.netns_of(std::size_t{1})->inode, 200u);
  EXPECT_EQ(s.netns_of(std::size_t{2})->inode, 100u);
}

TEST(SnapshotNetns, OnlyTheCurrentNamespaceCollected) {
  Snapshot s;
  s.endpoints.resize(2);
  s.current_netns = 77;
  EXPECT_EQ(s.netns_inode_of(std::size_t{1}), 77u);
  EXPECT_EQ(s.netns_of(std::size_t{1}), nullptr);
}

}  // namespace
}  // namespace sockscope
