// Command-line query expressions: system lookups, word joining, the process-or-expression rule.
#include "cli/query_option.hpp"

#include <cstdlib>
#include <memory>

#include "logic/query_bytecode.hpp"
#include "logic/query_parser.hpp"

namespace sockscope::cli {

std::string join_query_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::expected<Query, std::string> parse_cli_query(std::string_view text) {
  auto q = parse_query(text, system_query_lookups());
  if (!q) return std::unexpected(q.error().format());
  return std::move(*q);
}

namespace {

// One word naming a process: not the language's own word, no blanks or operator characters
// (a quoted `'dport = :443'` is an expression, even one that does not parse).
bool looks_like_process(std::string_view w) {
  return !w.empty() && !is_query_word(w) && w.find_first_of(" \t()=<>!~&|") == std::string_view::npos;
}

}  // namespace

std::expected<ExpressionOrProcess, std::string> read_expression_words(const std::vector<std::string>& words) {
  ExpressionOrProcess out;
  if (words.empty()) return out;
  const std::string text = join_query_words(words);
  auto q = parse_query(text, system_query_lookups());
  if (q) {
    out.query = std::move(*q);
    return out;
  }
  if (words.size() == 1 && looks_like_process(words[0])) {
    out.process = words[0];
    return out;
  }
  return std::unexpected(q.error().format());
}

namespace {
constexpr char kBracketGuard = '\x1f';  // a unit separator: never typed in an expression
}  // namespace

void guard_brackets(std::vector<std::string>& args) {
  for (auto& w : args)
    if (w.size() >= 2 && w.front() == '[' && w.back() == ']') w += kBracketGuard;
}

std::vector<std::string> unguarded(std::vector<std::string> words) {
  for (auto& w : words)
    if (w.ends_with(kBracketGuard)) w.pop_back();
  return words;
}

bool starts_expression(const std::vector<std::string>& words) {
  for (const auto& w : words)
    if (w.find_first_of(" \t") != std::string::npos) return true;  // a quoted expression
  const std::string text = join_query_words(words);
  const auto begin = text.find_first_not_of(" \t(!");
  if (begin == std::string::npos) return !text.empty();
  const auto end = text.find_first_of(" \t()=<>!~", begin);
  return is_query_word(std::string_view(text).substr(begin, end == std::string::npos ? std::string::npos : end - begin));
}

void push_query_down(SocketQuery& dump, const Query& q) {
  if (const char* off = std::getenv("SOCKSCOPE_NO_PUSHDOWN"); off && *off) return;
  const Pushdown plan = plan_pushdown(q);
  dump.tcp = dump.tcp && plan.wants(Proto::Tcp);
  dump.udp = dump.udp && plan.wants(Proto::Udp);
  dump.raw = dump.raw && plan.wants(Proto::Raw);
  dump.unix_sockets = dump.unix_sockets && plan.wants(Proto::Unix);
  // Request sockets (NEW_SYN_RECV) are listed as SYN_RECV: kept whenever SYN_RECV is.
  std::uint32_t states = plan.states;
  if (states & state_bit(TcpState::SynRecv)) states |= state_bit(TcpState::NewSynRecv);
  dump.tcp_states &= states;
  if (plan.bytecode.size() <= kMaxRequestBytecode) dump.bytecode = plan.bytecode;
}

}  // namespace sockscope::cli
