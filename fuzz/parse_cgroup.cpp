// Fuzz target: /proc/PID/cgroup -> systemd unit or container.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/cgroup.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto unit = sockscope::unit_from_cgroup(sockscope::fuzz::as_text(data, size));
  // The unit is a piece of a path ("container " plus at most 12 hex digits, or a path component).
  if (unit.size() > size + 10) std::abort();
  return 0;
}
