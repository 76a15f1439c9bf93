// Fuzz target: `sockscope list` / tcpvcon option parsing (CLI11 plus sockscope's own checks), never running the list.
#include <cstdlib>

#include "cli/app.hpp"
#include "cli/list_options.hpp"
#include "fuzz_input.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  cli::ListOptions options;
  const int done = cli::parse_list_options(fuzz::split_args(fuzz::as_text(data + 1, size - 1)), options, data[0] & 1);
  if (done < -1) std::abort();
  if (done == -1) {
    // Accepted options are within what run_list relies on.
    if (options.width && (*options.width < 20 || *options.width > 100000)) std::abort();
    if (options.dns_timeout.count() < 0 || options.dns_timeout.count() > 3'600'000) std::abort();
    if (options.filter.process && options.process_text.empty()) std::abort();
  }
  return 0;
}
