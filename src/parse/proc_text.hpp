// Scanning helpers shared by the /proc text parsers: line splitting, tokens, strict number parsing.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace sockscope::proc_text {

// Splits off the next line (without '\n'); `rest` advances past it.
inline std::string_view next_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Cursor over whitespace-separated tokens that remembers where the last token ended,
// for formats whose final field is free text (the unix path).
class Tokens {
 public:
  explicit Tokens(std::string_view line) : line_(line) {}
  std::optional<std::string_view> next() {
    while (pos_ < line_.size() && is_blank(line_[pos_])) ++pos_;
    if (pos_ >= line_.size()) return std::nullopt;
    const std::size_t start = pos_;
    while (pos_ < line_.size() && !is_blank(line_[pos_])) ++pos_;
    return line_.substr(start, pos_ - start);
  }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view line_;
  std::size_t pos_ = 0;
};

// Whole-string unsigned number in `base`; no sign, no prefix, no trailing bytes.
template <class T>
std::optional<T> to_unsigned(std::string_view s, int base = 10) {
  if (s.empty()) return std::nullopt;
  T v{};
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Whole-string signed decimal.
template <class T>
std::optional<T> to_signed(std::string_view s) {
  if (s.empty()) return std::nullopt;
  T v{};
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace sockscope::proc_text
