// What every command decides the same way about the terminal it writes to: colour and UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sockscope::cli {

// --color WHEN, for list and watch alike.
enum class ColorMode { Auto, Always, Never };
// "auto", "always" or "never"; nullopt for anything else (the caller words the usage error).
std::optional<ColorMode> parse_color_mode(std::string_view text);

// The environment variables the decisions read, captured once so the rules are pure and testable.
struct TerminalEnv {
  std::string no_color, term, lc_all, lc_ctype, lang;
  static TerminalEnv current();
};

// Colour: never with Never; with Always whenever the output can show it; with Auto only on a
// terminal that can, unless NO_COLOR is set (non-empty) or TERM is "dumb" (no-color.org).
// `can_color`: a stream takes ANSI colour; a curses screen says whether it has colours.
bool use_color(ColorMode mode, bool is_terminal, bool can_color, const TerminalEnv& env);

// UTF-8 on screen: the locale the environment names for characters (the first set of LC_ALL,
// LC_CTYPE, LANG, as setlocale picks it) has a UTF-8 codeset. Otherwise "…", box drawing and
// arrows are replaced by ASCII.
bool locale_is_utf8(const TerminalEnv& env);

}  // namespace sockscope::cli
