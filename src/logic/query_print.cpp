// Canonical text of a parsed query: parses back to the same tree.
#include <string>

#include "logic/query_lexer.hpp"
#include "logic/query_parser.hpp"
#include "logic/query_values.hpp"

namespace sockscope {

namespace {

// Single state names, for printing a mask as an `or` of them.
struct Bit {
  TcpState state;
  std::string_view name;
};
constexpr Bit kBits[] = {
    {TcpState::Established, "established"}, {TcpState::SynSent, "syn-sent"}, {TcpState::SynRecv, "syn-recv"},
    {TcpState::FinWait1, "fin-wait-1"}, {TcpState::FinWait2, "fin-wait-2"}, {TcpState::TimeWait, "time-wait"},
    {TcpState::Close, "closed"}, {TcpState::CloseWait, "close-wait"}, {TcpState::LastAck, "last-ack"},
    {TcpState::Listen, "listening"}, {TcpState::Closing, "closing"}, {TcpState::BoundInactive, "bound-inactive"},
};

// Every mask the parser makes has bit 0 (UNKNOWN) set exactly when it has NEW_SYN_RECV set: both
// come only with the groups that start from all. Such masks print as what they leave out.
std::string named_states(std::uint32_t mask, std::string_view word, std::string_view joiner) {
  std::string out;
  for (const auto& b : kBits) {
    if (!(mask & state_bit(b.state))) continue;
    if (!out.empty()) out += joiner;
    out += std::string(word) + " " + std::string(b.name);
  }
  return out;
}

std::string states_text(std::uint32_t mask) {
  if (mask == kQueryAllStates) return "state all";
  if (mask & 1u) {
    const std::string left_out = named_states(~mask & kQueryAllStates, "state", " or ");
    return left_out.find(" or ") == std::string::npos ? "not " + left_out : "not (" + left_out + ")";
  }
  const std::string in = named_states(mask, "state", " or ");
  if (in.empty()) return "not state all";
  return in.find(" or ") == std::string::npos ? in : "(" + in + ")";
}

// The leading run, as ss's options: `state` names, or `exclude`s when the mask starts from all.
std::string leading_states(std::uint32_t mask) {
  if (mask == kQueryAllStates) return "state all";
  if (mask & 1u) return named_states(~mask & kQueryAllStates, "exclude", " ");
  const std::string in = named_states(mask, "state", " ");
  return in.empty() ? "exclude all" : in;
}

std::string host_text(const HostPred& h) {
  const char* side = h.remote ? "dst " : "src ";
  if (h.unix_pattern) return side + quote_query_word("unix:" + *h.unix_pattern);
  const std::string port = h.port < 0 ? std::string() : ":" + std::to_string(h.port);
  const std::string fam = !h.family ? "" : *h.family == Family::Inet4 ? "inet:" : "inet6:";
  auto one = [&](const AddressPrefix* p) {
    if (!p) return side + fam + "*" + port;
    if (p->address.family == Family::Inet6) return side + fam + ("[" + prefix_text(*p) + "]") + port;
    return side + fam + prefix_text(*p) + port;
  };
  if (h.prefixes.empty()) return one(nullptr);
  std::string out;
  for (std::size_t i = 0; i < h.prefixes.size(); ++i) {
    if (i) out = "(" + out + " or ";
    out += one(&h.prefixes[i]);
    if (i) out += ")";
  }
  return out;
}

std::string field_text(const FieldPred& p) {
  const FieldInfo& f = field_info(p.field);
  std::string out = std::string(f.name) + " " + std::string(query_op_text(p.op)) + " ";
  switch (f.kind) {
    case FieldKind::Text: return out + quote_query_word(p.text);
    case FieldKind::Address: return out + prefix_text(p.prefix);
    case FieldKind::Integer:
    case FieldKind::Bytes: return out + std::to_string(p.number);
    case FieldKind::Duration: return out + std::to_string(p.number) + "us";
    case FieldKind::Rate: return out + std::to_string(p.number) + "/s";
  }
  return out;
}

std::string pred_text(const QueryPredicate& pred) {
  struct V {
    std::string operator()(const StatePred& s) const { return states_text(s.mask); }
    std::string operator()(const HostPred& h) const { return host_text(h); }
    std::string operator()(const PortPred& p) const {
      return std::string(p.remote ? "dport " : "sport ") + std::string(query_op_text(p.op)) + " :" + std::to_string(p.port);
    }
    std::string operator()(const DevPred& d) const { return "dev " + std::to_string(d.ifindex); }
    std::string operator()(const MarkPred& m) const {
      return "fwmark " + std::to_string(m.mark) + "/" + std::to_string(m.mask);
    }
    std::string operator()(const CgroupPred& c) const { return "cgroup " + quote_query_word(c.path); }
    std::string operator()(const AutoboundPred&) const { return "autobound"; }
    std::string operator()(const FieldPred& f) const { return field_text(f); }
  };
  return std::visit(V{}, pred);
}

}  // namespace

std::string print_query(const QueryNode& n) {
  switch (n.kind) {
    case QueryNode::Kind::True: return "";
    case QueryNode::Kind::And: return "(" + print_query(n.kids[0]) + " and " + print_query(n.kids[1]) + ")";
    case QueryNode::Kind::Or: return "(" + print_query(n.kids[0]) + " or " + print_query(n.kids[1]) + ")";
    case QueryNode::Kind::Not: return "not " + print_query(n.kids[0]);
    case QueryNode::Kind::Pred: return pred_text(n.pred);
  }
  return "";
}

std::string print_query(const Query& q) {
  const QueryNode& r = q.root;
  const QueryNode* lead = nullptr;
  const QueryNode* rest = nullptr;
  if (q.has_states && r.kind == QueryNode::Kind::Pred && std::holds_alternative<StatePred>(r.pred)) {
    lead = &r;
  } else if (q.has_states && r.kind == QueryNode::Kind::And && r.kids[0].kind == QueryNode::Kind::Pred &&
             std::holds_alternative<StatePred>(r.kids[0].pred)) {
    lead = &r.kids[0];
    rest = &r.kids[1];
  }
  if (!lead) return print_query(r);
  std::string out = leading_states(std::get<StatePred>(lead->pred).mask);
  if (!rest) return out;
  std::string tail = print_query(*rest);
  // A tail starting with a state word would join the leading run.
  if (tail.starts_with("state ") || tail.starts_with("exclude ")) tail = "(" + tail + ")";
  return out + " " + tail;
}

}  // namespace sockscope
