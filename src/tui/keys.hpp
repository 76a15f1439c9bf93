// Keys and mouse events as the live view understands them, independent of ncurses, so tests can script them.
#pragma once

#include <cstdint>

namespace sockscope::tui {

enum class KeyKind : std::uint8_t {
  Char,  // a character; Ctrl+A..Ctrl+Z arrive as code points 1..26
  Up, Down, Left, Right, PageUp, PageDown, Home, End,
  Enter, Escape, Backspace, Delete, Tab,
  Function,  // F1..F12 in `number`
  Resize,    // the terminal is now x columns by y rows
  Click,     // left button at cell (x, y)
  WheelUp, WheelDown,
};

struct Key {
  KeyKind kind = KeyKind::Char;
  char32_t ch = 0;
  int number = 0;
  int x = 0;
  int y = 0;

  static constexpr Key chr(char32_t c) { return Key{KeyKind::Char, c, 0, 0, 0}; }
  static constexpr Key ctrl(char letter) {
    return Key{KeyKind::Char, static_cast<char32_t>(letter >= 'a' ? letter - 'a' + 1 : letter - 'A' + 1), 0, 0, 0};
  }
  static constexpr Key fn(int n) { return Key{KeyKind::Function, 0, n, 0, 0}; }
  static constexpr Key special(KeyKind k) { return Key{k, 0, 0, 0, 0}; }
  static constexpr Key resize(int width, int height) { return Key{KeyKind::Resize, 0, 0, width, height}; }
  static constexpr Key click(int x, int y) { return Key{KeyKind::Click, 0, 0, x, y}; }

  bool is_char(char32_t c) const { return kind == KeyKind::Char && ch == c; }
  bool is_ctrl(char letter) const { return is_char(ctrl(letter).ch); }
  bool is_fn(int n) const { return kind == KeyKind::Function && number == n; }
};

}  // namespace sockscope::tui
