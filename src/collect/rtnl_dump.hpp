// One rtnetlink dump request (RTM_GET* with a family header) on a NETLINK_ROUTE socket, retried when interrupted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "collect/diag_socket.hpp"
#include "model/error.hpp"

namespace sockscope {

// Sends `type` (RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE) with NLM_F_DUMP and a zeroed family header
// of `header_len` bytes whose first byte is `family`. `reset` is called before each try (to drop a
// previous interrupted answer), `on_reply` for each reply message of `reply_type`. After
// kDumpTries interrupted tries the last answer is kept. Errors name `what`.
Result<void> rtnl_dump(DiagSocket& sock, std::uint16_t type, std::uint8_t family, std::size_t header_len,
                       std::uint16_t reply_type, const char* what, const std::function<void()>& reset,
                       const std::function<void(std::span<const std::byte>)>& on_reply);

}  // namespace sockscope
