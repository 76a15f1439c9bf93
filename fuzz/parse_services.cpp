// Fuzz target: /etc/services.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/services.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto table = sockscope::parse_services(sockscope::fuzz::as_text(data, size));
  // Lookups of what may have been stored must not misbehave either.
  for (std::uint16_t port : {0, 22, 80, 443, 65535}) {
    if (const auto* name = table.find(port, sockscope::Proto::Tcp); name && name->empty()) std::abort();
    (void)table.find(port, sockscope::Proto::Udp);
  }
  return 0;
}
