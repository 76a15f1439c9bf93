// The colour and UTF-8 rules shared by list and watch.
#include "cli/terminal_policy.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace sockscope::cli {

namespace {

std::string env_text(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

}  // namespace

std::optional<ColorMode> parse_color_mode(std::string_view text) {
  if (text == "auto") return ColorMode::Auto;
  if (text == "always") return ColorMode::Always;
  if (text == "never") return ColorMode::Never;
  return std::nullopt;
}

TerminalEnv TerminalEnv::current() {
  return {env_text("NO_COLOR"), env_text("TERM"), env_text("LC_ALL"), env_text("LC_CTYPE"), env_text("LANG")};
}

bool use_color(ColorMode mode, bool is_terminal, bool can_color, const TerminalEnv& env) {
  switch (mode) {
    case ColorMode::Never: return false;
    case ColorMode::Always: return can_color;
    case ColorMode::Auto: return is_terminal && can_color && env.no_color.empty() && env.term != "dumb";
  }
  return false;
}

bool locale_is_utf8(const TerminalEnv& env) {
  for (const std::string* v : {&env.lc_all, &env.lc_ctype, &env.lang}) {
    if (v->empty()) continue;
    std::string s = *v;
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    // The codeset sits between '.' and '@' ("de_DE.UTF-8@euro"); "C.utf8" is as good as "UTF-8".
    const auto dot = s.find('.');
    if (dot == std::string::npos) return false;
    const std::string codeset = s.substr(dot + 1, s.find('@', dot) - dot - 1);
    return codeset == "utf-8" || codeset == "utf8";
  }
  return false;
}

}  // namespace sockscope::cli
