// Tests for OwnerIndex: lookups by inode over the sorted (inode, owner) pairs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "model/owner_index.hpp"

namespace sockscope {
namespace {

std::vector<Owner> owners_of(const OwnerIndex& idx, std::uint64_t inode) {
  std::vector<Owner> out;
  for (const InodeOwner& h : idx.holders(inode)) {
    EXPECT_EQ(h.inode, inode);
    out.push_back(h.owner);
  }
  return out;
}

TEST(OwnerIndex, EmptyFindsNothing) {
  const OwnerIndex idx;
  EXPECT_TRUE(idx.empty());
  EXPECT_EQ(idx.inode_count(), 0u);
  EXPECT_FALSE(idx.contains(0));
  EXPECT_TRUE(idx.holders(12345).empty());
  EXPECT_TRUE(OwnerIndex(std::vector<InodeOwner>{}).holders(1).empty());
}

TEST(OwnerIndex, GroupsHoldersOfAnInodeInProcessThenFdOrder) {
  const OwnerIndex idx({{50, {2, 9}}, {40, {0, 3}}, {50, {1, 4}}, {50, {2, 1}}, {60, {0, 5}}});
  EXPECT_EQ(idx.inode_count(), 3u);
  EXPECT_EQ(owners_of(idx, 50), (std::vector<Owner>{{1, 4}, {2, 1}, {2, 9}}));
  EXPECT_EQ(owners_of(idx, 40), (std::vector<Owner>{{0, 3}}));
  EXPECT_EQ(owners_of(idx, 60), (std::vector<Owner>{{0, 5}}));
  EXPECT_FALSE(idx.contains(45));
  EXPECT_FALSE(idx.contains(0));
  ASSERT_EQ(idx.entries().size(), 5u);
  EXPECT_EQ(idx.entries().front().inode, 40u);  // sorted
}

TEST(OwnerIndex, AgreesWithAMapOnManyInodes) {
  // Consecutive inodes (as the kernel hands them out), a sparse tail and inodes past 2^32; every
  // colliding chain must end at the right group, and absent inodes must not be found.
  std::mt19937_64 rng(7);
  std::vector<InodeOwner> entries;
  std::map<std::uint64_t, std::vector<Owner>> expected;
  auto add = [&](std::uint64_t inode, Owner o) {
    entries.push_back({inode, o});
    expected[inode].push_back(o);
  };
  for (std::uint64_t i = 1000; i < 51000; ++i) add(i, {static_cast<std::uint32_t>(i % 8), static_cast<int>(i % 1000)});
  for (int i = 0; i < 5000; ++i) add(rng() | (1ull << 40), {1, i});
  for (std::uint64_t i = 1000; i < 1100; ++i) add(i, {9, 3});  // shared after fork
  std::shuffle(entries.begin(), entries.end(), rng);
  const OwnerIndex idx(entries);
  EXPECT_EQ(idx.inode_count(), expected.size());
  for (auto& [inode, owners] : expected) {
    std::sort(owners.begin(), owners.end(), [](const Owner& a, const Owner& b) {
      return std::tie(a.process, a.fd) < std::tie(b.process, b.fd);
    });
    ASSERT_EQ(owners_of(idx, inode), owners) << inode;
  }
  for (std::uint64_t miss : {0ull, 999ull, 51000ull, 1ull << 40, ~0ull}) {
    if (!expected.contains(miss)) {
      EXPECT_FALSE(idx.contains(miss)) << miss;
    }
  }
}

}  // namespace
}  // namespace sockscope
