// Query expressions typed at the command line: words joined as ss joins them, parsed once with the
// system's lookups (/etc/services, interface names). Shared by every command taking a filter.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/query.hpp"
#include "logic/query_ast.hpp"
#include "present/query_lookups.hpp"  // system_query_lookups()

namespace sockscope::cli {

// The expression's words joined with single spaces, as ss reads its FILTER arguments.
std::string join_query_words(const std::vector<std::string>& words);

// Parses a command-line filter. The error is one line for stderr without the program name:
// "filter: unknown field 'prot' at 1:1; did you mean 'proto'?".
std::expected<Query, std::string> parse_cli_query(std::string_view text);

// The positional words of `list` (and `close`): an expression, or one process selector (a PID or a
// name). A single word that does not parse, is not one of the language's own words and holds no
// blank or operator character is a process; anything else must parse.
struct ExpressionOrProcess {
  std::optional<Query> query;
  std::optional<std::string> process;
};
std::expected<ExpressionOrProcess, std::string> read_expression_words(const std::vector<std::string>& words);

// CLI11 reads a word in brackets ("[::1]", an IPv6 host of an expression) as a list and drops the
// brackets: guard_brackets hides such words from it before parsing, unguarded gives them back.
void guard_brackets(std::vector<std::string>& args);
std::vector<std::string> unguarded(std::vector<std::string> words);

// Whether positional words are an expression: one holds a blank (a quoted expression), or their
// first word (after any '(' or '!') is one of the language's own. `close` tells its CurrPorts pattern (addresses, ports, '*') apart by it.
bool starts_expression(const std::vector<std::string>& words);

// Narrows a socket dump to what the expression can keep: protocols and TCP states from its
// top-level `and`s, sock_diag bytecode for the TCP/UDP dumps (logic/query_bytecode.hpp). Never drops
// a socket the expression keeps; callers still evaluate it on every row (UNIX and raw rows, UDP
// states and the fields the kernel cannot test are only decided there). Nothing is pushed when
// SOCKSCOPE_NO_PUSHDOWN is set (tests compare both ways).
void push_query_down(SocketQuery& dump, const Query& q);

}  // namespace sockscope::cli
