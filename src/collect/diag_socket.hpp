// A netlink socket (libmnl; NETLINK_SOCK_DIAG unless told otherwise, e.g. NETLINK_ROUTE) that sends one
// request at a time and gathers its replies.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <linux/netlink.h>

#include "collect/netlink_reply.hpp"
#include "model/error.hpp"

struct mnl_socket;

namespace sockscope {

class DiagSocket {
 public:
  // Fails with the socket()/bind() errno (EPROTONOSUPPORT, EACCES, EPERM, ...). `bus` is the
  // netlink protocol: NETLINK_SOCK_DIAG or NETLINK_ROUTE (error messages name it).
  static Result<DiagSocket> open(int bus = NETLINK_SOCK_DIAG);

  DiagSocket(DiagSocket&&) noexcept;
  DiagSocket& operator=(DiagSocket&&) noexcept;
  ~DiagSocket();

  struct Outcome {
    bool interrupted = false;  // some reply carried NLM_F_DUMP_INTR
  };

  // Stamps `request` with the next sequence number, sends it and reads replies until NLMSG_DONE
  // or NLMSG_ERROR, passing data messages to `on_message`. An NLMSG_ERROR with a nonzero
  // status (or a failing NLMSG_DONE) becomes an Error carrying that errno.
  Result<Outcome> exchange(nlmsghdr& request, const ReplyHandler& on_message);

 private:
  struct Closer {
    void operator()(mnl_socket* s) const;
  };
  DiagSocket(mnl_socket* nl, const char* label);

  std::unique_ptr<mnl_socket, Closer> nl_;
  std::uint32_t portid_ = 0;
  std::uint32_t seq_ = 0;
  const char* label_ = "netlink sock_diag";  // prefix of error messages
};

}  // namespace sockscope
