// Pushing a query down to the kernel: the dump's state mask, protocols, and sock_diag bytecode.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "logic/query_ast.hpp"

namespace sockscope {

// What a dump may ask the kernel for so that it returns at least every socket the query keeps.
// `bytecode` is the payload of an INET_DIAG_REQ_BYTECODE attribute (ops of <linux/inet_diag.h>,
// built as ss builds them); it applies to TCP and UDP inet_diag dumps only: UNIX and raw rows are
// never tested by it. When `recheck` is false the kernel's answer (inet dumps with these states and
// bytecode) is exactly what the query keeps; when true, the query must be evaluated on every row.
struct Pushdown {
  std::uint32_t states = kQueryAllStates;  // state_bit() mask for idiag_states
  std::uint8_t protos = 0x0f;              // bit (1 << Proto): protocols that can match
  std::vector<std::uint8_t> bytecode;      // empty: no attribute
  bool recheck = false;

  bool wants(Proto p) const { return (protos >> static_cast<unsigned>(p)) & 1u; }
};

// Never drops a socket the query keeps: what the kernel cannot test (owners, counters, UNIX
// paths, marks here) is left to the recheck. States and protocols are taken from the
// top-level `and`s; src/dst, sport/dport, local/remote address and port fields, dev, a resolved
// `cgroup` (INET_DIAG_BC_CGROUP_COND, as ss) and
// `family = inet6` become bytecode; `family = inet` too, loosened (the kernel counts an
// IPv4-mapped IPv6 socket as IPv4 there). Bytecode over 4096 bytes is dropped (and recheck set).
Pushdown plan_pushdown(const Query& q);

// Runs bytecode over one endpoint as the kernel's inet_diag_bc_run does (for tests and for rows
// the kernel could not filter). Ops this builder never makes (AUTO, MARK) reject.
bool run_bytecode(std::span<const std::uint8_t> bc, const Endpoint& e);

// Checks bytecode as the kernel's inet_diag_bc_audit does: op lengths, jump targets, host conds.
bool audit_bytecode(std::span<const std::uint8_t> bc);

}  // namespace sockscope
