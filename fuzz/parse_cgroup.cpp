// Fuzz target: /proc/PID/cgroup -> systemd unit or container, and the container's identity.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/cgroup.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto unit = unit_from_cgroup(text);
  // The unit is a piece of a path ("container " plus at most 12 hex digits, or a path component).
  if (unit.size() > size + 10) std::abort();
  if (const auto c = container_from_cgroup(text)) {
    fuzz::check(!c->id.empty() && !runtime_name(c->runtime).empty());
    fuzz::check(c->id.size() <= size);  // systemd's \xNN escapes only shorten
    // The short id is the id's start (12 hex digits) or the whole name (LXC, nspawn).
    fuzz::check(c->id.starts_with(c->short_id) && !c->short_id.empty());
  }
  return 0;
}
