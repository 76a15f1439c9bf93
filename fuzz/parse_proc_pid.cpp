// Fuzz target: the per-process /proc files (stat, status, cmdline, fd links), /proc/stat and /etc/passwd.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/proc_pid.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      if (auto st = parse_proc_stat(text)) {
        // comm lies between the first '(' and the last ')', so it is a piece of the input.
        if (st->comm.size() > text.size()) std::abort();
      }
      break;
    case 1: (void)parse_status_uid(text); break;
    case 2: {
      std::size_t bytes = 0;
      for (const auto& arg : parse_cmdline(text)) bytes += arg.size();
      if (bytes > text.size()) std::abort();
      break;
    }
    case 3: (void)parse_socket_link(text); break;
    case 4: (void)parse_btime(text); break;
    default: (void)parse_passwd(text); break;
  }
  return 0;
}
