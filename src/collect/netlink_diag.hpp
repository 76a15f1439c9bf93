// Socket enumeration through NETLINK_SOCK_DIAG (inet_diag for TCP/UDP, unix_diag), using libmnl.
#pragma once

#include <vector>

#include "collect/query.hpp"
#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

// Dumps TCP and UDP (IPv4/IPv6) and UNIX sockets per the query. Raw sockets are not
// included (no raw diag here): read them with read_proc_raw(). Fails as a whole when
// netlink sock_diag is missing or refused (socket/bind errno, or any failing dump other than
// an AF_INET6 one after the first request), so the caller can fall back to /proc; an AF_INET6
// dump refused with ENOENT/EOPNOTSUPP/EAFNOSUPPORT (no IPv6) just adds no rows.
// Bound-but-inactive TCP sockets (reported by kernels 6.6+ when the TcpState::BoundInactive bit
// is in query.tcp_states) come back as TcpState::BoundInactive. Each socket appears once:
// dual-stack and v4-mapped sockets are Family::Inet6 rows. To close a TCP connection, see
// collect/sock_destroy.hpp.
Result<std::vector<Endpoint>> dump_sock_diag(const SocketQuery& query);

// The same, appending to `out` (reserve it first to avoid regrowth; see socket_estimate.hpp).
// On failure `out` is left as it was.
Result<void> dump_sock_diag(const SocketQuery& query, std::vector<Endpoint>& out);

class DiagSocket;

// The same over a socket the caller keeps: a sock_diag socket answers for the network namespace
// it was opened in, whichever thread asks (see netns_sockets.hpp).
Result<void> dump_sock_diag(DiagSocket& socket, const SocketQuery& query, std::vector<Endpoint>& out);

}  // namespace sockscope
