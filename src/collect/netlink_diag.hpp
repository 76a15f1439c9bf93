// Socket enumeration through NETLINK_SOCK_DIAG (inet_diag for TCP/UDP, unix_diag), using libmnl.
#pragma once

#include <vector>

#include "collect/query.hpp"
#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

// Dumps TCP and UDP (IPv4/IPv6) and UNIX sockets per the query. Raw sockets are not
// included (no raw diag here): read them with read_proc_raw(). Fails as a whole when
// netlink sock_diag is missing or refused, so the caller can fall back to /proc.
Result<std::vector<Endpoint>> dump_sock_diag(const SocketQuery& query);

}  // namespace sockscope
