// Recursive-descent parser for query expressions, with ss's precedence and one error per failure.
#include "logic/query_parser.hpp"

#include <algorithm>
#include <array>

#include "logic/query_lexer.hpp"
#include "logic/query_values.hpp"

namespace sockscope {

namespace {

using Tok = QueryToken::Kind;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// "did you mean 'x'?" for the closest candidate within a third of the word's length (at least 2).
std::string suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  const std::string w = lower(word);
  std::string_view best;
  std::size_t best_d = std::max<std::size_t>(2, w.size() / 3) + 1;
  for (auto c : candidates) {
    const std::size_t d = edit_distance(w, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best.empty() ? std::string() : "did you mean '" + std::string(best) + "'?";
}

struct StateName {
  std::string_view name;
  std::uint32_t mask;
};
constexpr std::uint32_t bit(TcpState s) { return state_bit(s); }
using enum TcpState;
constexpr std::array<StateName, 20> kStates{{
    {"established", bit(Established)}, {"syn-sent", bit(SynSent)}, {"syn-recv", bit(SynRecv)},
    {"syn-rcv", bit(SynRecv)}, {"fin-wait-1", bit(FinWait1)}, {"fin-wait-2", bit(FinWait2)},
    {"time-wait", bit(TimeWait)}, {"closed", bit(Close)}, {"close", bit(Close)}, {"unconnected", bit(Close)},
    {"close-wait", bit(CloseWait)}, {"last-ack", bit(LastAck)}, {"listening", bit(Listen)},
    {"closing", bit(Closing)}, {"bound-inactive", bit(BoundInactive)},
    {"all", kQueryAllStates},
    {"connected", kQueryAllStates & ~(bit(Close) | bit(Listen))},
    {"synchronized", kQueryAllStates & ~(bit(Close) | bit(Listen) | bit(SynSent))},
    {"bucket", bit(SynRecv) | bit(TimeWait)},
    {"big", kQueryAllStates & ~(bit(SynRecv) | bit(TimeWait))},
}};

std::vector<std::string_view> state_names() {
  std::vector<std::string_view> v;
  for (const auto& s : kStates) v.push_back(s.name);
  return v;
}

// Words that start a predicate without being in the field table.
constexpr std::array<std::string_view, 13> kKeywords{
    "src", "dst", "sport", "dport", "dev", "fwmark", "mark", "cgroup", "autobound", "state", "exclude", "excl", "interface"};

std::vector<std::string_view> predicate_names() {
  std::vector<std::string_view> v(kKeywords.begin(), kKeywords.end());
  for (const auto& f : all_fields()) v.push_back(f.name);
  return v;
}

}  // namespace

bool is_query_word(std::string_view word) {
  const std::string w = lower(word);
  for (std::string_view k : kKeywords)
    if (w == k) return true;
  for (std::string_view k : {"and", "or", "not"})
    if (w == k) return true;
  return find_field(word) != nullptr;
}

namespace {

std::optional<CmpOp> op_of(const QueryToken& t) {
  if (t.kind != Tok::Word || t.quoted) return std::nullopt;
  const std::string w = lower(t.text);
  if (w == "=" || w == "==" || w == "eq") return CmpOp::Eq;
  if (w == "!=" || w == "ne" || w == "neq") return CmpOp::Ne;
  if (w == "<" || w == "lt") return CmpOp::Lt;
  if (w == "<=" || w == "le" || w == "leq") return CmpOp::Le;
  if (w == ">" || w == "gt") return CmpOp::Gt;
  if (w == ">=" || w == "ge" || w == "geq") return CmpOp::Ge;
  if (w == "~") return CmpOp::Match;
  if (w == "!~") return CmpOp::NoMatch;
  return std::nullopt;
}

bool is_word(const QueryToken& t, std::initializer_list<std::string_view> words) {
  if (t.kind != Tok::Word || t.quoted) return false;
  const std::string w = lower(t.text);
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::string_view op_text(CmpOp op) {
  static constexpr std::array<std::string_view, 8> t{"=", "!=", "<", "<=", ">", ">=", "~", "!~"};
  return t[static_cast<std::size_t>(op)];
}

QueryNode pred_node(QueryPredicate p, QueryPos pos) {
  QueryNode n;
  n.kind = QueryNode::Kind::Pred;
  n.pred = std::move(p);
  n.pos = pos;
  return n;
}

QueryNode binary(QueryNode::Kind k, QueryNode a, QueryNode b) {
  QueryNode n;
  n.kind = k;
  n.pos = a.pos;
  n.kids.push_back(std::move(a));
  n.kids.push_back(std::move(b));
  return n;
}

QueryNode negate(QueryNode a) {
  QueryNode n;
  n.kind = QueryNode::Kind::Not;
  n.pos = a.pos;
  n.kids.push_back(std::move(a));
  return n;
}

class Parser {
 public:
  Parser(std::vector<QueryToken> toks, const QueryLookups& lookups) : t_(std::move(toks)), lk_(lookups) {}

  std::expected<Query, QueryError> run() {
    Query q;
    // ss's leading state options: names ORed, `exclude` subtracts from all (or from what was named).
    std::optional<std::uint32_t> mask;
    QueryPos state_pos = peek().pos;
    while (is_word(peek(), {"state", "exclude", "excl"})) {
      const bool exclude = !is_word(peek(), {"state"});
      take();
      auto m = state_value();
      if (!m) return fail();
      if (exclude) mask = mask.value_or(kQueryAllStates) & ~*m;
      else mask = (mask && q.has_states ? *mask : 0) | *m;
      q.has_states = true;
    }
    std::optional<QueryNode> expr;
    if (peek().kind != Tok::End) {
      expr = exprlist();
      if (!expr) return fail();
      if (peek().kind == Tok::RParen) return fail_at(peek().pos, "unexpected ')'");
      if (peek().kind != Tok::End) return fail_at(peek().pos, "unexpected '" + peek().text + "'");
    }
    q.family_scope = family_scope_;
    if (mask) {
      QueryNode s = pred_node(StatePred{*mask}, state_pos);
      q.root = expr ? binary(QueryNode::Kind::And, std::move(s), std::move(*expr)) : std::move(s);
    } else if (expr) {
      q.root = std::move(*expr);
    }
    return q;
  }

 private:
  const QueryToken& peek() const { return t_[i_]; }
  const QueryToken& take() { return t_[i_ < t_.size() - 1 ? i_++ : i_]; }

  std::unexpected<QueryError> fail() { return std::unexpected(err_); }
  std::unexpected<QueryError> fail_at(QueryPos pos, std::string msg, std::string hint = {}) {
    set_error(pos, std::move(msg), std::move(hint));
    return fail();
  }
  void set_error(QueryPos pos, std::string msg, std::string hint = {}) {
    err_ = QueryError{std::move(msg), pos, std::move(hint)};
  }
  // Reports a missing value or word where `what` was expected.
  bool expected_here(std::string_view what) {
    const QueryToken& t = peek();
    if (t.kind == Tok::End) set_error(t.pos, "expected " + std::string(what) + " at the end");
    else set_error(t.pos, "expected " + std::string(what) + ", found '" + t.text + "'");
    return false;
  }

  std::optional<QueryNode> exprlist() {
    auto left = term();
    if (!left) return std::nullopt;
    while (true) {
      const QueryToken& t = peek();
      if (t.kind == Tok::End || t.kind == Tok::RParen) return left;
      QueryNode::Kind k = QueryNode::Kind::And;
      if (is_word(t, {"and", "&&", "&"})) {
        take();
      } else if (is_word(t, {"or", "||", "|"})) {
        take();
        k = QueryNode::Kind::Or;
      }
      auto right = term();
      if (!right) return std::nullopt;
      left = binary(k, std::move(*left), std::move(*right));
    }
  }

  std::optional<QueryNode> term() {
    const QueryToken& t = peek();
    if (t.kind == Tok::End) {
      expected_here("a condition");
      return std::nullopt;
    }
    if (t.kind == Tok::LParen) {
      const QueryPos open = t.pos;
      take();
      auto inner = exprlist();
      if (!inner) return std::nullopt;
      if (peek().kind != Tok::RParen) {
        set_error(open, "'(' is not closed");
        return std::nullopt;
      }
      take();
      return inner;
    }
    if (t.kind == Tok::RParen) {
      set_error(t.pos, "unexpected ')'");
      return std::nullopt;
    }
    if (is_word(t, {"!", "not"})) {
      const QueryPos pos = t.pos;
      take();
      auto inner = term();
      if (!inner) return std::nullopt;
      QueryNode n = negate(std::move(*inner));
      n.pos = pos;
      return n;
    }
    if (is_word(t, {"and", "&&", "&", "or", "||", "|"})) {
      set_error(t.pos, "'" + t.text + "' needs a condition before it");
      return std::nullopt;
    }
    return predicate();
  }

  // An optional = / != (ss lets `src ADDR` go without one). Ne when negated.
  std::optional<bool> optional_eq(const QueryToken& field) {
    const auto op = op_of(peek());
    if (!op) return false;
    if (*op == CmpOp::Eq || *op == CmpOp::Ne) {
      take();
      return *op == CmpOp::Ne;
    }
    set_error(peek().pos, "operator '" + peek().text + "' does not apply to '" + field.text + "'; use = or !=");
    return std::nullopt;
  }

  // The next word as a value (not a parenthesis or the end).
  const QueryToken* value(std::string_view what) {
    if (peek().kind != Tok::Word) {
      expected_here(what);
      return nullptr;
    }
    return &take();
  }

  std::optional<QueryNode> predicate() {
    const QueryToken& name = take();
    const std::string w = lower(name.text);
    const QueryPos pos = name.pos;
    auto wrap = [&](std::optional<QueryPredicate> p, bool negated) -> std::optional<QueryNode> {
      if (!p) return std::nullopt;
      QueryNode n = pred_node(std::move(*p), pos);
      if (negated) {
        n = negate(std::move(n));
        n.pos = pos;
      }
      return n;
    };
    // ss's `KEYWORD [= | !=] VALUE` predicates: `!=` wraps the predicate in a `not`.
    auto keyword = [&](std::string_view what, auto build) -> std::optional<QueryNode> {
      const auto ne = optional_eq(name);
      if (!ne) return std::nullopt;
      const QueryToken* v = value(what);
      if (!v) return std::nullopt;
      return wrap(build(*v), *ne);
    };
    if (!name.quoted) {
      if (w == "src" || w == "dst")
        return keyword("an address", [&](const QueryToken& v) { return host(v, w == "dst"); });
      if (w == "sport" || w == "dport") return port_predicate(name, w == "dport");
      if (w == "dev" || w == "interface")
        return keyword("an interface", [&](const QueryToken& v) { return device(v); });
      if (w == "fwmark" || w == "mark") return keyword("a mark", [&](const QueryToken& v) { return mark(v); });
      if (w == "cgroup")
        return keyword("a cgroup path", [&](const QueryToken& v) -> std::optional<QueryPredicate> {
          CgroupPred c{v.text, 0};
          if (lk_.cgroup_id) {  // as ss: a path that names no cgroup2 directory is refused
            const auto id = lk_.cgroup_id(v.text);
            if (!id) {
              set_error(v.pos, "'" + v.text + "' is not a cgroup (v2) directory");
              return std::nullopt;
            }
            c.id = *id;
          }
          return c;
        });
      if (w == "autobound") return pred_node(AutoboundPred{}, pos);
      if (w == "state" || w == "exclude" || w == "excl") {
        const auto ne = optional_eq(name);
        if (!ne) return std::nullopt;
        const auto m = state_value();
        if (!m) return std::nullopt;
        return wrap(QueryPredicate{StatePred{*m}}, *ne != (w != "state"));
      }
    }
    if (name.quoted) {
      set_error(pos, "expected a field name, found the quoted value '" + name.text + "'");
      return std::nullopt;
    }
    const FieldInfo* f = find_field(name.text);
    if (!f) {
      set_error(pos, "unknown field '" + name.text + "'", suggest(name.text, predicate_names()));
      return std::nullopt;
    }
    const auto op = op_of(peek());
    if (!op) {
      expected_here("an operator after '" + name.text + "'");
      return std::nullopt;
    }
    const QueryToken& op_tok = take();
    const QueryToken* v = value("a value");
    if (!v) return std::nullopt;
    return wrap(field(*f, *op, op_tok, *v), false);
  }

  // Takes an `inet:` or `inet6:` prefix off; the family then scopes the whole query (see Query).
  std::optional<Family> strip_family(std::string_view& text) {
    std::optional<Family> fam;
    if (text.starts_with("inet:")) {
      fam = Family::Inet4;
      text.remove_prefix(5);
    } else if (text.starts_with("inet6:")) {
      fam = Family::Inet6;
      text.remove_prefix(6);
    }
    if (fam) family_scope_ = fam;
    return fam;
  }

  std::optional<std::uint32_t> state_value() {
    const QueryToken* v = value("a state name");
    if (!v) return std::nullopt;
    if (auto m = query_state_mask(v->text)) return m;
    set_error(v->pos, "unknown state '" + v->text + "'", suggest(v->text, state_names()));
    return std::nullopt;
  }

  std::optional<std::uint16_t> port_number(const QueryToken& v, std::string_view text) {
    if (auto n = parse_count(text); n && *n <= 65535) return static_cast<std::uint16_t>(*n);
    if (!text.empty() && !(text[0] >= '0' && text[0] <= '9') && lk_.service_port)
      if (auto p = lk_.service_port(text)) return p;
    set_error(v.pos, "'" + std::string(text) + "' is not a port" +
                         (lk_.service_port ? std::string() : std::string(" number")));
    return std::nullopt;
  }

  std::optional<QueryNode> port_predicate(const QueryToken& name, bool remote) {
    CmpOp op = CmpOp::Eq;
    if (auto o = op_of(peek())) {
      if (*o == CmpOp::Match || *o == CmpOp::NoMatch) {
        set_error(peek().pos, "operator '" + peek().text + "' does not apply to '" + name.text + "'");
        return std::nullopt;
      }
      op = *o;
      take();
    }
    const QueryToken* v = value("a port");
    if (!v) return std::nullopt;
    std::string_view text = v->text;
    // ss(8): `{dport|sport} [OP] [FAMILY:]:PORT`; the family scopes the query as in src/dst.
    const std::optional<Family> fam = strip_family(text);
    if (text.starts_with(':')) text.remove_prefix(1);
    QueryNode n;
    if (text == "*" || text.empty()) {
      if (op != CmpOp::Eq && op != CmpOp::Ne) {
        set_error(v->pos, "'" + v->text + "' (any port) cannot be ordered");
        return std::nullopt;
      }
      n = pred_node(HostPred{remote, -1, {}, std::nullopt, fam}, name.pos);
    } else {
      const auto port = port_number(*v, text);
      if (!port) return std::nullopt;
      if (op == CmpOp::Eq || op == CmpOp::Ne) {
        n = pred_node(HostPred{remote, *port, {}, std::nullopt, fam}, name.pos);
      } else if (fam) {
        // The ordering keeps the family through a host condition that only carries the scope.
        n = binary(QueryNode::Kind::And, pred_node(PortPred{remote, op, *port}, name.pos),
                   pred_node(HostPred{remote, -1, {}, std::nullopt, fam}, name.pos));
      } else {
        n = pred_node(PortPred{remote, op, *port}, name.pos);
      }
    }
    if (op == CmpOp::Ne) {
      n = negate(std::move(n));
      n.pos = name.pos;
    }
    return n;
  }

  // ss's HOSTCOND: [inet:|inet6:|unix:] then [ADDR]:PORT, *:PORT, ADDR[/LEN][:PORT] or a host name.
  std::optional<QueryPredicate> host(const QueryToken& v, bool remote) {
    HostPred h;
    h.remote = remote;
    std::string_view s = v.text;
    if (s.starts_with("unix:")) {
      h.unix_pattern = std::string(s.substr(5));
      family_scope_ = Family::Unix;
      return h;
    }
    if (s.starts_with("link:") || s.starts_with("netlink:") || s.starts_with("vsock:")) {
      set_error(v.pos, "'" + v.text + "': only inet, inet6 and unix addresses can be selected");
      return std::nullopt;
    }
    const std::optional<Family> fam = strip_family(s);
    h.family = fam;
    std::string_view addr = s, port;
    bool has_port = false;
    if (s.starts_with('[')) {
      const auto close = s.find(']');
      if (close == std::string_view::npos) {
        set_error(v.pos, "'" + v.text + "': '[' without ']'");
        return std::nullopt;
      }
      addr = s.substr(1, close - 1);
      port = s.substr(close + 1);
      if (!port.empty() && !port.starts_with(':')) {
        set_error(v.pos, "'" + v.text + "': expected ':PORT' after ']'");
        return std::nullopt;
      }
      has_port = !port.empty();
    } else if (s.starts_with('*')) {
      addr = s.substr(0, 1);
      port = s.substr(1);
      if (!port.empty() && !port.starts_with(':')) {
        set_error(v.pos, "'" + v.text + "' is not an address");
        return std::nullopt;
      }
      has_port = !port.empty();
    } else {
      const auto slash = s.find('/');
      const auto colon = s.rfind(':');
      if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        addr = s.substr(0, colon);
        port = s.substr(colon);
        has_port = true;
      }
    }
    if (has_port) {
      port.remove_prefix(1);
      if (!port.empty() && port != "*") {
        const auto p = port_number(v, port);
        if (!p) return std::nullopt;
        h.port = *p;
      }
    }
    // As ss: `inet:*` is any address at all; the family only scopes the query (see Query).
    if (addr.empty() || addr == "*") return h;
    if (auto p = parse_prefix(addr)) {
      if (fam && p->address.family != *fam) {
        set_error(v.pos, "'" + v.text + "': the address is not of that family");
        return std::nullopt;
      }
      h.prefixes.push_back(*p);
      return h;
    }
    if (lk_.resolve_host && addr.find('/') == std::string_view::npos) {
      for (const auto& a : lk_.resolve_host(addr))
        if (!fam || a.family == *fam) h.prefixes.push_back({a, a.family == Family::Inet4 ? 32 : 128});
      if (!h.prefixes.empty()) return h;
      set_error(v.pos, "'" + std::string(addr) + "' is not a known host");
      return std::nullopt;
    }
    set_error(v.pos, "'" + std::string(addr) + "' is not an address or prefix");
    return std::nullopt;
  }

  std::optional<QueryPredicate> device(const QueryToken& v) {
    if (lk_.interface_index)
      if (auto i = lk_.interface_index(v.text)) return DevPred{*i};
    if (auto n = parse_count(v.text); n && *n <= 0xffffffffLL) return DevPred{static_cast<std::uint32_t>(*n)};
    set_error(v.pos, "'" + v.text + "' is not an interface");
    return std::nullopt;
  }

  std::optional<QueryPredicate> mark(const QueryToken& v) {
    MarkPred m;
    std::string_view s = v.text;
    const auto slash = s.find('/');
    const auto value = parse_count(s.substr(0, slash));
    std::optional<std::int64_t> mask = 0xffffffffLL;
    if (slash != std::string_view::npos) mask = parse_count(s.substr(slash + 1));
    if (!value || !mask || *value > 0xffffffffLL || *mask > 0xffffffffLL) {
      set_error(v.pos, "'" + v.text + "' is not a mark (VALUE or VALUE/MASK)");
      return std::nullopt;
    }
    m.mark = static_cast<std::uint32_t>(*value);
    m.mask = static_cast<std::uint32_t>(*mask);
    return m;
  }

  std::optional<QueryPredicate> field(const FieldInfo& f, CmpOp op, const QueryToken& op_tok, const QueryToken& v) {
    FieldPred p;
    p.field = f.id;
    p.op = op;
    const bool regex = op == CmpOp::Match || op == CmpOp::NoMatch;
    const bool ordered = op != CmpOp::Eq && op != CmpOp::Ne && !regex;
    if (regex && f.kind != FieldKind::Text) {
      set_error(op_tok.pos, "'" + op_tok.text + "' needs a text field; '" + std::string(f.name) + "' is a number");
      return std::nullopt;
    }
    if (f.kind == FieldKind::Address && ordered) {
      set_error(op_tok.pos, "'" + op_tok.text + "' does not apply to addresses; use = or !=");
      return std::nullopt;
    }
    std::optional<std::int64_t> n;
    switch (f.kind) {
      case FieldKind::Text:
        if (regex) {
          try {
            p.regex = std::make_shared<const std::regex>(v.text, std::regex::ECMAScript);
          } catch (const std::regex_error& e) {
            set_error(v.pos, "bad regular expression '" + v.text + "': " + e.what());
            return std::nullopt;
          }
          p.text = v.text;
          return p;
        }
        p.text = v.text;
        return normalize_enum_text(f, p, v);
      case FieldKind::Address: {
        std::string_view s = v.text;
        if (s.starts_with('[') && s.ends_with(']')) s = s.substr(1, s.size() - 2);
        auto pre = parse_prefix(s);
        if (!pre) {
          set_error(v.pos, "'" + v.text + "' is not an address or prefix");
          return std::nullopt;
        }
        p.prefix = *pre;
        return p;
      }
      case FieldKind::Integer: n = parse_count(v.text); break;
      case FieldKind::Bytes: n = parse_size(v.text); break;
      case FieldKind::Duration: n = parse_duration(v.text, f.bare_unit); break;
      case FieldKind::Rate: n = parse_rate(v.text); break;
    }
    if (!n) {
      static constexpr std::array<std::string_view, 6> want{
          "a number", "a size (e.g. 10M, 4KiB)", "a duration (e.g. 100ms, 10m)", "a rate (e.g. 1MB/s)", "", ""};
      set_error(v.pos, "'" + v.text + "' is not " + std::string(want[static_cast<std::size_t>(f.kind)]) + " for '" +
                           std::string(f.name) + "'");
      return std::nullopt;
    }
    p.number = *n;
    return p;
  }

  // proto, family and unix_type take known words only, so a typo is an error and not an empty list.
  std::optional<QueryPredicate> normalize_enum_text(const FieldInfo& f, FieldPred& p, const QueryToken& v) {
    std::vector<std::string_view> allowed;
    std::string w = lower(v.text);
    if (f.id == FieldId::Proto) {
      allowed = {"tcp", "udp", "raw", "unix"};
    } else if (f.id == FieldId::Family) {
      allowed = {"inet", "inet6", "unix"};
      if (w == "ipv4" || w == "4" || w == "inet4") w = "inet";
      if (w == "ipv6" || w == "6") w = "inet6";
    } else if (f.id == FieldId::UnixType) {
      allowed = {"stream", "dgram", "seqpacket"};
    } else {
      return p;
    }
    if (p.op != CmpOp::Eq && p.op != CmpOp::Ne) {
      set_error(v.pos, "'" + std::string(f.name) + "' takes = or != only");
      return std::nullopt;
    }
    if (std::find(allowed.begin(), allowed.end(), w) == allowed.end()) {
      set_error(v.pos, "unknown " + std::string(f.name) + " '" + v.text + "'", suggest(w, allowed));
      return std::nullopt;
    }
    p.text = w;
    return p;
  }

  std::vector<QueryToken> t_;
  std::size_t i_ = 0;
  std::optional<Family> family_scope_;
  const QueryLookups& lk_;
  QueryError err_;
};

}  // namespace

std::string QueryError::format() const {
  std::string out = "filter: " + message + " at " + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  if (!hint.empty()) out += "; " + hint;
  return out;
}

std::optional<std::uint32_t> query_state_mask(std::string_view name) {
  std::string w = lower(name);
  std::replace(w.begin(), w.end(), '_', '-');
  for (const auto& s : kStates)
    if (s.name == w) return s.mask;
  return std::nullopt;
}

std::expected<Query, QueryError> parse_query(std::string_view text, const QueryLookups& lookups) {
  auto lexed = lex_query(text);
  if (lexed.error) return std::unexpected(QueryError{lexed.error->message, lexed.error->pos, {}});
  return Parser(std::move(lexed.tokens), lookups).run();
}

std::string_view query_op_text(CmpOp op) { return op_text(op); }

}  // namespace sockscope
