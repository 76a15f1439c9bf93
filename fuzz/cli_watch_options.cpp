// Fuzz target: `sockscope watch` / tcpview option parsing, never opening the live view.
#include <cstdlib>

#include "cli/watch_command.hpp"
#include "fuzz_input.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  cli::WatchOptions options;
  const int done = cli::parse_watch_options(fuzz::split_args(fuzz::as_text(data + 1, size - 1)), options, data[0] & 1);
  if (done == -1) {
    if (options.interval.count() < 100 || options.interval.count() > 3'600'000) std::abort();
    if (options.highlight < 1 || options.highlight > 100) std::abort();
  }
  return 0;
}
