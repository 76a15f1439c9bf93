// Reading one sock_diag bytecode op (struct inet_diag_bc_op) at a byte offset, unaligned.
#pragma once

#include <linux/inet_diag.h>

#include <cstdint>
#include <cstring>
#include <span>

namespace sockscope {

inline inet_diag_bc_op op_at(std::span<const std::uint8_t> c, std::size_t at) {
  inet_diag_bc_op op;
  std::memcpy(&op, c.data() + at, sizeof op);
  return op;
}

}  // namespace sockscope
