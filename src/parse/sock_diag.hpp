// Parsers for NETLINK_SOCK_DIAG replies: inet_diag (TCP/UDP) and unix_diag messages, tcp_info.
#pragma once

#include <cstddef>
#include <optional>
#include <span>

#include "model/endpoint.hpp"

namespace sockscope {

// `payload` is one SOCK_DIAG_BY_FAMILY message after its nlmsghdr: struct inet_diag_msg followed
// by attributes. Returns nullopt when the fixed header is truncated or the family is neither
// AF_INET nor AF_INET6. Attributes that are malformed (length too small or running past the end)
// end the attribute walk: the endpoint is returned with what was read before them.
// INET_DIAG_INFO is read only for Proto::Tcp.
std::optional<Endpoint> parse_inet_diag(std::span<const std::byte> payload, Proto proto);

// The same, decoding into `out` (which must be default-constructed): collectors parse straight into
// their endpoint vector instead of moving each endpoint out of an optional. False (and `out` in an
// unspecified state) where parse_inet_diag would return nullopt.
bool parse_inet_diag_into(std::span<const std::byte> payload, Proto proto, Endpoint& out);

// The same for unix_diag: struct unix_diag_msg followed by UNIX_DIAG_* attributes.
// Returns nullopt when the header is truncated or the family is not AF_UNIX.
std::optional<Endpoint> parse_unix_diag(std::span<const std::byte> payload);
bool parse_unix_diag_into(std::span<const std::byte> payload, Endpoint& out);

// struct tcp_info as the kernel sent it, possibly shorter (older kernels) or longer (newer ones)
// than this build's definition: fields the bytes do not fully cover stay 0.
TcpCounters parse_tcp_info(std::span<const std::byte> info);

}  // namespace sockscope
