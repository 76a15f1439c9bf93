// NETLINK_SOCK_DIAG request/reply plumbing on top of libmnl.
#include "collect/diag_socket.hpp"

#include <libmnl/libmnl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>

namespace sockscope {
namespace {

// The kernel sizes dump skbs after the reader's buffer, capped near 32 KiB; twice that is ample.
constexpr std::size_t kRecvBufBytes = 64 * 1024;
constexpr int kSocketRcvBuf = 4 * 1024 * 1024;
constexpr time_t kReplyTimeoutSec = 10;

std::string errno_text(int err) { return std::strerror(err); }

}  // namespace

void DiagSocket::Closer::operator()(mnl_socket* s) const {
  if (s) mnl_socket_close(s);
}

DiagSocket::DiagSocket(mnl_socket* nl)
    : nl_(nl), portid_(mnl_socket_get_portid(nl)), seq_(static_cast<std::uint32_t>(std::time(nullptr))),
      buf_(kRecvBufBytes / sizeof(std::uint64_t)) {}

DiagSocket::DiagSocket(DiagSocket&&) noexcept = default;
DiagSocket& DiagSocket::operator=(DiagSocket&&) noexcept = default;
DiagSocket::~DiagSocket() = default;

Result<DiagSocket> DiagSocket::open() {
  mnl_socket* nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
  if (!nl) {
    const int err = errno;
    return fail("netlink sock_diag socket: " + errno_text(err), err);
  }
  DiagSocket s(nl);
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    const int err = errno;
    return fail("netlink sock_diag bind: " + errno_text(err), err);
  }
  s.portid_ = mnl_socket_get_portid(nl);
  const int fd = mnl_socket_get_fd(nl);
  // SO_RCVBUFFORCE passes rmem_max but needs CAP_NET_ADMIN; otherwise take what SO_RCVBUF gives.
  int rcvbuf = kSocketRcvBuf;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  }
  // The kernel always answers; the timeout only keeps a wedged kernel from hanging us forever.
  timeval tv{kReplyTimeoutSec, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return s;
}

Result<DiagSocket::Outcome> DiagSocket::exchange(nlmsghdr& request, const ReplyHandler& on_message) {
  const std::uint32_t seq = ++seq_ == 0 ? ++seq_ : seq_;
  request.nlmsg_seq = seq;
  const ssize_t sent = mnl_socket_sendto(nl_.get(), &request, request.nlmsg_len);
  if (sent < 0) {
    const int err = errno;
    return fail("netlink sock_diag send: " + errno_text(err), err);
  }
  if (static_cast<std::size_t>(sent) != request.nlmsg_len) return fail("netlink sock_diag send: short write", EIO);

  Outcome out;
  const int fd = mnl_socket_get_fd(nl_.get());
  auto* data = reinterpret_cast<std::byte*>(buf_.data());
  const std::size_t cap = buf_.size() * sizeof(std::uint64_t);
  for (;;) {
    sockaddr_nl from{};
    iovec iov{data, cap};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    const ssize_t n = recvmsg(fd, &msg, 0);
    if (n < 0) {
      const int err = errno;
      if (err == EINTR) continue;
      if (err == EAGAIN || err == EWOULDBLOCK) return fail("netlink sock_diag: no reply from the kernel", ETIMEDOUT);
      return fail("netlink sock_diag receive: " + errno_text(err), err);
    }
    if (msg.msg_flags & MSG_TRUNC) return fail("netlink sock_diag: reply larger than the receive buffer", EMSGSIZE);
    // Any local process may send to our port; only the kernel (port 0) is believed.
    if (msg.msg_namelen != sizeof from || from.nl_family != AF_NETLINK || from.nl_pid != 0) continue;

    const auto batch = walk_netlink_replies({data, static_cast<std::size_t>(n)}, seq, portid_, on_message);
    out.interrupted = out.interrupted || batch.interrupted;
    if (batch.malformed) return fail("netlink sock_diag: malformed reply", batch.error ? batch.error : EBADMSG);
    if (batch.error) return fail("netlink sock_diag: " + errno_text(batch.error), batch.error);
    if (batch.done) return out;
  }
}

}  // namespace sockscope
