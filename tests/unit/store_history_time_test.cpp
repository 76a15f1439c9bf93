// Durations, sizes and points in time as `record` and `history` read them.
#include <gtest/gtest.h>

#include <cstdlib>

#include "store/history_time.hpp"

namespace sockscope {
namespace {

constexpr std::int64_t kS = 1'000'000'000;

TEST(HistoryTime, Durations) {
  EXPECT_EQ(parse_duration_ns("30d"), 30 * 86400 * kS);
  EXPECT_EQ(parse_duration_ns("2h"), 7200 * kS);
  EXPECT_EQ(parse_duration_ns("90s"), 90 * kS);
  EXPECT_FALSE(parse_duration_ns("30"));
  EXPECT_FALSE(parse_duration_ns("d"));
  EXPECT_FALSE(parse_duration_ns("3x"));
  EXPECT_FALSE(parse_duration_ns("99999999999999999w"));
}

TEST(HistoryTime, Sizes) {
  EXPECT_EQ(parse_size_bytes("1G"), 1ull << 30);
  EXPECT_EQ(parse_size_bytes("500MiB"), 500ull << 20);
  EXPECT_EQ(parse_size_bytes("64KB"), 64ull << 10);
  EXPECT_EQ(parse_size_bytes("2048"), 2048u);
  EXPECT_FALSE(parse_size_bytes("1Q"));
  EXPECT_FALSE(parse_size_bytes("G"));
}

TEST(HistoryTime, PointsInTimeInUtcAndLocal) {
  setenv("TZ", "UTC", 1);
  tzset();
  const std::int64_t now = 1'796'000'000 * kS;
  EXPECT_EQ(parse_time_point("2h", now), now - 7200 * kS);
  EXPECT_EQ(parse_time_point("1970-01-02", now), 86400 * kS);
  EXPECT_EQ(parse_time_point("1970-01-02 01:00", now), 90000 * kS);
  EXPECT_EQ(parse_time_point("1970-01-02T01:00:05Z", now), 90005 * kS);
  EXPECT_EQ(parse_time_point("1970-01-02T01:00:00+01:00", now), 86400 * kS);
  EXPECT_FALSE(parse_time_point("yesterdayish", now));
  EXPECT_FALSE(parse_time_point("2026-13-01", now));
  EXPECT_FALSE(parse_time_point("2026-12-01 3pm", now));
  auto y = parse_time_point("yesterday", now), t = parse_time_point("today", now);
  ASSERT_TRUE(y && t);
  EXPECT_EQ(*t - *y, 86400 * kS);
  EXPECT_EQ(local_time_text(90005 * kS + 7'000'000, false), "1970-01-02 01:00:05");
  EXPECT_EQ(local_time_text(90005 * kS + 7'000'000, true), "1970-01-02T01:00:05.007+00:00");
  setenv("TZ", "UTC-2", 1);  // POSIX: two hours east
  tzset();
  EXPECT_EQ(parse_time_point("1970-01-02 02:00", now), 86400 * kS);
  EXPECT_EQ(local_time_text(86400 * kS, true), "1970-01-02T02:00:00.000+02:00");
}

}  // namespace
}  // namespace sockscope
