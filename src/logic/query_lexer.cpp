// Query tokenizer: blanks separate words, parentheses stand alone, quotes and backslashes protect.
#include "logic/query_lexer.hpp"

namespace sockscope {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}
bool is_op_char(char c) { return c == '=' || c == '!' || c == '<' || c == '>' || c == '~'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  QueryLexResult run() {
    QueryLexResult r;
    while (true) {
      skip_blanks();
      if (i_ >= text_.size()) break;
      const char c = text_[i_];
      if (c == '(' || c == ')') {
        r.tokens.push_back({c == '(' ? QueryToken::Kind::LParen : QueryToken::Kind::RParen, std::string(1, c), false, pos()});
        advance();
        continue;
      }
      if (!word(r)) return r;
    }
    r.tokens.push_back({QueryToken::Kind::End, "", false, pos()});
    return r;
  }

 private:
  QueryPos pos() const { return {line_, col_}; }
  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++i_;
  }
  void skip_blanks() {
    while (i_ < text_.size() && is_blank(text_[i_])) advance();
  }

  // One word; a name directly followed by an operator ("rtt>100ms") ends before the operator, and
  // an operator run directly followed by a value ("=10M") ends after it.
  bool word(QueryLexResult& r) {
    QueryToken t{QueryToken::Kind::Word, "", false, pos()};
    const bool starts_name = is_name_char(text_[i_]) && !(text_[i_] >= '0' && text_[i_] <= '9');
    const bool starts_op = is_op_char(text_[i_]);
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (is_blank(c) || c == '(' || c == ')') break;
      if (starts_name && !t.quoted && is_op_char(c) && is_plain_name(t.text)) break;
      if (starts_op && !is_op_char(c)) break;
      if (c == '\\') {
        advance();
        if (i_ >= text_.size()) break;
        t.text += text_[i_];
        advance();
        continue;
      }
      if (c == '\'' || c == '"') {
        const QueryPos open = pos();
        advance();
        t.quoted = true;
        while (i_ < text_.size() && text_[i_] != c) {
          // Inside quotes a backslash escapes only the quote and itself, so regular expressions
          // keep theirs: '\d+ \[x\]' reaches std::regex as written.
          if (text_[i_] == '\\' && i_ + 1 < text_.size() && (text_[i_ + 1] == c || text_[i_ + 1] == '\\')) advance();
          t.text += text_[i_];
          advance();
        }
        if (i_ >= text_.size()) {
          r.error = QueryLexError{"unterminated quote", open};
          return false;
        }
        advance();
        continue;
      }
      t.text += c;
      advance();
    }
    r.tokens.push_back(std::move(t));
    return true;
  }

  static bool is_plain_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (!is_name_char(c)) return false;
    return true;
  }

  std::string_view text_;
  std::size_t i_ = 0;
  int line_ = 1;
  int col_ = 1;
};

}  // namespace

QueryLexResult lex_query(std::string_view text) { return Lexer(text).run(); }

bool query_word_needs_quotes(std::string_view word) {
  if (word.empty()) return true;
  const auto r = lex_query(word);
  return r.error || r.tokens.size() != 2 || r.tokens[0].kind != QueryToken::Kind::Word || r.tokens[0].text != word;
}

std::string quote_query_word(std::string_view word) {
  if (!query_word_needs_quotes(word)) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

}  // namespace sockscope
