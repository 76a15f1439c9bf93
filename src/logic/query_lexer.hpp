// Splits a query expression into words and parentheses, each with its line:column.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "logic/query_ast.hpp"

namespace sockscope {

struct QueryToken {
  enum class Kind : std::uint8_t { Word, LParen, RParen, End };
  Kind kind = Kind::End;
  std::string text;     // unquoted, escapes removed
  bool quoted = false;  // came in quotes: never a keyword or operator
  QueryPos pos;
};

struct QueryLexError {
  std::string message;
  QueryPos pos;
};

// Words are split at blanks and newlines as ss splits its arguments, and also at parentheses and
// after a leading name when an operator follows it ("bytes>10M", "(dport"), which ss would refuse.
// '...' and "..." quote a word; inside them a backslash escapes only the quote and a backslash,
// outside them any next character.
// The last token is always End, at the position after the text.
struct QueryLexResult {
  std::vector<QueryToken> tokens;
  std::optional<QueryLexError> error;
};
QueryLexResult lex_query(std::string_view text);

// Whether a word must be quoted to come back as the same single word.
bool query_word_needs_quotes(std::string_view word);
// The word quoted when needed, so lex_query reads it back unchanged.
std::string quote_query_word(std::string_view word);

}  // namespace sockscope
