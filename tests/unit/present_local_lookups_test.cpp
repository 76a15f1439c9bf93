// LocalLookups shared by threads: every answer right, and names handed out stay valid while others insert.
#include "present/local_lookups.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sockscope {
namespace {

TEST(LocalLookupsThreads, OneCacheServesManyThreadsWithRightAnswers) {
  std::atomic<int> user_calls{0};
  LocalLookups lookups(
      [&](std::uint32_t uid) -> std::optional<std::string> {
        ++user_calls;
        std::this_thread::yield();  // widen the window in which another thread inserts
        // Long enough that no small-string buffer hides a freed or moved string.
        return "user-with-a-long-name-" + std::to_string(uid);
      },
      [](std::uint32_t index) -> std::optional<std::string> {
        if (index % 3 == 0) return std::nullopt;
        return "interface-name-" + std::to_string(index);
      });
  constexpr int kThreads = 8;
  constexpr std::uint32_t kKeys = 2000;
  struct Seen {
    std::vector<std::string_view> users;
    std::vector<std::optional<std::string_view>> interfaces;
    int wrong = 0;
  };
  std::vector<Seen> seen(kThreads);
  std::vector<std::thread> threads;
  std::atomic<int> ready{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Seen& s = seen[t];
      // All start together, so the caches grow (and rehash) under every thread at once.
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (std::uint32_t i = 0; i < kKeys; ++i) {
        const std::uint32_t key = (i * 7 + static_cast<std::uint32_t>(t) * 131) % kKeys + 1;  // each thread its own order
        const std::string_view user = lookups.user_name(key);
        if (user != "user-with-a-long-name-" + std::to_string(key)) ++s.wrong;
        s.users.push_back(user);
        const auto iface = lookups.interface_name(key);
        if (key % 3 == 0 ? iface.has_value() : iface != "interface-name-" + std::to_string(key)) ++s.wrong;
        s.interfaces.push_back(iface);
        // Far more distinct times than the cache keeps: it is emptied while other threads still
        // hold what it gave them.
        for (std::int64_t k = 0; k < 4; ++k) {
          const std::int64_t ms = 1'700'000'000'000 + ((static_cast<std::int64_t>(t) * kKeys + i) * 4 + k) * 1000;
          std::string expected;
          append_local_time(expected, ms);
          const auto text = lookups.local_time(ms);
          std::this_thread::yield();
          if (!(text == expected)) ++s.wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(seen[t].wrong, 0) << "thread " << t;
    // Views taken during the run still read the right names now that every thread is done.
    for (std::uint32_t i = 0; i < kKeys; ++i) {
      const std::uint32_t key = (i * 7 + static_cast<std::uint32_t>(t) * 131) % kKeys + 1;
      ASSERT_EQ(seen[t].users[i], "user-with-a-long-name-" + std::to_string(key));
      if (key % 3 != 0) {
        ASSERT_EQ(seen[t].interfaces[i], "interface-name-" + std::to_string(key));
      }
    }
  }
  // Each user was looked up at least once and, racing threads aside, not once per thread.
  EXPECT_GE(user_calls.load(), static_cast<int>(kKeys));
  EXPECT_LT(user_calls.load(), static_cast<int>(kKeys) * kThreads);
}

}  // namespace
}  // namespace sockscope
