// Evaluating a parsed query over one endpoint, through a FieldSource.
#pragma once

#include <cstdint>

#include "logic/query_ast.hpp"
#include "logic/query_fields.hpp"

namespace sockscope {

struct EvalOptions {
  // ss decides `autobound` in user space by the local port lying in the ephemeral range
  // (net.ipv4.ip_local_port_range); the caller passes the host's, these are Linux's defaults.
  std::uint16_t ephemeral_low = 32768;
  std::uint16_t ephemeral_high = 60999;
};

// Whether the endpoint is selected. Predicates follow ss's user-space filter: ports compare as
// numbers, src/dst as the kernel's host condition (family-aware, IPv4 prefixes also selecting
// IPv4-mapped addresses), UNIX paths by case-insensitive glob. A field the source has no value for
// (monostate) makes its comparison false, whatever the operator; `not` then makes it true.
// UNIX sockets have no ports: port and inet address conditions are false for them.
bool evaluate(const QueryNode& n, const Endpoint& e, const FieldSource& fields, const EvalOptions& opt = {});
inline bool evaluate(const Query& q, const Endpoint& e, const FieldSource& fields, const EvalOptions& opt = {}) {
  return (!q.family_scope || e.family == *q.family_scope) && evaluate(q.root, e, fields, opt);
}

}  // namespace sockscope
