// Fuzz target: what `sockscope close` parses from its arguments: address, port, side and state patterns, process selectors.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "logic/close_match.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  const ScopeLookup scopes = [](std::string_view name) -> std::optional<std::uint32_t> {
    if (name == "lo") return 1;
    return std::nullopt;
  };
  switch (data[0] % 5) {
    case 0:
      if (auto r = parse_port_pattern(text); r && *r && (*r)->low > (*r)->high) std::abort();
      break;
    case 1: (void)parse_address_pattern(text, scopes); break;
    case 2:
      if (auto r = parse_side_pattern(text, scopes); r && r->port && r->port->low > r->port->high) std::abort();
      break;
    case 3:
      if (auto r = parse_close_state(text); r && (*r == 0 || (*r & ~kClosableStates))) std::abort();
      break;
    default: (void)ProcessSelector::parse(text); break;
  }
  return 0;
}
