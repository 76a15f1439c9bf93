// Tests for BlockPool: fixed-size blocks that are distinct, aligned, reused, and safe across threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "model/block_pool.hpp"
#include "model/endpoint.hpp"

namespace sockscope {
namespace {

TEST(BlockPool, BlocksAreDistinctAlignedAndWritable) {
  BlockPool pool(40, 8);
  EXPECT_EQ(pool.block_size(), 40u);
  EXPECT_EQ(pool.slab_bytes(), 0u);  // nothing reserved before the first block
  std::set<std::uintptr_t> seen;
  std::vector<void*> blocks;
  for (int i = 0; i < 5000; ++i) {  // several slabs
    void* p = pool.allocate();
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    EXPECT_EQ(a % 8, 0u);
    EXPECT_TRUE(seen.insert(a).second) << "block handed out twice";
    std::memset(p, i & 0xff, 40);
    blocks.push_back(p);
  }
  // No block overlaps another: each still holds its own fill.
  for (int i = 0; i < 5000; ++i) {
    const auto* b = static_cast<const unsigned char*>(blocks[i]);
    ASSERT_TRUE(std::all_of(b, b + 40, [&](unsigned char c) { return c == (i & 0xff); })) << i;
  }
  EXPECT_GE(pool.slab_bytes(), 5000u * 40u);
  EXPECT_LE(pool.slab_bytes(), 5000u * 40u * 2 + 64 * 1024);  // slabs grow by doubling
  for (void* p : blocks) pool.deallocate(p);
}

TEST(BlockPool, SizeRoundsUpToAlignmentAndRoomForALink) {
  EXPECT_EQ(BlockPool(1, 1).block_size(), sizeof(void*));
  EXPECT_EQ(BlockPool(20, 8).block_size(), 24u);
  EXPECT_EQ(BlockPool(48, 16).block_size(), 48u);
  BlockPool wide(24, 16);
  EXPECT_EQ(wide.block_size(), 32u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(reinterpret_cast<std::uintptr_t>(wide.allocate()) % 16, 0u);
}

TEST(BlockPool, FreedBlocksAreReusedBeforeNewMemory) {
  BlockPool pool(64, 8);
  std::vector<void*> first;
  for (int i = 0; i < 1000; ++i) first.push_back(pool.allocate());
  const std::size_t reserved = pool.slab_bytes();
  for (void* p : first) pool.deallocate(p);
  std::set<void*> again;
  for (int i = 0; i < 1000; ++i) again.insert(pool.allocate());
  EXPECT_EQ(again, std::set<void*>(first.begin(), first.end()));
  EXPECT_EQ(pool.slab_bytes(), reserved);  // a refresh of the same size costs no new memory
  pool.deallocate(nullptr);                // like free(nullptr)
}

TEST(BlockPool, ManyThreadsNeverShareABlock) {
  BlockPool pool(32, 8);
  constexpr int kThreads = 4, kRounds = 200, kPerRound = 100;
  std::vector<std::thread> threads;
  std::vector<int> corrupted(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::uint64_t*> mine;
      for (int r = 0; r < kRounds; ++r) {
        for (int i = 0; i < kPerRound; ++i) {
          auto* p = static_cast<std::uint64_t*>(pool.allocate());
          std::fill(p, p + 4, static_cast<std::uint64_t>(t) << 32 | static_cast<std::uint64_t>(i));
          mine.push_back(p);
        }
        for (std::size_t i = 0; i < mine.size(); ++i) {
          const std::uint64_t want = static_cast<std::uint64_t>(t) << 32 | i;
          if (!std::all_of(mine[i], mine[i] + 4, [&](std::uint64_t v) { return v == want; })) ++corrupted[t];
        }
        for (auto* p : mine) pool.deallocate(p);  // freed from the thread that took them
        mine.clear();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(corrupted[t], 0) << "thread " << t;
  EXPECT_LE(pool.slab_bytes(), 2u * 1024 * 1024);  // blocks were reused, not leaked
}

TEST(BlockPool, HeapOptionalTakesItsBlocksFromThePool) {
  if (kAddressSanitizer) GTEST_SKIP() << "under AddressSanitizer values come from operator new";
  BlockPool& pool = pool_for<TcpCounters>();
  EXPECT_EQ(pool.block_size(), sizeof(TcpCounters));  // no per-value header
  HeapOptional<TcpCounters> a = TcpCounters{};
  const TcpCounters* where = &*a;
  a.reset();
  HeapOptional<TcpCounters> b = TcpCounters{};
  EXPECT_EQ(&*b, where);  // the freed block came back first
  EXPECT_GT(pool.slab_bytes(), 0u);
}

TEST(BlockPool, RefusesAlignmentAboveAPage) {
  EXPECT_THROW(BlockPool(64, 8192), std::invalid_argument);
}

TEST(BlockPoolDeathTest, UseAfterFreeIsReportedUnderAsan) {
  if (!kAddressSanitizer) GTEST_SKIP() << "needs AddressSanitizer (the ASan build runs it)";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  BlockPool pool(32, 8);
  auto* p = static_cast<volatile std::uint64_t*>(pool.allocate());
  p[1] = 1;
  pool.deallocate(const_cast<std::uint64_t*>(p));
  EXPECT_DEATH(p[1] = 2, "use-after-poison");
}

TEST(BlockPoolDeathTest, WritePastTheNewestBlockIsReportedUnderAsan) {
  if (!kAddressSanitizer) GTEST_SKIP() << "needs AddressSanitizer (the ASan build runs it)";
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  BlockPool pool(32, 8);
  auto* p = static_cast<volatile std::uint64_t*>(pool.allocate());
  p[3] = 1;                             // its last word: fine
  EXPECT_DEATH(p[4] = 2, "use-after-poison");  // the slab's untouched rest
}

}  // namespace
}  // namespace sockscope
