// Fuzz target: the netlink reply walker (message framing, NLMSG_ERROR/DONE, DUMP_INTR) feeding the sock_diag parsers.
#include <linux/sock_diag.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "collect/netlink_reply.hpp"
#include "fuzz_input.hpp"
#include "parse/sock_diag.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The walker needs a 4-aligned buffer, as recvmsg() gives it.
  std::vector<std::uint32_t> aligned((size + 3) / 4);
  if (size) std::memcpy(aligned.data(), data, size);
  const auto buf = std::span<const std::byte>(reinterpret_cast<const std::byte*>(aligned.data()), size);
  std::size_t seen = 0;
  (void)walk_netlink_replies(buf, 1, 0, [&](std::uint16_t type, std::span<const std::byte> payload) {
    if (payload.data() < buf.data() || payload.data() + payload.size() > buf.data() + buf.size()) std::abort();
    ++seen;
    if (type == SOCK_DIAG_BY_FAMILY) {
      (void)parse_inet_diag(payload, Proto::Tcp);
      (void)parse_unix_diag(payload);
    }
  });
  return 0;
}
