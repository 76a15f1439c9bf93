// Fuzz target: /proc/net/stat/rt_cache and /proc/net/rt6_stats, checked against the heading and by re-parsing.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz_input.hpp"
#include "parse/proc_text.hpp"
#include "parse/route_stats.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    const auto stats = parse_rt_cache_stat(text);
    if (!stats) return 0;
    // Exactly the heading's names, each once.
    std::string_view rest = text;
    proc_text::Tokens heading(proc_text::next_line(rest));
    std::set<std::string, std::less<>> names;
    std::size_t columns = 0;
    while (auto tok = heading.next()) names.emplace(*tok), ++columns;
    check(stats->size() == names.size());
    for (const auto& [name, value] : *stats) check(names.contains(name));
    // With distinct names, the sums printed as one row read back the same.
    if (columns == names.size()) {
      std::string head, row;
      for (const auto& [name, value] : *stats) {
        head += name + ' ';
        row += hex(value) + ' ';
      }
      const auto again = parse_rt_cache_stat(head + '\n' + row + '\n');
      check(again && *again == *stats);
    }
  } else {
    const auto s = parse_rt6_stats(text);
    if (!s) return 0;
    const std::uint64_t v[] = {s->fib_nodes,    s->fib_route_nodes, s->fib_rt_alloc,    s->fib_rt_entries,
                               s->fib_rt_cache, s->dst_entries,     s->discarded_routes};
    std::string printed;
    for (auto x : v) printed += hex(x) + ' ';
    printed.back() = '\n';
    const auto again = parse_rt6_stats(printed);
    check(again && again->fib_nodes == v[0] && again->fib_route_nodes == v[1] && again->fib_rt_alloc == v[2] &&
          again->fib_rt_entries == v[3] && again->fib_rt_cache == v[4] && again->dst_entries == v[5] &&
          again->discarded_routes == v[6]);
  }
  return 0;
}
