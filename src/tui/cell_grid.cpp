// The cell grid: writing UTF-8 text by display column, and dumping text and attribute maps for tests.
#include "tui/cell_grid.hpp"

#include <algorithm>
#include <cctype>

#include "present/sanitize.hpp"

namespace sockscope::tui {

Grid::Grid(int width, int height)
    : width_(std::max(width, 1)), height_(std::max(height, 1)),
      cells_(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_)) {}

void Grid::fill(int y, int x0, int x1, Attr a) {
  if (y < 0 || y >= height_) return;
  for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x) {
    Cell& c = cells_[static_cast<std::size_t>(y * width_ + x)];
    c.text = " ";
    c.attr = a;
  }
}

void Grid::paint(int y, int x0, int x1, Attr a) {
  if (y < 0 || y >= height_) return;
  for (int x = std::max(x0, 0); x < std::min(x1, width_); ++x) cells_[static_cast<std::size_t>(y * width_ + x)].attr = a;
}

int Grid::put(int x, int y, std::string_view text, Attr a, int max_cols) {
  if (y < 0 || y >= height_ || x < 0 || x >= width_) return 0;
  const int limit = std::min(width_, max_cols > width_ ? width_ : x + std::max(max_cols, 0));
  int col = x;
  std::size_t pos = 0;
  while (pos < text.size() && col <= limit) {
    Utf8Step step = decode_utf8(text, pos);
    std::string_view bytes = text.substr(pos, step.length ? step.length : 1);
    const int w = step.length ? code_point_width(step.code_point) : 1;
    pos += bytes.size();
    if (w == 0) {  // a combining mark rides on the character before it
      if (col > x) cells_[static_cast<std::size_t>(y * width_ + col - 1)].text.append(bytes);
      continue;
    }
    if (col + w > limit) break;
    Cell& c = cells_[static_cast<std::size_t>(y * width_ + col)];
    if (step.length) c.text.assign(bytes.data(), bytes.size());
    else c.text.assign(1, '?');
    c.attr = a;
    if (w == 2) {
      Cell& tail = cells_[static_cast<std::size_t>(y * width_ + col + 1)];
      tail.text.clear();
      tail.attr = a;
    }
    col += w;
  }
  return col - x;
}

std::string Grid::text() const {
  std::string out;
  for (int y = 0; y < height_; ++y) {
    std::string row;
    for (int x = 0; x < width_; ++x) row += at(x, y).text;
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row;
    if (y + 1 < height_) out += '\n';
  }
  return out;
}

char role_char(Role r) {
  switch (r) {
    case Role::Normal: return '.';
    case Role::Header: return 'h';
    case Role::New: return 'g';
    case Role::Closed: return 'r';
    case Role::Changed: return 'y';
    case Role::Status: return 's';
    case Role::Hint: return 'k';
    case Role::Dialog: return 'd';
    case Role::Input: return 'i';
  }
  return '?';
}

std::string Grid::attr_map() const {
  std::string out;
  for (int y = 0; y < height_; ++y) {
    std::string row;
    for (int x = 0; x < width_; ++x) {
      const Attr& a = at(x, y).attr;
      char c = role_char(a.role);
      if (a.reverse) c = c == '.' ? '#' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      row += c;
    }
    while (!row.empty() && row.back() == '.') row.pop_back();
    out += row;
    if (y + 1 < height_) out += '\n';
  }
  return out;
}

}  // namespace sockscope::tui
