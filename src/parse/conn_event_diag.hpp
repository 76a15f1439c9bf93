// Parser of sock_diag destroy-group messages (what `ss -E` reads) into ConnEvent values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "model/conn_event.hpp"

namespace sockscope {

// `payload` is one SOCK_DIAG_BY_FAMILY message of the SKNLGRP_INET*_DESTROY groups, after its
// nlmsghdr: inet_diag_msg, INET_DIAG_PROTOCOL, and for TCP the socket's last tcp_info. `netns` is
// the namespace the listening netlink socket lives in (the kernel sends each namespace's sockets
// there only); `close_ns` when the message was read (CLOCK_BOOTTIME).
// Returns nullopt for a malformed message, a protocol other than TCP and UDP, or a TCP socket that
// never had a peer (remote port 0: closed listeners, sockets that never connected, and failed
// connects, whose peer connect() wiped before the socket was freed; this message cannot tell them apart). No owner, no open time, no direction, no previous state.
std::optional<ConnEvent> parse_destroy_event(std::span<const std::byte> payload, std::uint32_t netns,
                                             std::uint64_t close_ns);

}  // namespace sockscope
