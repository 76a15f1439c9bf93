// Tests for OwnerList: one owner inline, more on the heap, and the vector operations callers use.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {
namespace {

std::vector<Owner> as_vector(const OwnerList& l) { return {l.begin(), l.end()}; }

TEST(OwnerList, IsSmallerThanAVector) {
  EXPECT_LE(sizeof(OwnerList), 12u);
  EXPECT_LT(sizeof(OwnerList), sizeof(std::vector<Owner>));
}

TEST(OwnerList, PushBackKeepsOrderAcrossGrowth) {
  OwnerList l;
  EXPECT_TRUE(l.empty());
  std::vector<Owner> expected;
  for (int i = 0; i < 37; ++i) {
    l.push_back(Owner{static_cast<std::uint32_t>(i), 100 + i});
    expected.push_back(Owner{static_cast<std::uint32_t>(i), 100 + i});
    ASSERT_EQ(as_vector(l), expected) << i;
    ASSERT_GE(l.capacity(), l.size());
  }
  EXPECT_EQ(l.front(), (Owner{0, 100}));
  EXPECT_EQ(l.back(), (Owner{36, 136}));
  EXPECT_EQ(l[5].fd, 105);
}

TEST(OwnerList, PushBackOfOwnElementWhileGrowing) {
  OwnerList l = {Owner{1, 1}, Owner{2, 2}};  // full: the next push reallocates
  l.push_back(l[0]);
  EXPECT_EQ(as_vector(l), (std::vector<Owner>{{1, 1}, {2, 2}, {1, 1}}));
  OwnerList one = {Owner{7, 7}};
  one.push_back(one.front());
  EXPECT_EQ(as_vector(one), (std::vector<Owner>{{7, 7}, {7, 7}}));
}

TEST(OwnerList, CopyAndMoveAreDeep) {
  OwnerList a = {Owner{1, 3}, Owner{2, 4}, Owner{3, 5}};
  OwnerList b = a;
  b[0].fd = 99;
  EXPECT_EQ(a[0].fd, 3);
  EXPECT_EQ(b.size(), 3u);
  OwnerList c = std::move(b);
  EXPECT_EQ(c[0].fd, 99);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  b = c;
  EXPECT_EQ(b, c);
  OwnerList single = {Owner{4, 4}};
  c = single;  // heap -> inline
  EXPECT_EQ(as_vector(c), (std::vector<Owner>{{4, 4}}));
  c = std::move(a);  // inline <- heap block
  EXPECT_EQ(c.size(), 3u);
  c = c;  // self-assignment keeps the contents
  EXPECT_EQ(c.size(), 3u);
}

TEST(OwnerList, EraseAndClear) {
  OwnerList l = {Owner{0, 1}, Owner{0, 1}, Owner{1, 2}, Owner{1, 2}, Owner{2, 3}};
  l.erase(std::unique(l.begin(), l.end()), l.end());
  EXPECT_EQ(as_vector(l), (std::vector<Owner>{{0, 1}, {1, 2}, {2, 3}}));
  l.erase(l.begin());
  l.erase(l.begin());  // down to one owner: back inline
  EXPECT_EQ(as_vector(l), (std::vector<Owner>{{2, 3}}));
  l.push_back(Owner{5, 5});
  EXPECT_EQ(as_vector(l), (std::vector<Owner>{{2, 3}, {5, 5}}));
  l.clear();
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.begin(), l.end());
  l = {Owner{9, 9}};
  EXPECT_EQ(l.size(), 1u);
}

TEST(OwnerList, SortsLikeAVector) {
  OwnerList l = {Owner{3, 1}, Owner{1, 1}, Owner{2, 1}};
  std::sort(l.begin(), l.end(), [](const Owner& a, const Owner& b) { return a.process < b.process; });
  EXPECT_EQ(as_vector(l), (std::vector<Owner>{{1, 1}, {2, 1}, {3, 1}}));
}

}  // namespace
}  // namespace sockscope
