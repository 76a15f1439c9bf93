// Fuzz target: the /proc/net socket tables (tcp, tcp6, udp, udp6, raw, raw6, unix); the first byte picks the table.
#include "fuzz_input.hpp"
#include "parse/proc_net.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 7) {
    case 0: (void)parse_proc_net_inet(text, Proto::Tcp, Family::Inet4); break;
    case 1: (void)parse_proc_net_inet(text, Proto::Tcp, Family::Inet6); break;
    case 2: (void)parse_proc_net_inet(text, Proto::Udp, Family::Inet4); break;
    case 3: (void)parse_proc_net_inet(text, Proto::Udp, Family::Inet6); break;
    case 4: (void)parse_proc_net_inet(text, Proto::Raw, Family::Inet4); break;
    case 5: (void)parse_proc_net_inet(text, Proto::Raw, Family::Inet6); break;
    default: (void)parse_proc_net_unix(text); break;
  }
  return 0;
}
