// The times and sizes `record` and `history` take and print: durations (30d), sizes (1G), points in time (2h ago, ISO 8601, local).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope {

// "90s", "15m", "2h", "30d", "1w" (a unit is required) in nanoseconds.
std::optional<std::int64_t> parse_duration_ns(std::string_view text);
// "1G", "500M", "64K", "1GiB", "2048" (bytes); K/M/G/T are powers of 1024 as for disk quotas.
std::optional<std::uint64_t> parse_size_bytes(std::string_view text);
// A point in time as Unix ns: a duration ago ("2h"), "today", "yesterday" (local midnight),
// "2026-12-01", "2026-12-01 03:00[:SS]" (local time), ISO 8601 "2026-12-01T03:00[:SS][Z|+HH:MM]".
std::optional<std::int64_t> parse_time_point(std::string_view text, std::int64_t now_ns);
// Local time: "2026-12-01 03:00:05" for tables, "2026-12-01T03:00:05.123+01:00" (ISO 8601) for CSV/JSON.
std::string local_time_text(std::int64_t unix_ns, bool iso);

}  // namespace sockscope
