// The screen as an in-memory grid of cells (text and attributes): the view draws here, a painter copies it out.
#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::tui {

// What a cell is, not how it looks: the painter maps roles to colour pairs (or to plain text on a
// monochrome terminal).
enum class Role : std::uint8_t {
  Normal, Header, New, Closed, Changed, Status, Hint, Dialog, Input,
};

struct Attr {
  Role role = Role::Normal;
  bool bold = false;
  bool reverse = false;
  friend bool operator==(const Attr&, const Attr&) = default;
};

// One column of the terminal: the UTF-8 of one character (with any combining marks after it),
// or "" for the right half of a double-width character.
struct Cell {
  std::string text = " ";
  Attr attr;
};

class Grid {
 public:
  Grid(int width, int height);
  int width() const { return width_; }
  int height() const { return height_; }
  const Cell& at(int x, int y) const { return cells_[static_cast<std::size_t>(y * width_ + x)]; }

  // Blanks cells [x0, x1) of row y with attribute `a`.
  void fill(int y, int x0, int x1, Attr a);
  // Changes the attribute of cells [x0, x1) of row y, keeping their text.
  void paint(int y, int x0, int x1, Attr a);
  // Writes text (already terminal-safe: no control characters) from (x, y), at most `max_cols`
  // columns and never past the right edge; a double-width character that does not fit is left
  // out. Returns the columns written.
  int put(int x, int y, std::string_view text, Attr a, int max_cols = INT_MAX);

  // The text, rows joined by '\n', trailing blanks of each row dropped.
  std::string text() const;
  // The attributes as text of the same shape: one character per cell (see role_char), upper case
  // (or '#' for Normal) where reversed; trailing Normal cells dropped.
  std::string attr_map() const;

 private:
  int width_;
  int height_;
  std::vector<Cell> cells_;
};

// '.' Normal, 'h' Header, 'g' New (green), 'r' Closed (red), 'y' Changed (yellow), 's' Status,
// 'k' Hint, 'd' Dialog, 'i' Input.
char role_char(Role r);

}  // namespace sockscope::tui
