// The query evaluator: one recursive walk per endpoint, values fetched only for the fields asked.
#include "logic/query_eval.hpp"

#include <fnmatch.h>

#include <string>

#include "logic/query_values.hpp"

namespace sockscope {

namespace {

template <class T>
bool compare(const T& a, const T& b, CmpOp op) {
  switch (op) {
    case CmpOp::Eq: return a == b;
    case CmpOp::Ne: return a != b;
    case CmpOp::Lt: return a < b;
    case CmpOp::Le: return a <= b;
    case CmpOp::Gt: return a > b;
    case CmpOp::Ge: return a >= b;
    default: return false;
  }
}

bool host_matches(const HostPred& h, const Endpoint& e) {
  if (h.unix_pattern) {
    if (e.family != Family::Unix) return false;
    // The peer's name is not collected: a dst pattern sees "" as ss does for unnamed peers.
    const std::string path = h.remote ? std::string() : std::string(std::string_view(e.unix_path));
    return fnmatch(h.unix_pattern->c_str(), path.c_str(), FNM_CASEFOLD) == 0;
  }
  if (e.family == Family::Unix) return h.port < 0 && h.prefixes.empty();
  const std::uint16_t port = h.remote ? e.remote_port : e.local_port;
  if (h.port >= 0 && h.port != port) return false;
  if (h.prefixes.empty()) return true;
  const IpAddress& a = h.remote ? e.remote : e.local;
  for (const auto& p : h.prefixes)
    if (prefix_contains(p, a)) return true;
  return false;
}

bool field_matches(const FieldPred& p, const Endpoint& e, const FieldSource& fields) {
  std::string scratch;
  const FieldValue v = fields.get(p.field, e, scratch);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return compare(*n, p.number, p.op);
  if (const auto* t = std::get_if<std::string_view>(&v)) {
    if (p.op == CmpOp::Match || p.op == CmpOp::NoMatch)
      return std::regex_search(t->begin(), t->end(), *p.regex) == (p.op == CmpOp::Match);
    return compare(*t, std::string_view(p.text), p.op);
  }
  if (const auto* a = std::get_if<IpAddress>(&v)) {
    const bool in = prefix_contains(p.prefix, *a);
    return p.op == CmpOp::Eq ? in : p.op == CmpOp::Ne ? !in : false;
  }
  return false;
}

}  // namespace

bool evaluate(const QueryNode& n, const Endpoint& e, const FieldSource& fields, const EvalOptions& opt) {
  switch (n.kind) {
    case QueryNode::Kind::True: return true;
    case QueryNode::Kind::And: return evaluate(n.kids[0], e, fields, opt) && evaluate(n.kids[1], e, fields, opt);
    case QueryNode::Kind::Or: return evaluate(n.kids[0], e, fields, opt) || evaluate(n.kids[1], e, fields, opt);
    case QueryNode::Kind::Not: return !evaluate(n.kids[0], e, fields, opt);
    case QueryNode::Kind::Pred: break;
  }
  struct V {
    const Endpoint& e;
    const FieldSource& fields;
    const EvalOptions& opt;
    bool operator()(const StatePred& s) const { return (s.mask & state_bit(e.state)) != 0; }
    bool operator()(const HostPred& h) const { return host_matches(h, e); }
    bool operator()(const PortPred& p) const {
      if (e.family == Family::Unix) return false;
      return compare(p.remote ? e.remote_port : e.local_port, p.port, p.op);
    }
    bool operator()(const DevPred& d) const { return e.ifindex == d.ifindex; }
    bool operator()(const MarkPred& m) const {
      std::string scratch;
      const FieldValue v = fields.get(FieldId::Mark, e, scratch);
      const auto* n = std::get_if<std::int64_t>(&v);
      return n && (static_cast<std::uint32_t>(*n) & m.mask) == m.mark;
    }
    bool operator()(const CgroupPred& c) const {
      if (e.family == Family::Unix) return false;  // unix_diag has no cgroup (and the word is the peer)
      if (c.id != 0) return e.cgroup_id == c.id;  // as ss and the kernel's INET_DIAG_BC_CGROUP_COND
      std::string scratch;
      const FieldValue v = fields.get(FieldId::Cgroup, e, scratch);
      const auto* t = std::get_if<std::string_view>(&v);
      return t && *t == c.path;
    }
    bool operator()(const AutoboundPred&) const {
      return e.family != Family::Unix && e.local_port >= opt.ephemeral_low && e.local_port <= opt.ephemeral_high;
    }
    bool operator()(const FieldPred& p) const { return field_matches(p, e, fields); }
  };
  return std::visit(V{e, fields, opt}, n.pred);
}

}  // namespace sockscope
