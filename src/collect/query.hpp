// What a collection pass should ask the kernel for; shared by the netlink and /proc collectors.
#pragma once

#include <cstdint>
#include <string>

#include "model/endpoint.hpp"

namespace sockscope {

struct SocketQuery {
  bool tcp = true;
  bool udp = true;
  bool raw = true;
  bool unix_sockets = true;
  bool inet4 = true;
  bool inet6 = true;
  std::uint32_t tcp_states = kAllStates;  // state_bit() mask; applies to TCP only
  bool tcp_info = true;                   // ask for tcp_info counters (netlink only)
};

}  // namespace sockscope
