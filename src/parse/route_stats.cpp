// Parsing /proc/net/stat/rt_cache and /proc/net/rt6_stats.
#include "parse/route_stats.hpp"

#include <cerrno>
#include <optional>
#include <vector>

#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

std::optional<std::uint64_t> hex(std::string_view s) {
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<std::map<std::string, std::uint64_t, std::less<>>> parse_rt_cache_stat(std::string_view text) {
  std::string_view rest = text;
  std::vector<std::string> names;
  proc_text::Tokens h(proc_text::next_line(rest));
  while (auto tok = h.next()) names.emplace_back(*tok);
  if (names.empty()) return fail("rt_cache: no heading", EBADMSG);
  std::map<std::string, std::uint64_t, std::less<>> out;
  for (const auto& nm : names) out[nm] = 0;
  int n = 1, rows = 0;
  while (!rest.empty()) {
    const std::string_view line = proc_text::next_line(rest);
    ++n;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    proc_text::Tokens t(line);
    std::size_t i = 0;
    while (auto tok = t.next()) {
      auto v = hex(*tok);
      if (!v || i >= names.size()) return fail("rt_cache line " + std::to_string(n) + ": not a row of the heading's hex numbers", EBADMSG);
      if (names[i] == "entries") out[names[i]] = *v;
      else out[names[i]] += *v;
      ++i;
    }
    if (i != names.size()) return fail("rt_cache line " + std::to_string(n) + ": too few fields", EBADMSG);
    ++rows;
  }
  if (rows == 0) return fail("rt_cache: no rows", EBADMSG);
  return out;
}

Result<Rt6Stats> parse_rt6_stats(std::string_view text) {
  Rt6Stats s;
  std::uint64_t* fields[] = {&s.fib_nodes,    &s.fib_route_nodes, &s.fib_rt_alloc,     &s.fib_rt_entries,
                             &s.fib_rt_cache, &s.dst_entries,     &s.discarded_routes};
  proc_text::Tokens t(text);
  for (auto* f : fields) {
    auto tok = t.next();
    if (tok && tok->ends_with('\n')) tok = tok->substr(0, tok->size() - 1);
    auto v = tok ? hex(*tok) : std::nullopt;
    if (!v) return fail("rt6_stats: expected seven hex numbers", EBADMSG);
    *f = *v;
  }
  if (auto extra = t.next(); extra && extra->find_first_not_of("\n") != std::string_view::npos)
    return fail("rt6_stats: more than seven numbers", EBADMSG);
  return s;
}

}  // namespace sockscope
