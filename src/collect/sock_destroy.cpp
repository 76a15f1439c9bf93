// SOCK_DESTROY request for one TCP socket, identified as the dump reported it.
#include "collect/sock_destroy.hpp"

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "collect/diag_socket.hpp"

namespace sockscope {
namespace {

std::string hint(int err) {
  switch (err) {
    case EPERM: return " (closing sockets needs CAP_NET_ADMIN)";
    case EOPNOTSUPP: return " (kernel built without CONFIG_INET_DIAG_DESTROY)";
    case ENOENT: return " (the socket is gone)";
    default: return "";
  }
}

}  // namespace

Result<void> destroy_tcp_socket(const Endpoint& e) {
  auto sock = DiagSocket::open();
  if (!sock) return std::unexpected(sock.error());
  return destroy_tcp_socket(e, *sock);
}

Result<void> destroy_tcp_socket(const Endpoint& e, DiagSocket& sock) {
  if (e.proto != Proto::Tcp || (e.family != Family::Inet4 && e.family != Family::Inet6)) {
    return fail("SOCK_DESTROY: only TCP sockets can be closed", EINVAL);
  }
  struct alignas(NLMSG_ALIGNTO) {
    std::byte bytes[NLMSG_HDRLEN + sizeof(inet_diag_req_v2)];
  } buf{};
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.bytes);
  nlh->nlmsg_type = SOCK_DESTROY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  auto* req = static_cast<inet_diag_req_v2*>(mnl_nlmsg_put_extra_header(nlh, sizeof(inet_diag_req_v2)));
  req->sdiag_family = e.family == Family::Inet4 ? AF_INET : AF_INET6;
  req->sdiag_protocol = IPPROTO_TCP;
  req->idiag_states = ~0u;
  const std::size_t addr_len = e.family == Family::Inet4 ? 4 : 16;
  std::memcpy(req->id.idiag_src, e.local.bytes.data(), addr_len);
  std::memcpy(req->id.idiag_dst, e.remote.bytes.data(), addr_len);
  req->id.idiag_sport = htons(e.local_port);
  req->id.idiag_dport = htons(e.remote_port);
  req->id.idiag_if = e.ifindex;
  // Cookie 0 means "not known" (e.g. read from /proc): match on addresses alone.
  req->id.idiag_cookie[0] = e.cookie ? static_cast<std::uint32_t>(e.cookie) : INET_DIAG_NOCOOKIE;
  req->id.idiag_cookie[1] = e.cookie ? static_cast<std::uint32_t>(e.cookie >> 32) : INET_DIAG_NOCOOKIE;

  auto done = sock.exchange(*nlh, [](std::uint16_t, std::span<const std::byte>) {});
  if (!done) {
    const int err = done.error().code;
    return fail("SOCK_DESTROY: " + std::string(std::strerror(err)) + hint(err), err);
  }
  return {};
}

}  // namespace sockscope
