// Fuzz target: `sockscope netstat` switch parsing (Windows letters, '/' switches, BSD long options, interval).
#include <cstdlib>

#include "cli/netstat_options.hpp"
#include "fuzz_input.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = cli::parse_netstat_args(fuzz::split_args(fuzz::as_text(data, size)));
  if (parsed) {
    if (parsed->interval && *parsed->interval < 0) std::abort();
    if (parsed->count && *parsed->count < 0) std::abort();
    (void)cli::shows_connections(*parsed);
  } else if (parsed.error().empty()) {
    std::abort();  // every refusal names what was wrong
  }
  return 0;
}
