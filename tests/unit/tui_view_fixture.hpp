// The endpoints most live view tests start from: nginx listening and serving, sshd on IPv6 and UDP.
#pragma once

#include "tui_test_support.hpp"

namespace sockscope::testing {

// nginx (100): 0.0.0.0:80 LISTEN, 10.0.0.1:80 <- 10.0.0.9:51234 ESTABLISHED;
// sshd (300): [::]:22 LISTEN, udp 0.0.0.0:68.
inline std::vector<Endpoint> base_endpoints() {
  return {owned(tcp4("0.0.0.0", 80, "0.0.0.0", 0, TcpState::Listen, 1), {0}),
          owned(tcp4("10.0.0.1", 80, "10.0.0.9", 51234, TcpState::Established, 2), {0}),
          owned(tcp6("::", 22, "::", 0, TcpState::Listen, 3), {2}),
          owned(udp4("0.0.0.0", 68, 4), {2})};
}

// curl (200): 10.0.0.1:44321 -> 10.0.0.2:80 in state `st`.
inline Endpoint curl_connection(TcpState st = TcpState::Established) {
  return owned(tcp4("10.0.0.1", 44321, "10.0.0.2", 80, st, 5), {1});
}

inline std::vector<Endpoint> with(std::vector<Endpoint> eps, Endpoint extra) {
  eps.push_back(std::move(extra));
  return eps;
}

inline std::vector<Endpoint> without_cookie(std::vector<Endpoint> eps, std::uint64_t cookie) {
  std::erase_if(eps, [&](const Endpoint& e) { return e.cookie == cookie; });
  return eps;
}

}  // namespace sockscope::testing
