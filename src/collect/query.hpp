// What a collection pass should ask the kernel for; shared by the netlink and /proc collectors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {

inline constexpr std::size_t kMaxRequestBytecode = 4096;

struct SocketQuery {
  bool tcp = true;
  bool udp = true;
  bool raw = true;
  bool unix_sockets = true;
  bool inet4 = true;
  bool inet6 = true;
  std::uint32_t tcp_states = kAllStates;  // state_bit() mask; applies to TCP only
  bool tcp_info = true;                   // ask for tcp_info counters (netlink only)
  // INET_DIAG_REQ_BYTECODE for the TCP and UDP dumps (netlink only; see logic/query_bytecode.hpp),
  // at most kMaxRequestBytecode bytes; empty: none.
  std::vector<std::uint8_t> bytecode;
};

}  // namespace sockscope
