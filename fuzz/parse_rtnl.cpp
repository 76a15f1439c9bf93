// Fuzz target: rtnetlink payloads: RTM_NEWLINK (and its counter structs), RTM_NEWADDR, RTM_NEWROUTE.
#include "fuzz_input.hpp"
#include "parse/rtnl_link.hpp"
#include "parse/rtnl_route.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto payload = fuzz::as_bytes(data + 1, size - 1);  // odd address: no alignment assumed
  switch (data[0] % 5) {
    case 0: (void)parse_rtnl_link(payload); break;
    case 1: (void)parse_link_stats(payload, true); break;
    case 2: (void)parse_link_stats(payload, false); break;
    case 3: (void)parse_rtnl_addr(payload); break;
    default: (void)parse_rtnl_route(payload, data[0] & 0x80 ? 100 : 1); break;
  }
  return 0;
}
