// Walking one received buffer of netlink replies with libmnl's message helpers.
#include "collect/netlink_reply.hpp"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace sockscope {

namespace {

// mnl_nlmsg_ok compares (int)nlmsg_len with the bytes left, so a length above INT_MAX turns
// negative, passes, and the walk jumps far outside the buffer (found by fuzz/collect_netlink_reply).
bool message_fits(const nlmsghdr* nlh, int len) {
  return len >= static_cast<int>(sizeof(nlmsghdr)) && nlh->nlmsg_len >= sizeof(nlmsghdr) &&
         nlh->nlmsg_len <= static_cast<unsigned>(len);
}

// The errno of a status word (0 or -errno). INT_MIN has no positive counterpart and is no errno:
// a corrupt reply (found by fuzz/collect_netlink_reply).
int errno_of(int status) {
  if (status == INT_MIN) return EBADMSG;
  return status < 0 ? -status : status;
}

}  // namespace

ReplyBatch walk_netlink_replies(std::span<const std::byte> buf, std::uint32_t seq, std::uint32_t portid,
                                const ReplyHandler& on_message) {
  ReplyBatch r;
  if (reinterpret_cast<std::uintptr_t>(buf.data()) % NLMSG_ALIGNTO != 0 || buf.size() > INT_MAX) {
    r.malformed = true;
    r.error = EINVAL;
    return r;
  }
  int len = static_cast<int>(buf.size());
  const auto* nlh = reinterpret_cast<const nlmsghdr*>(buf.data());
  for (; message_fits(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
    if (!mnl_nlmsg_portid_ok(nlh, portid) || !mnl_nlmsg_seq_ok(nlh, seq)) {
      ++r.skipped;
      continue;
    }
    if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) r.interrupted = true;
    const std::span<const std::byte> payload(static_cast<const std::byte*>(mnl_nlmsg_get_payload(nlh)),
                                             mnl_nlmsg_get_payload_len(nlh));
    switch (nlh->nlmsg_type) {
      case NLMSG_NOOP:
        break;
      case NLMSG_OVERRUN:
        // Data was lost; a retry is the only way to a complete answer.
        r.interrupted = true;
        break;
      case NLMSG_DONE: {
        r.done = true;
        // Dumps put their final status (0 or -errno) after the header.
        if (payload.size() >= sizeof(int)) {
          int status;
          std::memcpy(&status, payload.data(), sizeof status);
          if (status < 0) r.error = errno_of(status);
        }
        return r;
      }
      case NLMSG_ERROR: {
        r.done = true;
        if (payload.size() < sizeof(int)) {
          r.malformed = true;
          r.error = EBADMSG;
          return r;
        }
        int status;
        std::memcpy(&status, payload.data(), sizeof status);
        r.error = errno_of(status);  // 0 is an acknowledgement
        return r;
      }
      default:
        on_message(nlh->nlmsg_type, payload);
        break;
    }
  }
  if (len > 0) r.malformed = true;
  return r;
}

}  // namespace sockscope
