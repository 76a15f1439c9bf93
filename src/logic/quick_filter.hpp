// The live view's quick filter: does an endpoint's process, address, port or state contain the typed text?
#pragma once

#include <string>
#include <string_view>

#include "model/snapshot.hpp"

namespace sockscope {

// The typed text prepared once per keystroke: trimmed, ASCII lower case.
struct QuickFilter {
  std::string needle;  // "" matches everything
  explicit QuickFilter(std::string_view typed);
  bool empty() const { return needle.empty(); }
  // Case-insensitive substring of: process name, executable, any owner's PID, protocol, state,
  // numeric local and remote address, ports, the UNIX path, or `extra` (resolved names).
  bool matches(const Endpoint& e, const Snapshot& snap, std::string_view extra = {}) const;
  bool matches_text(std::string_view haystack) const;
};

}  // namespace sockscope
