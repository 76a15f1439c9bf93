// Dialogs: their content (wrapped text, chooser items, the save prompt), box geometry and drawing.
#include <algorithm>

#include "present/sanitize.hpp"
#include "tui/choosers.hpp"
#include "tui/dialog_layout.hpp"
#include "tui/live_view.hpp"
#include "view/process_properties.hpp"

namespace sockscope::tui {

namespace {

constexpr Attr kBox{Role::Dialog, false, false};
constexpr Attr kTitle{Role::Dialog, true, false};

int width_of(std::string_view s) { return static_cast<int>(display_width(s)); }

// Hard-wraps a line at `width` columns; continuation lines start with `indent` spaces.
void wrap_into(std::vector<std::string>& out, std::string_view line, int width, int indent) {
  if (width < 8 || width_of(line) <= width) {
    out.emplace_back(line);
    return;
  }
  indent = std::min(indent, width / 2);
  std::string current;
  int col = 0;
  std::size_t pos = 0;
  while (pos < line.size()) {
    Utf8Step step = decode_utf8(line, pos);
    const std::size_t len = step.length ? step.length : 1;
    const int w = step.length ? code_point_width(step.code_point) : 1;
    if (col + w > width) {
      out.push_back(std::move(current));
      current.assign(static_cast<std::size_t>(indent), ' ');
      col = indent;
    }
    current.append(line.substr(pos, len));
    col += w;
    pos += len;
  }
  if (!current.empty()) out.push_back(std::move(current));
}

bool is_chooser(DialogKind k) {
  return k == DialogKind::Columns || k == DialogKind::Protocols || k == DialogKind::States ||
         k == DialogKind::SortColumn;
}

}  // namespace

std::vector<std::string> dialog_content(const ViewState& s, const ModelState& m) {
  const Dialog& d = s.dialog;
  std::vector<std::string> out;
  if (is_chooser(d.kind)) {
    for (const ChooserItem& item : chooser_items(s, m)) {
      const bool radio = d.kind == DialogKind::SortColumn;
      std::string mark = radio ? (item.checked ? "(*) " : "( ) ") : (item.checked ? "[x] " : "[ ] ");
      out.push_back(mark + item.label);
    }
    return out;
  }
  if (d.kind == DialogKind::SavePrompt) {
    out.push_back("Save the rows shown to a file; the name picks the format:");
    out.push_back(".csv CSV, .json JSON, anything else a text table.");
    out.emplace_back();
    out.push_back("> " + terminal_safe(d.input));
    return out;
  }
  const int width = std::max(s.width - 6, 8);
  const int indent = d.kind == DialogKind::Properties ? view::kPropertyLabelWidth : 2;
  for (const std::string& line : d.lines) wrap_into(out, line, width, indent);
  return out;
}

std::string dialog_footer(const ViewState& s, const ModelState& m) {
  const bool utf8 = m.settings.utf8;
  switch (s.dialog.kind) {
    case DialogKind::ConfirmClose:
    case DialogKind::ConfirmTerminate:
    case DialogKind::ConfirmKill: return "y/Enter yes   n/Esc no";
    case DialogKind::SavePrompt: return "Enter save   Esc cancel";
    case DialogKind::Columns:
    case DialogKind::Protocols:
    case DialogKind::States:
    case DialogKind::SortColumn: return std::string(chooser_footer(s.dialog.kind));
    default: return utf8 ? "\u2191\u2193 scroll   Esc close" : "Up/Down scroll   Esc close";
  }
}

DialogBox dialog_box(const ViewState& s, const ModelState& m) {
  const std::vector<std::string> content = dialog_content(s, m);
  int inner = width_of(dialog_footer(s, m));
  inner = std::max(inner, width_of(s.dialog.title) + 4);
  for (const auto& line : content) inner = std::max(inner, width_of(line));
  if (s.dialog.kind == DialogKind::SavePrompt) inner = std::max(inner, 60);
  DialogBox b;
  b.width = std::min(inner + 4, std::max(s.width - 2, 4));
  b.height = std::min(static_cast<int>(content.size()) + 3, std::max(s.height - 2, 3));
  b.x = std::max((s.width - b.width) / 2, 0);
  b.y = std::max((s.height - b.height) / 2, 0);
  return b;
}

int dialog_max_scroll(const ViewState& s, const ModelState& m) {
  const int lines = static_cast<int>(dialog_content(s, m).size());
  return std::max(lines - dialog_box(s, m).text_rows(), 0);
}

void LiveView::render_dialog(Grid& g) const {
  const Dialog& d = state_.dialog;
  const bool utf8 = model_.state().settings.utf8;
  const DialogBox b = dialog_box(state_, model_.state());
  const std::vector<std::string> content = dialog_content(state_, model_.state());
  const std::string_view h = utf8 ? "\u2500" : "-", v = utf8 ? "\u2502" : "|";
  const std::string_view tl = utf8 ? "\u250c" : "+", tr = utf8 ? "\u2510" : "+";
  const std::string_view bl = utf8 ? "\u2514" : "+", br = utf8 ? "\u2518" : "+";

  for (int y = b.y; y < b.y + b.height; ++y) g.fill(y, b.x, b.x + b.width, kBox);
  for (int x = b.x + 1; x < b.x + b.width - 1; ++x) {
    g.put(x, b.y, h, kBox);
    g.put(x, b.y + b.height - 1, h, kBox);
  }
  for (int y = b.y + 1; y < b.y + b.height - 1; ++y) {
    g.put(b.x, y, v, kBox);
    g.put(b.x + b.width - 1, y, v, kBox);
  }
  g.put(b.x, b.y, tl, kBox);
  g.put(b.x + b.width - 1, b.y, tr, kBox);
  g.put(b.x, b.y + b.height - 1, bl, kBox);
  g.put(b.x + b.width - 1, b.y + b.height - 1, br, kBox);
  const std::string title = " " + d.title + " ";
  g.put(b.x + 2, b.y, title, kTitle, b.width - 4);

  // Choosers scroll to keep the cursor in view; text dialogs by their scroll offset.
  const int rows = b.text_rows();
  const bool chooser = is_chooser(d.kind);
  int first = chooser ? std::max(d.cursor - rows + 1, 0) : std::min(d.scroll, std::max(static_cast<int>(content.size()) - rows, 0));
  for (int i = 0; i < rows && first + i < static_cast<int>(content.size()); ++i) {
    const int line = first + i;
    const bool selected = chooser && line == d.cursor;
    Attr a{Role::Dialog, false, selected};
    if (d.kind == DialogKind::SavePrompt && line == 3) a = Attr{Role::Input, false, false};
    if (selected || a.role == Role::Input) g.fill(b.y + 1 + i, b.x + 2, b.x + b.width - 2, a);
    const std::string shown = elide_to_width(content[static_cast<std::size_t>(line)], static_cast<std::size_t>(b.text_width()),
                                             Elide::End, utf8 ? "\u2026" : "~");
    const int w = g.put(b.x + 2, b.y + 1 + i, shown, a, b.text_width());
    if (d.kind == DialogKind::SavePrompt && line == 3) g.put(b.x + 2 + w, b.y + 1 + i, " ", Attr{Role::Input, false, true});
  }
  // Footer, with a hint of more text below or above.
  std::string footer = dialog_footer(state_, model_.state());
  if (!chooser && static_cast<int>(content.size()) > rows) {
    footer += "   " + std::to_string(first + 1) + "-" + std::to_string(std::min(first + rows, static_cast<int>(content.size()))) +
              "/" + std::to_string(content.size());
  }
  g.put(b.x + 2, b.y + b.height - 2, footer, kTitle, b.text_width());
}

}  // namespace sockscope::tui
