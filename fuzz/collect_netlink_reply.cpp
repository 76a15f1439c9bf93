// Fuzz target: the netlink reply walker (message framing, NLMSG_ERROR/DONE, DUMP_INTR) feeding the sock_diag and rtnetlink parsers.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>

#include <cstring>
#include <vector>

#include "collect/netlink_reply.hpp"
#include "fuzz_input.hpp"
#include "parse/rtnl_link.hpp"
#include "parse/rtnl_route.hpp"
#include "parse/sock_diag.hpp"

using namespace sockscope;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The walker needs a 4-aligned buffer, as recvmsg() gives it.
  std::vector<std::uint32_t> aligned((size + 3) / 4);
  if (size) std::memcpy(aligned.data(), data, size);
  const auto buf = std::span<const std::byte>(reinterpret_cast<const std::byte*>(aligned.data()), size);
  std::size_t seen = 0;
  const std::byte* end_of_last = buf.data();
  const auto batch = walk_netlink_replies(buf, 1, 0, [&](std::uint16_t type, std::span<const std::byte> payload) {
    // Payloads lie inside the buffer, in order, each after its own header.
    check(payload.data() >= end_of_last + sizeof(nlmsghdr) && payload.data() + payload.size() <= buf.data() + buf.size());
    end_of_last = payload.data() + payload.size();
    ++seen;
    switch (type) {
      case SOCK_DIAG_BY_FAMILY:  // the same number as RTM_NEWADDR on the rtnetlink bus
        (void)parse_inet_diag(payload, Proto::Tcp);
        (void)parse_unix_diag(payload);
        (void)parse_rtnl_addr(payload);
        break;
      case RTM_NEWLINK: (void)parse_rtnl_link(payload); break;
      case RTM_NEWROUTE: (void)parse_rtnl_route(payload); break;
      default: break;
    }
  });
  // Every message counted has its header in the buffer; an error is a positive errno that ends the walk.
  check((seen + batch.skipped) * sizeof(nlmsghdr) <= size);
  check(batch.error >= 0 && (batch.error == 0 || batch.done || batch.malformed));
  return 0;
}
