// Which process a command means: a PID or a name, matched against a process's names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/process.hpp"

namespace sockscope {

// ASCII case-insensitive equality (protocol names, process names).
bool ascii_iequals(std::string_view a, std::string_view b);

// A process selector: a PID (all digits) or a name matched, case-insensitively, against the
// process name, the executable's base name and argv[0]'s base name.
struct ProcessSelector {
  std::optional<int> pid;
  std::string name;
  static ProcessSelector parse(std::string_view text);
  bool matches(const Process& p) const;
};

}  // namespace sockscope
