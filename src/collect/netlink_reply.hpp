// Walking one received buffer of netlink replies: sequence/port checks, errors, DONE, DUMP_INTR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

namespace sockscope {

struct ReplyBatch {
  bool done = false;         // NLMSG_DONE or NLMSG_ERROR seen: the request is answered
  bool interrupted = false;  // a message carried NLM_F_DUMP_INTR: the dump may be inconsistent
  int error = 0;             // errno from NLMSG_ERROR or a negative NLMSG_DONE status; 0 = none
  bool malformed = false;    // bytes left over that do not form a whole message
  std::size_t skipped = 0;   // messages for another sequence number or port (stale replies)
};

// Called for every data message (not NOOP/DONE/ERROR) that answers the request.
using ReplyHandler = std::function<void(std::uint16_t type, std::span<const std::byte> payload)>;

// Walks the messages of one recvmsg() buffer for request `seq` sent from port `portid`.
// `buf` must be aligned to 4 bytes, as netlink receive buffers are.
ReplyBatch walk_netlink_replies(std::span<const std::byte> buf, std::uint32_t seq, std::uint32_t portid,
                                const ReplyHandler& on_message);

}  // namespace sockscope
