// Making hostile bytes (process names, command lines, paths, DNS names) safe for each output format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sockscope {

// One UTF-8 step at `pos`: the code point and its length in bytes; length 0 = the byte at `pos` does
// not start a valid sequence (stray continuation, overlong form, surrogate, > U+10FFFF, truncated).
struct Utf8Step {
  char32_t code_point = 0;
  std::size_t length = 0;
};
Utf8Step decode_utf8(std::string_view s, std::size_t pos);

// Terminals and text tables. Kept: printable ASCII and valid printable UTF-8. Escaped:
//   '\' -> "\\", LF -> "\n", CR -> "\r", TAB -> "\t",
//   other C0 bytes, DEL and invalid UTF-8 bytes -> "\xNN" (one per byte, lower-case hex),
//   C1 controls (U+0080-U+009F), zero-width and bidi formatting characters, U+2028/U+2029 and
//   U+FEFF -> "\uNNNN".
// So "\xNN" always names a raw byte and "\uNNNN" a code point; the text is unambiguous.
// Returns the display width of what was appended.
std::size_t append_terminal_safe(std::string& out, std::string_view raw);
std::string terminal_safe(std::string_view raw);

// A JSON string literal, quotes included; always valid UTF-8 and plain ASCII apart from kept text.
// Invalid UTF-8 bytes become U+FFFD (written "\ufffd"), one per byte. Controls (C0, DEL, C1) and
// U+2028/U+2029 are written as \n, \t, ... or \u00XX escapes, so valid text round-trips exactly.
void append_json_string(std::string& out, std::string_view raw);
// The same into raw memory with room for json_string_bound(raw.size()) bytes; returns the end.
constexpr std::size_t json_string_bound(std::size_t n) { return 6 * n + 2; }
char* write_json_string(char* p, std::string_view raw);

// One CSV field (RFC 4180). Text fields: invalid UTF-8 bytes, C0 controls other than TAB/LF/CR,
// DEL and C1 controls become U+FFFD (CSV has no escapes; no raw ESC must reach a terminal via
// `cat`); a field starting with '=', '+', '-', '@', TAB or CR gets a leading "'" (OWASP CSV
// injection); fields holding ',', '"', CR or LF are quoted with '"' doubled. Non-text fields
// (numbers) are written as they are: a negative number stays a number.
void append_csv_field(std::string& out, std::string_view raw, bool is_text);
// The same into raw memory with room for csv_field_bound(raw.size()) bytes; returns the end.
constexpr std::size_t csv_field_bound(std::size_t n) { return 3 * n + 3; }
char* write_csv_field(char* p, std::string_view raw, bool is_text);

// Columns a code point occupies on a terminal: 0 (combining, zero-width), 1, or 2 (East Asian
// wide and fullwidth, most emoji). From libutf8proc, so widths do not depend on the locale.
int code_point_width(char32_t cp);
// Display width of UTF-8 text; an invalid byte counts as 1.
std::size_t display_width(std::string_view utf8);

// Where a too-long cell is cut: None = never shortened, End keeps the start, Start keeps the end,
// Middle keeps both ends.
enum class Elide : std::uint8_t { None, End, Middle, Start };
// Shortens `text` (already terminal-safe) to at most `width` columns, marking the cut with
// `ellipsis` (assumed one column wide); never splits a UTF-8 sequence. Text that fits is returned
// as is, and so is any text with Elide::None. The result may be narrower than `width` when a wide
// character does not fit.
std::string elide_to_width(std::string_view text, std::size_t width, Elide where,
                           std::string_view ellipsis);

}  // namespace sockscope
