// sock_diag bytecode from a query: ss's op layout and jump scheme, built from a loosened copy of the
// query that keeps every socket the query keeps.
#include "logic/query_bytecode.hpp"
#include "logic/query_bytecode_op.hpp"

#include <linux/inet_diag.h>
#include <sys/socket.h>

#include <cstring>
#include <optional>

namespace sockscope {

namespace {

using Code = std::vector<std::uint8_t>;

// Longer bytecode is not pushed at all (the collector's request has room for this much).
constexpr std::size_t kMaxBytecode = 4096;

// Every fragment below keeps ss's contract: success runs off its end, failure jumps exactly 4
// bytes past its end. Each op's `yes` is its own length, so ops can be walked by it.
void put_op(Code& c, std::uint8_t code, std::uint8_t yes, std::uint16_t no) {
  const inet_diag_bc_op op{code, yes, no};
  const auto* p = reinterpret_cast<const std::uint8_t*>(&op);
  c.insert(c.end(), p, p + sizeof op);
}

template <class T>
void put(Code& c, const T& v) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
  c.insert(c.end(), p, p + sizeof v);
}


Code host_cond(bool remote, int family, int prefix_len, int port, const std::uint8_t* addr) {
  const std::size_t alen = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
  const auto len = static_cast<std::uint8_t>(sizeof(inet_diag_bc_op) + sizeof(inet_diag_hostcond) + alen);
  Code c;
  put_op(c, remote ? INET_DIAG_BC_D_COND : INET_DIAG_BC_S_COND, len, static_cast<std::uint16_t>(len + 4));
  inet_diag_hostcond h{};
  h.family = static_cast<std::uint8_t>(family);
  h.prefix_len = static_cast<std::uint8_t>(prefix_len);
  h.port = port;
  put(c, h);
  c.insert(c.end(), addr, addr + alen);
  return c;
}

Code prefix_cond(bool remote, const AddressPrefix& p, int port) {
  return host_cond(remote, p.address.family == Family::Inet4 ? AF_INET : AF_INET6, p.prefix_len, port,
                   p.address.bytes.data());
}

Code port_cmp(bool remote, bool ge, std::uint16_t port) {
  Code c;
  const std::uint8_t code = remote ? (ge ? INET_DIAG_BC_D_GE : INET_DIAG_BC_D_LE) : (ge ? INET_DIAG_BC_S_GE : INET_DIAG_BC_S_LE);
  put_op(c, code, 8, 12);
  put_op(c, 0, 0, port);
  return c;
}

// Points a's failure exits (4 past its end) 4 past the end of a+b instead.
Code and_code(Code a, const Code& b) {
  std::size_t at = 0;
  while (at < a.size()) {
    inet_diag_bc_op op = op_at(a, at);
    const std::size_t left = a.size() - at;
    if (op.no == left + 4) {
      op.no = static_cast<std::uint16_t>(op.no + b.size());
      std::memcpy(a.data() + at, &op, sizeof op);
    }
    at += op.yes;
  }
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Code or_code(Code a, const Code& b) {
  put_op(a, INET_DIAG_BC_JMP, 4, static_cast<std::uint16_t>(b.size() + 4));
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

Code not_code(Code a) {
  put_op(a, INET_DIAG_BC_JMP, 4, 8);
  return a;
}

// A loosened query: nullopt code = "true". exact: the code keeps exactly what the node keeps, on
// TCP and UDP sockets.
struct Loose {
  std::optional<Code> code;
  bool exact = false;
};

Loose loose_true() { return {std::nullopt, false}; }
Loose exact(Code c) { return {std::move(c), true}; }

Loose negate(Loose a) {
  if (!a.exact || !a.code) return loose_true();
  return exact(not_code(std::move(*a.code)));
}

Loose port_field(bool remote, CmpOp op, std::uint16_t port) {
  switch (op) {
    case CmpOp::Eq: return exact(host_cond(remote, AF_UNSPEC, 0, port, nullptr));
    case CmpOp::Ne: return negate(exact(host_cond(remote, AF_UNSPEC, 0, port, nullptr)));
    case CmpOp::Ge: return exact(port_cmp(remote, true, port));
    case CmpOp::Le: return exact(port_cmp(remote, false, port));
    case CmpOp::Gt: return exact(not_code(port_cmp(remote, false, port)));
    case CmpOp::Lt: return exact(not_code(port_cmp(remote, true, port)));
    default: return loose_true();
  }
}

Loose field_code(const FieldPred& p) {
  switch (p.field) {
    case FieldId::LocalPort:
    case FieldId::RemotePort:
      if (p.number > 65535) return loose_true();  // no port is that large: left to the recheck
      return port_field(p.field == FieldId::RemotePort, p.op, static_cast<std::uint16_t>(p.number));
    case FieldId::LocalAddress:
    case FieldId::RemoteAddress: {
      Loose l = exact(prefix_cond(p.field == FieldId::RemoteAddress, p.prefix, -1));
      return p.op == CmpOp::Ne ? negate(std::move(l)) : l;
    }
    case FieldId::Family: {
      if (p.text == "unix") return loose_true();
      AddressPrefix any;
      any.address.family = p.text == "inet" ? Family::Inet4 : Family::Inet6;
      Loose l = exact(prefix_cond(false, any, -1));
      // The kernel's IPv4 condition also passes IPv4-mapped IPv6 sockets, which are inet6 rows.
      if (p.text == "inet") l.exact = false;
      return p.op == CmpOp::Ne ? negate(std::move(l)) : l;
    }
    default: return loose_true();
  }
}

Loose loosen(const QueryNode& n) {
  switch (n.kind) {
    case QueryNode::Kind::True: return loose_true();
    case QueryNode::Kind::Not: return negate(loosen(n.kids[0]));
    case QueryNode::Kind::And: {
      Loose a = loosen(n.kids[0]), b = loosen(n.kids[1]);
      const bool ex = a.exact && b.exact;
      if (!a.code) return {std::move(b.code), false};
      if (!b.code) return {std::move(a.code), false};
      return {and_code(std::move(*a.code), *b.code), ex};
    }
    case QueryNode::Kind::Or: {
      Loose a = loosen(n.kids[0]), b = loosen(n.kids[1]);
      if (!a.code || !b.code) return loose_true();
      return {or_code(std::move(*a.code), *b.code), a.exact && b.exact};
    }
    case QueryNode::Kind::Pred: break;
  }
  if (const auto* h = std::get_if<HostPred>(&n.pred)) {
    if (h->unix_pattern) return loose_true();
    if (h->prefixes.empty()) return exact(host_cond(h->remote, AF_UNSPEC, 0, h->port, nullptr));
    Code c = prefix_cond(h->remote, h->prefixes[0], h->port);
    for (std::size_t i = 1; i < h->prefixes.size(); ++i) c = or_code(std::move(c), prefix_cond(h->remote, h->prefixes[i], h->port));
    return exact(std::move(c));
  }
  if (const auto* p = std::get_if<PortPred>(&n.pred)) return port_field(p->remote, p->op, p->port);
  if (const auto* d = std::get_if<DevPred>(&n.pred)) {
    Code c;
    put_op(c, INET_DIAG_BC_DEV_COND, 8, 12);
    put(c, d->ifindex);
    return exact(std::move(c));
  }
  if (const auto* g = std::get_if<CgroupPred>(&n.pred); g && g->id != 0) {
    Code c;  // as ss: the op, then the u64 id (unaligned, native order)
    put_op(c, INET_DIAG_BC_CGROUP_COND, 12, 16);
    put(c, g->id);
    return exact(std::move(c));
  }
  if (const auto* f = std::get_if<FieldPred>(&n.pred)) return field_code(*f);
  return loose_true();
}

// A finite attribute (state or protocol) as a set the node confines it to; exact when the node
// is nothing but a test of that attribute.
struct Mask {
  std::uint32_t bits;
  bool exact;
};

template <class Leaf>
Mask confine(const QueryNode& n, std::uint32_t all, const Leaf& leaf) {
  switch (n.kind) {
    case QueryNode::Kind::True: return {all, false};
    case QueryNode::Kind::Not: {
      const Mask m = confine(n.kids[0], all, leaf);
      return m.exact ? Mask{all & ~m.bits, true} : Mask{all, false};
    }
    case QueryNode::Kind::And: {
      const Mask a = confine(n.kids[0], all, leaf), b = confine(n.kids[1], all, leaf);
      return {a.bits & b.bits, a.exact && b.exact};
    }
    case QueryNode::Kind::Or: {
      const Mask a = confine(n.kids[0], all, leaf), b = confine(n.kids[1], all, leaf);
      return {a.bits | b.bits, a.exact && b.exact};
    }
    case QueryNode::Kind::Pred: break;
  }
  if (auto m = leaf(n.pred)) return {*m & all, true};
  return {all, false};
}

std::optional<std::uint32_t> state_leaf(const QueryPredicate& p) {
  if (const auto* s = std::get_if<StatePred>(&p)) return s->mask;
  return std::nullopt;
}

std::optional<std::uint32_t> proto_leaf(const QueryPredicate& p) {
  const auto* f = std::get_if<FieldPred>(&p);
  if (!f || f->field != FieldId::Proto || (f->op != CmpOp::Eq && f->op != CmpOp::Ne)) return std::nullopt;
  const Proto pr = f->text == "tcp" ? Proto::Tcp : f->text == "udp" ? Proto::Udp : f->text == "raw" ? Proto::Raw : Proto::Unix;
  const std::uint32_t bit = 1u << static_cast<unsigned>(pr);
  return f->op == CmpOp::Eq ? bit : 0x0fu & ~bit;
}

void conjuncts(const QueryNode& n, std::vector<const QueryNode*>& out) {
  if (n.kind == QueryNode::Kind::And) {
    conjuncts(n.kids[0], out);
    conjuncts(n.kids[1], out);
  } else if (n.kind != QueryNode::Kind::True) {
    out.push_back(&n);
  }
}

}  // namespace

Pushdown plan_pushdown(const Query& q) {
  Pushdown out;
  std::vector<const QueryNode*> parts;
  conjuncts(q.root, parts);
  QueryNode scope;  // the family scope, as the conjunct `family = ...` it amounts to
  if (q.family_scope == Family::Unix) {
    out.protos = 1u << static_cast<unsigned>(Proto::Unix);
  } else if (q.family_scope) {
    FieldPred f;
    f.field = FieldId::Family;
    f.text = *q.family_scope == Family::Inet4 ? "inet" : "inet6";
    scope.kind = QueryNode::Kind::Pred;
    scope.pred = f;
    parts.push_back(&scope);
  }
  std::optional<Code> code;
  for (const QueryNode* c : parts) {
    const Mask st = confine(*c, kQueryAllStates, state_leaf);
    const Mask pr = confine(*c, 0x0fu, proto_leaf);
    out.states &= st.bits;
    out.protos = static_cast<std::uint8_t>(out.protos & pr.bits);
    if (st.exact || pr.exact) continue;
    Loose l = loosen(*c);
    if (!l.exact) out.recheck = true;
    if (l.code) code = code ? and_code(std::move(*code), *l.code) : std::move(*l.code);
  }
  if (code && code->size() > kMaxBytecode) {
    out.recheck = true;
    code.reset();
  }
  if (code) out.bytecode = std::move(*code);
  return out;
}

}  // namespace sockscope
