// Parsers for the kernel's routing counters: /proc/net/stat/rt_cache (per-CPU hex rows) and /proc/net/rt6_stats.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace sockscope {

// /proc/net/stat/rt_cache: a heading of names, then one row of hex numbers per CPU. Returns each
// name with its row values summed, except "entries", which every row repeats (taken once). Fails
// on a row whose width differs from the heading's or a field that is not hex.
Result<std::map<std::string, std::uint64_t, std::less<>>> parse_rt_cache_stat(std::string_view text);

// /proc/net/rt6_stats: seven hex numbers.
struct Rt6Stats {
  std::uint64_t fib_nodes = 0, fib_route_nodes = 0, fib_rt_alloc = 0, fib_rt_entries = 0, fib_rt_cache = 0,
                dst_entries = 0, discarded_routes = 0;
};
Result<Rt6Stats> parse_rt6_stats(std::string_view text);

}  // namespace sockscope
