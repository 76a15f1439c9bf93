// Connection events from the sock_diag destroy multicast groups (what `ss -E` reads).
#include "collect/diag_destroy_events.hpp"

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "collect/netlink_reply.hpp"
#include "parse/conn_event_diag.hpp"

namespace sockscope {

namespace {

std::string failure(const char* what, int err) {
  std::string reason = err == EPERM || err == EACCES ? "not permitted (needs CAP_NET_ADMIN)" : std::strerror(err);
  return std::string("sock_diag destroy groups: ") + what + ": " + reason;
}

std::uint64_t boottime_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_BOOTTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace

Result<std::unique_ptr<DiagDestroyEvents>> DiagDestroyEvents::open() {
  const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_SOCK_DIAG);
  if (fd < 0) return fail(failure("socket", errno), errno);
  // Bursts of closes arrive faster than one reader drains them; root may exceed rmem_max.
  const int want = 16 << 20;
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) != 0)
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  for (const unsigned group : {SKNLGRP_INET_TCP_DESTROY, SKNLGRP_INET_UDP_DESTROY, SKNLGRP_INET6_TCP_DESTROY,
                               SKNLGRP_INET6_UDP_DESTROY})
    addr.nl_groups |= 1u << (group - 1);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd);
    return fail(failure("subscribe", err), err);
  }
  struct stat ns {};
  const std::uint32_t netns = ::stat("/proc/self/ns/net", &ns) == 0 ? static_cast<std::uint32_t>(ns.st_ino) : 0;
  return std::unique_ptr<DiagDestroyEvents>(new DiagDestroyEvents(fd, netns));
}

Result<int> DiagDestroyEvents::poll(int timeout_ms, const ConnEventHandler& on_event) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, timeout_ms);
  if (ready < 0) {
    if (errno == EINTR) return 0;
    return fail(failure("poll", errno), errno);
  }
  int delivered = 0;
  while (true) {
    const ssize_t n = ::recv(fd_, buf_.data(), buf_.size() * sizeof buf_[0], 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      if (errno == ENOBUFS) {  // messages were dropped; the socket goes on working
        ++overruns_;
        continue;
      }
      return fail(failure("recv", errno), errno);
    }
    const std::uint64_t now = boottime_ns();
    // Multicast messages carry sequence 0 and port 0, which the walker takes as matching any request.
    walk_netlink_replies({reinterpret_cast<const std::byte*>(buf_.data()), static_cast<std::size_t>(n)}, 0, 0,
                         [&](std::uint16_t type, std::span<const std::byte> payload) {
                           if (type != SOCK_DIAG_BY_FAMILY) return;
                           auto event = parse_destroy_event(payload, netns_, now);
                           if (!event) return;
                           ++delivered;
                           on_event(std::move(*event));
                         });
  }
  return delivered;
}

DiagDestroyEvents::~DiagDestroyEvents() { ::close(fd_); }

}  // namespace sockscope
