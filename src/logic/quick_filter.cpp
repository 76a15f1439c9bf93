// Quick filter matching over the fields a user reads in a row.
#include "logic/quick_filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace sockscope {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

QuickFilter::QuickFilter(std::string_view typed) {
  for (char c : trimmed(typed)) needle += lower(c);
}

bool QuickFilter::matches_text(std::string_view hay) const {
  if (needle.empty()) return true;
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                        [](char h, char n) { return lower(h) == n; });
  return it != hay.end();
}

bool QuickFilter::matches(const Endpoint& e, const Snapshot& snap, std::string_view extra) const {
  if (needle.empty()) return true;
  char num[24];
  auto number = [&](std::uint64_t v) {
    auto r = std::to_chars(num, num + sizeof num, v);
    return std::string_view(num, static_cast<std::size_t>(r.ptr - num));
  };
  for (const Owner& o : e.owners) {
    if (o.process >= snap.processes.size()) continue;
    const Process& p = snap.processes[o.process];
    if (matches_text(p.name) || matches_text(p.exe) || matches_text(number(static_cast<std::uint64_t>(p.pid)))) return true;
  }
  if (matches_text(proto_name(e)) || matches_text(state_name(e))) return true;
  if (e.proto == Proto::Unix) return matches_text(e.unix_path) || matches_text(extra);
  if (matches_text(e.local.to_string()) || matches_text(e.remote.to_string())) return true;
  if (matches_text(number(e.local_port)) || matches_text(number(e.remote_port))) return true;
  return matches_text(extra);
}

}  // namespace sockscope
