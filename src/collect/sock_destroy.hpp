// Closing a TCP connection from outside its process with SOCK_DESTROY (NETLINK_SOCK_DIAG).
#pragma once

#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

// Asks the kernel to abort the TCP socket `e` names (addresses, ports, ifindex and, when nonzero,
// the sock_diag cookie). The socket's owner then sees ECONNABORTED and the peer gets a reset.
// Error codes: EPERM without CAP_NET_ADMIN, EOPNOTSUPP when the kernel lacks
// CONFIG_INET_DIAG_DESTROY, ENOENT when no such socket exists any more (including when the
// cookie shows it was replaced by another with the same addresses), EINVAL when `e` is not TCP.
Result<void> destroy_tcp_socket(const Endpoint& e);

class DiagSocket;
// The same over `sock`, which may have been opened in another network namespace: the socket is
// destroyed in the namespace `sock` was made in.
Result<void> destroy_tcp_socket(const Endpoint& e, DiagSocket& sock);

}  // namespace sockscope
