// Fuzz target: /etc/hosts and the address parser it uses (also behind --dns-server and close patterns).
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/hosts.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  const auto table = parse_hosts(text);
  for (const auto& [addr, name] : table.names) {
    if (name.empty() || !table.find(addr)) std::abort();  // every stored entry can be found again
  }
  // A parsed address printed and parsed again is the same address.
  if (size < 128) {
    if (auto addr = parse_ip_address(text)) {
      auto again = parse_ip_address(addr->to_string());
      if (!again || host_key(*again) != host_key(*addr)) std::abort();
    }
  }
  return 0;
}
