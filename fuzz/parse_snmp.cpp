// Fuzz target: /proc/net/snmp, /proc/net/netstat, /proc/net/snmp6 and the socket count files.
#include "fuzz_input.hpp"
#include "parse/snmp.hpp"
#include "parse/socket_counts.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto a = parse_snmp_pairs(text);
      auto b = parse_snmp6(text);
      if (a && b) merge_counters(*a, *b);
      break;
    }
    case 1: (void)parse_snmp6(text); break;
    case 2: {
      SocketCounts counts;
      add_protocol_counts(text, counts);
      break;
    }
    default: {
      SocketCounts counts;
      add_sockstat_counts(text, counts);
      break;
    }
  }
  return 0;
}
