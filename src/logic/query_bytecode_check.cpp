// The kernel's side of sock_diag bytecode, in user space: its interpreter (inet_diag_bc_run) and its
// checks (inet_diag_bc_audit), so tests and rows the kernel could not filter get the same answers.
#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <cstring>

#include "logic/query_bytecode.hpp"
#include "logic/query_bytecode_op.hpp"

namespace sockscope {

namespace {

bool host_matches(std::span<const std::uint8_t> bc, std::size_t at, bool remote, const Endpoint& e) {
  inet_diag_hostcond h;
  std::memcpy(&h, bc.data() + at + sizeof(inet_diag_bc_op), sizeof h);
  const std::uint8_t* cond_addr = bc.data() + at + sizeof(inet_diag_bc_op) + sizeof h;
  const int port = remote ? e.remote_port : e.local_port;
  if (h.port != -1 && h.port != port) return false;
  const IpAddress& a = remote ? e.remote : e.local;
  const int fam = e.family == Family::Inet4 ? AF_INET : AF_INET6;
  const int plen = h.prefix_len;  // (h itself has a flexible array: clang will not capture it)
  auto bits_match = [plen, cond_addr](const std::uint8_t* addr) {
    const int whole = plen / 8, rest = plen % 8;
    if (std::memcmp(addr, cond_addr, static_cast<std::size_t>(whole)) != 0) return false;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff00u >> rest);
    return ((addr[whole] ^ cond_addr[whole]) & mask) == 0;
  };
  if (h.family != AF_UNSPEC && h.family != fam) {
    if (fam == AF_INET6 && h.family == AF_INET && a.is_v4_mapped() && bits_match(a.bytes.data() + 12)) return true;
    return false;
  }
  if (h.prefix_len == 0) return true;
  return bits_match(a.bytes.data());
}

}  // namespace

bool run_bytecode(std::span<const std::uint8_t> bc, const Endpoint& e) {
  if (e.family == Family::Unix) return true;
  long len = static_cast<long>(bc.size());
  std::size_t at = 0;
  while (len > 0) {
    const inet_diag_bc_op op = op_at(bc, at);
    bool yes = true;
    auto operand = [&] { return op_at(bc, at + sizeof op).no; };
    switch (op.code) {
      case INET_DIAG_BC_NOP: break;
      case INET_DIAG_BC_JMP: yes = false; break;
      case INET_DIAG_BC_S_GE: yes = e.local_port >= operand(); break;
      case INET_DIAG_BC_S_LE: yes = e.local_port <= operand(); break;
      case INET_DIAG_BC_D_GE: yes = e.remote_port >= operand(); break;
      case INET_DIAG_BC_D_LE: yes = e.remote_port <= operand(); break;
      case INET_DIAG_BC_S_EQ: yes = e.local_port == operand(); break;
      case INET_DIAG_BC_D_EQ: yes = e.remote_port == operand(); break;
      case INET_DIAG_BC_S_COND:
      case INET_DIAG_BC_D_COND: yes = host_matches(bc, at, op.code == INET_DIAG_BC_D_COND, e); break;
      case INET_DIAG_BC_DEV_COND: {
        std::uint32_t ifindex;
        std::memcpy(&ifindex, bc.data() + at + sizeof op, sizeof ifindex);
        yes = e.ifindex == ifindex;
        break;
      }
      case INET_DIAG_BC_CGROUP_COND: {
        std::uint64_t id;
        std::memcpy(&id, bc.data() + at + sizeof op, sizeof id);
        yes = e.cgroup_id == id;
        break;
      }
      default: return false;
    }
    const std::size_t step = yes ? op.yes : op.no;
    len -= static_cast<long>(step);
    at += step;
  }
  return len == 0;
}

bool audit_bytecode(std::span<const std::uint8_t> bc) {
  // Whether `target` bytes before the end is an op boundary (or the end itself).
  auto valid_target = [&](std::size_t target_left) {
    long len = static_cast<long>(bc.size());
    std::size_t at = 0;
    while (len >= 0) {
      if (static_cast<long>(target_left) > len) return false;
      if (static_cast<long>(target_left) == len) return true;
      const inet_diag_bc_op op = op_at(bc, at);
      if (op.yes < 4 || (op.yes & 3)) return false;
      len -= op.yes;
      at += op.yes;
    }
    return false;
  };
  long len = static_cast<long>(bc.size());
  std::size_t at = 0;
  while (len > 0) {
    if (len < static_cast<long>(sizeof(inet_diag_bc_op))) return false;
    const inet_diag_bc_op op = op_at(bc, at);
    long min_len = sizeof op;
    switch (op.code) {
      case INET_DIAG_BC_S_COND:
      case INET_DIAG_BC_D_COND: {
        min_len += sizeof(inet_diag_hostcond);
        if (len < min_len) return false;
        inet_diag_hostcond h;
        std::memcpy(&h, bc.data() + at + sizeof op, sizeof h);
        const long alen = h.family == AF_UNSPEC ? 0 : h.family == AF_INET ? 4 : h.family == AF_INET6 ? 16 : -1;
        if (alen < 0 || h.prefix_len > 8 * alen) return false;
        min_len += alen;
        if (len < min_len) return false;
        break;
      }
      case INET_DIAG_BC_DEV_COND:
      case INET_DIAG_BC_S_GE: case INET_DIAG_BC_S_LE: case INET_DIAG_BC_D_GE: case INET_DIAG_BC_D_LE:
      case INET_DIAG_BC_S_EQ: case INET_DIAG_BC_D_EQ:
        min_len += 4;
        if (len < min_len) return false;
        break;
      case INET_DIAG_BC_CGROUP_COND:
        min_len += 8;
        if (len < min_len) return false;
        break;
      case INET_DIAG_BC_JMP:
      case INET_DIAG_BC_NOP: break;
      default: return false;
    }
    if (op.code != INET_DIAG_BC_NOP) {
      if (op.no < min_len || op.no > len + 4 || (op.no & 3)) return false;
      if (op.no < len && !valid_target(static_cast<std::size_t>(len - op.no))) return false;
    }
    if (op.yes < min_len || op.yes > len + 4 || (op.yes & 3)) return false;
    at += op.yes;
    len -= op.yes;
  }
  return len == 0;
}

}  // namespace sockscope
