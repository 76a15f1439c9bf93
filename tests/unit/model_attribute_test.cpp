// Tests for the inode join between endpoints and socket-holding processes.
#include <gtest/gtest.h>

#include "model/attribute.hpp"

namespace sockscope {
namespace {

Endpoint ep(std::uint64_t inode, TcpState state = TcpState::Established) {
  Endpoint e;
  e.inode = inode;
  e.state = state;
  return e;
}

Process proc(int pid) {
  Process p;
  p.pid = pid;
  return p;
}

// An index from (inode, holders) groups, as a scan would report them.
OwnerIndex index_of(std::initializer_list<std::pair<std::uint64_t, std::vector<Owner>>> groups) {
  std::vector<InodeOwner> entries;
  for (const auto& [inode, owners] : groups)
    for (const Owner& o : owners) entries.push_back({inode, o});
  return OwnerIndex(std::move(entries));
}

TEST(AttributeOwners, JoinsByInodeOrderedByPidThenFd) {
  // Process indexes deliberately not in pid order.
  const std::vector<Process> procs = {proc(300), proc(100), proc(200)};
  const OwnerIndex by_inode = index_of({
      {10, {{0, 4}, {1, 9}, {2, 3}, {1, 5}}},
      {20, {{2, 7}}},
  });
  std::vector<Endpoint> eps = {ep(10), ep(20), ep(30)};
  attribute_owners(eps, by_inode, procs);

  ASSERT_EQ(eps[0].owners.size(), 4u);
  EXPECT_EQ(eps[0].owners[0], (Owner{1, 5}));  // pid 100 fd 5
  EXPECT_EQ(eps[0].owners[1], (Owner{1, 9}));  // pid 100 fd 9
  EXPECT_EQ(eps[0].owners[2], (Owner{2, 3}));  // pid 200
  EXPECT_EQ(eps[0].owners[3], (Owner{0, 4}));  // pid 300
  ASSERT_EQ(eps[1].owners.size(), 1u);
  EXPECT_EQ(eps[1].owners[0], (Owner{2, 7}));
  EXPECT_TRUE(eps[2].owners.empty());  // nobody holds it: no owner, not an error
}

TEST(AttributeOwners, InodeZeroNeverMatches) {
  // TIME_WAIT rows have inode 0; a bogus index entry for 0 must not claim them.
  const std::vector<Process> procs = {proc(1)};
  const OwnerIndex by_inode = index_of({{0, {{0, 3}}}});
  std::vector<Endpoint> eps = {ep(0, TcpState::TimeWait)};
  attribute_owners(eps, by_inode, procs);
  EXPECT_TRUE(eps[0].owners.empty());
}

TEST(AttributeOwners, ReplacesStaleOwners) {
  const std::vector<Process> procs = {proc(1)};
  std::vector<Endpoint> eps = {ep(5), ep(6)};
  eps[0].owners = {{0, 99}};
  eps[1].owners = {{0, 98}};
  attribute_owners(eps, index_of({{6, {{0, 1}}}}), procs);
  EXPECT_TRUE(eps[0].owners.empty());
  ASSERT_EQ(eps[1].owners.size(), 1u);
  EXPECT_EQ(eps[1].owners[0].fd, 1);
}

TEST(AttributeOwners, DropsOutOfRangeAndDuplicateOwners) {
  const std::vector<Process> procs = {proc(1), proc(2)};
  std::vector<Endpoint> eps = {ep(5)};
  attribute_owners(eps, index_of({{5, {{7, 1}, {1, 3}, {1, 3}, {0, 3}}}}), procs);
  ASSERT_EQ(eps[0].owners.size(), 2u);
  EXPECT_EQ(eps[0].owners[0], (Owner{0, 3}));
  EXPECT_EQ(eps[0].owners[1], (Owner{1, 3}));
}

TEST(AttributeOwners, SharedSocketAfterForkListsBothProcesses) {
  const std::vector<Process> procs = {proc(500), proc(501)};
  std::vector<Endpoint> eps = {ep(42, TcpState::Listen)};
  attribute_owners(eps, index_of({{42, {{1, 3}, {0, 3}}}}), procs);
  ASSERT_EQ(eps[0].owners.size(), 2u);
  EXPECT_EQ(procs[eps[0].owners[0].process].pid, 500);
  EXPECT_EQ(procs[eps[0].owners[1].process].pid, 501);
}

TEST(AttributeOwners, ProcessIndexOrderIsNotPidOrder) {
  // The index orders a socket's holders by process index; owners must still come by pid.
  const std::vector<Process> procs = {proc(900), proc(100)};
  std::vector<Endpoint> eps = {ep(8)};
  attribute_owners(eps, index_of({{8, {{0, 1}, {1, 2}}}}), procs);
  ASSERT_EQ(eps[0].owners.size(), 2u);
  EXPECT_EQ(eps[0].owners[0], (Owner{1, 2}));
  EXPECT_EQ(eps[0].owners[1], (Owner{0, 1}));
}

// Two namespaces whose sockets carry the same inode number (sockfs's 32-bit counter wrapped): with
// an index keyed by (namespace, inode) each row gets its own holder, and rows outside every
// namespace range are looked up in the collecting thread's namespace.
TEST(AttributeOwners, KeyedByNamespaceEachRowGetsItsOwnHolder) {
  const std::vector<Process> procs = {proc(100), proc(200), proc(300)};
  constexpr std::uint64_t kA = 4026531840, kB = 4026532999, kHere = 4026531999;
  const OwnerIndex keyed = index_of({
      {socket_key(kA, 77), {{0, 3}}},
      {socket_key(kB, 77), {{1, 4}}},
      {socket_key(kHere, 77), {{2, 5}}},
  });
  std::vector<Endpoint> eps = {ep(77), ep(77), ep(77), ep(77)};
  const std::vector<NetnsRows> rows = {{kB, 1, 2}, {kA, 0, 1}};  // any order; endpoint 2 and 3 in none
  attribute_owners(eps, keyed, procs, rows, kHere);
  ASSERT_EQ(eps[0].owners.size(), 1u);
  EXPECT_EQ(eps[0].owners[0], (Owner{0, 3}));
  ASSERT_EQ(eps[1].owners.size(), 1u);
  EXPECT_EQ(eps[1].owners[0], (Owner{1, 4}));
  for (std::size_t i : {2u, 3u}) {
    ASSERT_EQ(eps[i].owners.size(), 1u) << i;
    EXPECT_EQ(eps[i].owners[0], (Owner{2, 5})) << i;
  }
  // The plain inode join cannot tell them apart: every key differs from the bare inode.
  attribute_owners(eps, keyed, procs);
  for (const Endpoint& e : eps) EXPECT_TRUE(e.owners.empty());
}

TEST(AttributeOwners, AnInodeInTwoNamespacesIsNoticed) {
  std::vector<Endpoint> eps = {ep(5), ep(6), ep(0), ep(7), ep(0), ep(6)};
  // Inode 0 (TIME_WAIT) repeats harmlessly; 6 in two namespaces does not.
  EXPECT_TRUE(inode_shared_across_namespaces(eps, std::vector<NetnsRows>{{1, 0, 3}, {2, 3, 6}}));
  EXPECT_FALSE(inode_shared_across_namespaces(eps, std::vector<NetnsRows>{{1, 0, 6}}));
  eps[5] = ep(8);
  EXPECT_FALSE(inode_shared_across_namespaces(eps, std::vector<NetnsRows>{{1, 0, 3}, {2, 3, 6}}));
}

TEST(AttributeOwners, SocketKeyKeepsTheNamespaceInTheUpperHalf) {
  EXPECT_EQ(socket_key(4026531840, 12345), (std::uint64_t{4026531840} << 32) | 12345);
  EXPECT_EQ(socket_key(0, 12345), 12345u);
  // An inode beyond 32 bits (no sockfs inode is) is left whole rather than mixed with the namespace.
  EXPECT_EQ(socket_key(4026531840, std::uint64_t{1} << 40), std::uint64_t{1} << 40);
}

TEST(AttributeOwners, ScalesLinearly) {
  // 200k endpoints against 200k index entries: a quadratic join would not finish here.
  std::vector<Process> procs;
  for (int p = 0; p < 8; ++p) procs.push_back(proc(1000 + p));
  std::vector<InodeOwner> entries;
  std::vector<Endpoint> eps;
  eps.reserve(200000);
  for (std::uint64_t i = 1; i <= 200000; ++i) {
    entries.push_back({i, Owner{static_cast<std::uint32_t>(i % 8), static_cast<int>(i)}});
    eps.push_back(ep(i));
  }
  attribute_owners(eps, OwnerIndex(std::move(entries)), procs);
  for (std::size_t i = 0; i < eps.size(); ++i) ASSERT_EQ(eps[i].owners.size(), 1u);
  EXPECT_EQ(eps[199999].owners[0].fd, 200000);
}

}  // namespace
}  // namespace sockscope
