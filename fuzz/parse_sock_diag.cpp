// Fuzz target: NETLINK_SOCK_DIAG payloads: inet_diag (TCP, UDP, raw), unix_diag and tcp_info.
#include "fuzz_input.hpp"
#include "parse/sock_diag.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // One byte past libFuzzer's allocation: an odd address, so parsers that assume alignment trip UBSan.
  const auto payload = fuzz::as_bytes(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: (void)parse_inet_diag(payload, Proto::Tcp); break;
    case 1: (void)parse_inet_diag(payload, Proto::Udp); break;
    case 2: (void)parse_inet_diag(payload, Proto::Raw); break;
    case 3: (void)parse_unix_diag(payload); break;
    default: (void)parse_tcp_info(payload); break;
  }
  return 0;
}
