// Parsing query expressions (ss's FILTER language and sockscope's fields) and printing them back.
//
// Grammar (ss's precedence: `and` and `or` bind equally and group from the left, so
// `a or b and c` is `(a or b) and c`; `not` binds to the next term only; two terms side by side
// are joined by `and`):
//   query    := { ("state" | "exclude" | "excl") STATE }  [ exprlist ]
//   exprlist := term { [ "and" | "&&" | "&" | "or" | "||" | "|" ] term }
//   term     := ("not" | "!") term | "(" exprlist ")" | predicate
//   predicate:= ("src" | "dst") [eq | ne] HOST          HOST: ADDR[/LEN][:PORT], [V6][:PORT], *[:PORT],
//             | ("sport" | "dport") [op] PORT                 inet:HOST, inet6:HOST, unix:PATTERN
//             | ("dev" | "interface") [eq | ne] NAME-OR-INDEX
//             | ("fwmark" | "mark") [eq | ne] VALUE[/MASK]
//             | "cgroup" [eq | ne] PATH  |  "autobound"
//             | ("state" | "exclude") [eq | ne] STATE
//             | FIELD op VALUE                         see query_fields.hpp
//   eq := "=" | "==" | "eq"   ne := "!=" | "ne" | "neq"   op := eq | ne | "<" "lt" | "<=" "le" "leq" |
//         ">" "gt" | ">=" "ge" "geq" | "~" (regular expression) | "!~"
// A leading state run works as ss's options before the filter: `state` names are ORed, `exclude`
// removes from all (or from the states named so far). Later in the expression `state X` is a
// predicate. States: established syn-sent syn-recv fin-wait-1 fin-wait-2 time-wait closed
// close-wait last-ack listening closing bound-inactive unconnected, groups all connected
// synchronized bucket big.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "logic/query_ast.hpp"

namespace sockscope {

struct QueryError {
  std::string message;  // "unknown field 'prot'"
  QueryPos pos;
  std::string hint;     // "did you mean 'proto'?" or ""
  // One line: "filter: unknown field 'prot' at 1:1; did you mean 'proto'?". It quotes the query's
  // text as typed (any bytes): the caller puts it through terminal_safe before it reaches a terminal.
  std::string format() const;
};

std::expected<Query, QueryError> parse_query(std::string_view text, const QueryLookups& lookups = {});

// The canonical text of a query: every binary node in parentheses, values in base units, so that
// parsing it gives the same tree (and printing that gives the same text).
std::string print_query(const Query& q);
std::string print_query(const QueryNode& n);

// "=", "!=", "<", ... "~", "!~".
std::string_view query_op_text(CmpOp op);

// Whether a word is one of the language's own: a predicate keyword (src, state...), a field name
// or alias, or and/or/not. Commands use it to tell a lone process name from an expression.
bool is_query_word(std::string_view word);

// A state name or group ("established", "connected", ...) as a state_bit() mask; nullopt if unknown.
std::optional<std::uint32_t> query_state_mask(std::string_view name);

}  // namespace sockscope
