// Netlink request/reply plumbing (NETLINK_SOCK_DIAG, NETLINK_ROUTE) on top of libmnl.
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

const char* bus_label(int bus) {
  switch (bus) {
    case NETLINK_SOCK_DIAG: return "netlink sock_diag";
    case NETLINK_ROUTE: return "netlink route";
    default: return "netlink";
  }
}

}  // namespace

void DiagSocket::Closer::operator()(mnl_socket* s) const {
  if (s) mnl_socket_close(s);
}

DiagSocket::DiagSocket(mnl_socket* nl, const char* label)
    : nl_(nl), portid_(mnl_socket_get_portid(nl)), seq_(static_cast<std::uint32_t>(std::time(nullptr))),
      label_(label) {}

DiagSocket::DiagSocket(DiagSocket&&) noexcept = default;
DiagSocket& DiagSocket::operator=(DiagSocket&&) noexcept = default;
DiagSocket::~DiagSocket() = default;

Result<DiagSocket> DiagSocket::open(int bus) {
  const std::string label = bus_label(bus);
  mnl_socket* nl = mnl_socket_open2(bus, SOCK_CLOEXEC);
  if (!nl) {
    const int err = errno;
    return fail(label + " socket: " + errno_text(err), err);
  }
  DiagSocket s(nl, bus_label(bus));
  if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    const int err = errno;
    return fail(label + " bind: " + errno_text(err), err);
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
  const std::string label = label_;
  const std::uint32_t seq = ++seq_ == 0 ? ++seq_ : seq_;
  request.nlmsg_seq = seq;
  const ssize_t sent = mnl_socket_sendto(nl_.get(), &request, request.nlmsg_len);
  if (sent < 0) {
    const int err = errno;
    return fail(label + " send: " + errno_text(err), err);
  }
  if (static_cast<std::size_t>(sent) != request.nlmsg_len) return fail(label + " send: short write", EIO);

  Outcome out;
  const int fd = mnl_socket_get_fd(nl_.get());
  // One receive buffer per thread, not per socket: the live view and `list` hold a socket in every
  // network namespace, and 100 namespaces x 64 KiB was the whole difference in peak memory between
  // 100 namespaces x 1,000 sockets and 100,000 in one (bench/netns_scale.sh). A socket is used by
  // one thread at a time and handlers never start another exchange, so sharing it is safe.
  // uint64_t keeps it aligned for nlmsghdr.
  thread_local std::vector<std::uint64_t> buf(kRecvBufBytes / sizeof(std::uint64_t));
  auto* data = reinterpret_cast<std::byte*>(buf.data());
  const std::size_t cap = buf.size() * sizeof(std::uint64_t);
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
      if (err == EAGAIN || err == EWOULDBLOCK) return fail(label + ": no reply from the kernel", ETIMEDOUT);
      return fail(label + " receive: " + errno_text(err), err);
    }
    if (msg.msg_flags & MSG_TRUNC) return fail(label + ": reply larger than the receive buffer", EMSGSIZE);
    // Any local process may send to our port; only the kernel (port 0) is believed.
    if (msg.msg_namelen != sizeof from || from.nl_family != AF_NETLINK || from.nl_pid != 0) continue;

    const auto batch = walk_netlink_replies({data, static_cast<std::size_t>(n)}, seq, portid_, on_message);
    out.interrupted = out.interrupted || batch.interrupted;
    if (batch.malformed) return fail(label + ": malformed reply", batch.error ? batch.error : EBADMSG);
    if (batch.error) return fail(label + ": " + errno_text(batch.error), batch.error);
    if (batch.done) return out;
  }
}

}  // namespace sockscope
