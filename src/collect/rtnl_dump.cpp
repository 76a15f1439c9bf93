// One rtnetlink dump request with DUMP_INTR retries.
#include "collect/rtnl_dump.hpp"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include <cstring>
#include <string>

namespace sockscope {
namespace {

constexpr int kDumpTries = 5;
constexpr std::size_t kMaxHeader = 32;  // ifinfomsg (16), ifaddrmsg (8), rtmsg (12)

struct alignas(NLMSG_ALIGNTO) RequestBuf {
  std::byte bytes[NLMSG_HDRLEN + kMaxHeader];
};

}  // namespace

Result<void> rtnl_dump(DiagSocket& sock, std::uint16_t type, std::uint8_t family, std::size_t header_len,
                       std::uint16_t reply_type, const char* what, const std::function<void()>& reset,
                       const std::function<void(std::span<const std::byte>)>& on_reply) {
  if (header_len == 0 || header_len > kMaxHeader) return fail(std::string(what) + ": bad request header size", EINVAL);
  const ReplyHandler handler = [&](std::uint16_t t, std::span<const std::byte> payload) {
    if (t == reply_type) on_reply(payload);
  };
  RequestBuf buf;
  for (int attempt = 1;; ++attempt) {
    std::memset(&buf, 0, sizeof buf);
    nlmsghdr* nlh = mnl_nlmsg_put_header(buf.bytes);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    auto* hdr = static_cast<std::uint8_t*>(mnl_nlmsg_put_extra_header(nlh, header_len));
    hdr[0] = family;
    reset();
    auto outcome = sock.exchange(*nlh, handler);
    if (!outcome) {
      auto err = outcome.error();
      err.message = std::string(what) + ": " + err.message;
      return std::unexpected(std::move(err));
    }
    if (!outcome->interrupted || attempt == kDumpTries) return {};
  }
}

}  // namespace sockscope
