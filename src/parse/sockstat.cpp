// Parsing /proc/net/sockstat(6) lines and the tcp_mem/udp_mem limit triples.
#include "parse/sockstat.hpp"

#include <cerrno>

#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

std::optional<std::uint64_t> number(std::string_view s) {
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<std::vector<SockstatLine>> parse_sockstat(std::string_view text) {
  std::vector<SockstatLine> out;
  std::string_view rest = text;
  int n = 0;
  while (!rest.empty()) {
    const std::string_view line = proc_text::next_line(rest);
    ++n;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return fail("sockstat line " + std::to_string(n) + ": no \"Label:\"", EBADMSG);
    SockstatLine l;
    l.label = std::string(line.substr(0, colon));
    proc_text::Tokens t(line.substr(colon + 1));
    while (auto key = t.next()) {
      auto value = t.next();
      if (!value) return fail("sockstat line " + std::to_string(n) + ": " + std::string(*key) + " has no value", EBADMSG);
      auto v = number(*value);
      if (!v) return fail("sockstat line " + std::to_string(n) + ": " + std::string(*key) + " is not a number", EBADMSG);
      l.fields.emplace_back(std::string(*key), *v);
    }
    if (l.fields.empty()) return fail("sockstat line " + std::to_string(n) + ": no counters", EBADMSG);
    out.push_back(std::move(l));
  }
  if (out.empty()) return fail("sockstat: empty", EBADMSG);
  return out;
}

Result<std::array<std::uint64_t, 3>> parse_mem_limits(std::string_view text) {
  std::array<std::uint64_t, 3> out{};
  proc_text::Tokens t(text.substr(0, text.find('\n')));
  for (auto& v : out) {
    auto tok = t.next();
    auto n = tok ? number(*tok) : std::nullopt;
    if (!n) return fail("memory limits: expected three page counts", EBADMSG);
    v = *n;
  }
  const auto nl = text.find('\n');
  const std::string_view after = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  if (t.next() || after.find_first_not_of(" \t\n") != std::string_view::npos)
    return fail("memory limits: more than three values", EBADMSG);
  return out;
}

}  // namespace sockscope
