// Line and field splitting shared by the /etc/services and /etc/hosts parsers.
#pragma once

#include <string_view>

namespace sockscope::conf {

// Both files separate fields by blanks; a stray '\r' (file edited on Windows) counts as one.
inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

template <class F>
void for_each_line(std::string_view text, F&& on_line) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    on_line(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

inline std::string_view strip_comment(std::string_view line) {
  const auto hash = line.find('#');
  return hash == std::string_view::npos ? line : line.substr(0, hash);
}

// Yields the blank-separated fields of one line; empty when there are no more.
class FieldCursor {
 public:
  explicit FieldCursor(std::string_view line) : rest_(line) {}
  std::string_view next() {
    std::size_t i = 0;
    while (i < rest_.size() && is_blank(rest_[i])) ++i;
    std::size_t j = i;
    while (j < rest_.size() && !is_blank(rest_[j])) ++j;
    const auto field = rest_.substr(i, j - i);
    rest_.remove_prefix(j);
    return field;
  }

 private:
  std::string_view rest_;
};

}  // namespace sockscope::conf
