// LiveView key handling: the table, the quick filter, dialogs and choosers, mouse clicks.
#include <algorithm>
#include <csignal>

#include "tui/choosers.hpp"
#include "tui/dialog_layout.hpp"
#include "tui/key_help.hpp"
#include "tui/live_view.hpp"

namespace sockscope::tui {

namespace {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void pop_utf8(std::string& s) {
  while (!s.empty()) {
    const auto b = static_cast<unsigned char>(s.back());
    s.pop_back();
    if ((b & 0xC0) != 0x80) break;
  }
}

bool printable(const Key& k) { return k.kind == KeyKind::Char && k.ch >= 0x20 && k.ch != 0x7F; }

// Text editing shared by the filter and the save prompt; true if the text changed.
bool edit_text(std::string& text, const Key& k) {
  if (printable(k)) {
    if (text.size() < 1024) append_utf8(text, k.ch);
    return true;
  }
  if (k.kind == KeyKind::Backspace) {
    pop_utf8(text);
    return true;
  }
  if (k.is_ctrl('u')) {
    text.clear();
    return true;
  }
  return false;
}

std::vector<std::string> help_lines(const ViewSettings& settings) {
  std::vector<std::string> lines;
  for (const auto& h : kKeyHelp) {
    std::string line(h.keys);
    line.resize(std::max<std::size_t>(line.size() + 2, 20), ' ');
    line += h.action;
    lines.push_back(std::move(line));
  }
  lines.emplace_back();
  const std::string n = std::to_string(settings.highlight_refreshes);
  lines.push_back("Rows: green = new, yellow = state changed, for " + n + " refreshes;");
  lines.push_back("red = closed, kept " + n + " refreshes, then removed.");
  lines.push_back("Without colour (NO_COLOR): + new, * changed, - closed.");
  lines.push_back("First Seen: Linux records no creation time for sockets, so this is");
  lines.push_back(std::string("when sockscope first saw the endpoint; ") + (settings.utf8 ? "\u2264" : "<=") +
                  " marks endpoints that");
  lines.push_back("were already there when sockscope started.");
  return lines;
}

}  // namespace

void LiveView::on_key(const Key& key, Clock::time_point now) {
  if (key.kind == KeyKind::Resize) {
    state_.width = std::max(key.x, 1);
    state_.height = std::max(key.y, 1);
    keep_cursor_visible();
    state_.dialog.scroll = std::min(state_.dialog.scroll, dialog_max_scroll(state_, model_.state()));
    return;
  }
  if (state_.dialog.kind != DialogKind::None) return dialog_key(key, now);
  if (state_.filter_editing) return filter_key(key);
  main_key(key, now);
}

void LiveView::main_key(const Key& k, Clock::time_point now) {
  const ModelState& m = model_.state();
  const long page = state_.body_height();
  switch (k.kind) {
    case KeyKind::Up: return move_cursor(-1);
    case KeyKind::Down: return move_cursor(1);
    case KeyKind::PageUp: return move_cursor(-page);
    case KeyKind::PageDown: return move_cursor(page);
    case KeyKind::Home: return move_cursor(-static_cast<long>(model_.row_count()));
    case KeyKind::End: return move_cursor(static_cast<long>(model_.row_count()));
    case KeyKind::WheelUp: return move_cursor(-3);
    case KeyKind::WheelDown: return move_cursor(3);
    case KeyKind::Left:
      if (state_.first_column > 0) --state_.first_column;
      return;
    case KeyKind::Right:
      if (state_.first_column + 1 < m.visible.size()) ++state_.first_column;
      return;
    case KeyKind::Click: return click(k.x, k.y);
    case KeyKind::Enter: return open_properties();
    case KeyKind::Delete: return ask_close();
    case KeyKind::Escape:
      if (!m.filter.empty()) {
        model_.set_filter({});
        keep_cursor_visible();
      }
      return;
    case KeyKind::Function:
      switch (k.number) {
        case 1: state_.dialog = make_dialog(DialogKind::Help, "Help", help_lines(m.settings)); return;
        case 2: state_.dialog = make_dialog(DialogKind::Columns, "Columns", {}); return;
        case 5: return model_.refresh_now();
        case 6: {
          state_.dialog = make_dialog(DialogKind::SortColumn, "Sort by", {});
          auto it = std::find(m.visible.begin(), m.visible.end(), m.sort_column);
          state_.dialog.cursor = it == m.visible.end() ? 0 : static_cast<int>(it - m.visible.begin());
          return;
        }
        case 9: return ask_terminate();
        case 10: state_.quit = true; return;
        default: return;
      }
    case KeyKind::Char: break;
    default: return;
  }

  const char32_t c = k.ch;
  if (c == 'q') {
    state_.quit = true;
  } else if (c == '?' || c == 'h') {
    state_.dialog = make_dialog(DialogKind::Help, "Help", help_lines(m.settings));
  } else if (c == ' ') {
    if (m.settings.paused) model_.resume();
    else model_.pause();
    set_message(m.settings.paused ? "Paused: Space resumes, F5 refreshes once" : "Resumed", now);
  } else if (c == '1' || c == '2' || c == '5') {
    model_.set_interval(std::chrono::seconds(c - '0'));
    set_message("Updating every " + std::string(1, static_cast<char>(c)) + " s", now);
  } else if (c == 'r' || k.is_ctrl('r')) {
    model_.set_resolve(!m.settings.resolve);
    keep_cursor_visible();
    set_message(m.settings.resolve ? "Resolving names (in the background)" : "Numeric addresses and ports", now);
  } else if (c == '<' || c == '>') {
    if (m.visible.empty()) return;
    auto it = std::find(m.visible.begin(), m.visible.end(), m.sort_column);
    long pos = it == m.visible.end() ? 0 : static_cast<long>(it - m.visible.begin());
    pos = std::clamp(pos + (c == '<' ? -1 : 1), 0L, static_cast<long>(m.visible.size()) - 1);
    model_.sort_by(m.visible[static_cast<std::size_t>(pos)], false);
    keep_cursor_visible();
  } else if (c == 'I') {
    model_.sort_by(m.sort_column, !m.sort_descending);
    keep_cursor_visible();
  } else if (c == '/' || k.is_ctrl('f')) {
    state_.filter_editing = true;
  } else if (c == 'x') {
    ask_close();
  } else if (c == 'K') {
    ask_terminate();
  } else if (c == 'w' || k.is_ctrl('s')) {
    state_.dialog = make_dialog(DialogKind::SavePrompt, "Save", {});
  } else if (c == 'c' || k.is_ctrl('c')) {
    copy_selected(now);
  } else if (c == 'p') {
    state_.dialog = make_dialog(DialogKind::Protocols, "Protocols", {});
  } else if (c == 's') {
    state_.dialog = make_dialog(DialogKind::States, "States", {});
  } else if (c == 'o') {
    state_.dialog = make_dialog(DialogKind::Columns, "Columns", {});
  } else if (c == '\n' || c == '\r') {
    open_properties();
  }
}

void LiveView::filter_key(const Key& k) {
  switch (k.kind) {
    case KeyKind::Enter: state_.filter_editing = false; return;
    case KeyKind::Escape:
      model_.set_filter({});
      state_.filter_editing = false;
      keep_cursor_visible();
      return;
    case KeyKind::Up: return move_cursor(-1);
    case KeyKind::Down: return move_cursor(1);
    case KeyKind::PageUp: return move_cursor(-state_.body_height());
    case KeyKind::PageDown: return move_cursor(state_.body_height());
    default: break;
  }
  std::string text = model_.state().filter;
  if (!edit_text(text, k)) return;
  model_.set_filter(std::move(text));
  keep_cursor_visible();
}

void LiveView::dialog_key(const Key& k, Clock::time_point now) {
  Dialog& d = state_.dialog;
  auto close = [&] { state_.dialog = Dialog{}; };
  const bool yes = k.is_char('y') || k.is_char('Y') || k.kind == KeyKind::Enter;
  const bool no = k.is_char('n') || k.is_char('N') || k.is_char('q') || k.kind == KeyKind::Escape;
  switch (d.kind) {
    case DialogKind::Help:
    case DialogKind::Properties:
    case DialogKind::Message: {
      const int page = std::max(dialog_box(state_, model_.state()).text_rows(), 1);
      int to = d.scroll;
      switch (k.kind) {
        case KeyKind::Up: case KeyKind::WheelUp: to -= 1; break;
        case KeyKind::Down: case KeyKind::WheelDown: to += 1; break;
        case KeyKind::PageUp: to -= page; break;
        case KeyKind::PageDown: case KeyKind::Char:
          if (k.kind == KeyKind::Char && k.ch != ' ') return close();
          to += page;
          break;
        case KeyKind::Home: to = 0; break;
        case KeyKind::End: to = dialog_max_scroll(state_, model_.state()); break;
        default: return close();
      }
      d.scroll = std::clamp(to, 0, dialog_max_scroll(state_, model_.state()));
      return;
    }
    case DialogKind::ConfirmClose:
      if (yes) return do_close(now);
      if (no) return close();
      return;
    case DialogKind::ConfirmTerminate:
      if (yes) return do_signal(SIGTERM, now);
      if (no) return close();
      return;
    case DialogKind::ConfirmKill:
      if (yes) return do_signal(SIGKILL, now);
      if (no) return close();
      return;
    case DialogKind::SavePrompt:
      if (k.kind == KeyKind::Escape) return close();
      if (k.kind == KeyKind::Enter) {
        std::string path = d.input;
        close();
        if (!path.empty()) save(path, now);
        return;
      }
      edit_text(d.input, k);
      return;
    case DialogKind::Columns:
    case DialogKind::Protocols:
    case DialogKind::States:
    case DialogKind::SortColumn:
      return chooser_key(k);
    case DialogKind::None: return;
  }
}

void LiveView::chooser_key(const Key& k) {
  Dialog& d = state_.dialog;
  const int count = static_cast<int>(chooser_items(state_, model_.state()).size());
  switch (k.kind) {
    case KeyKind::Up: d.cursor = std::max(d.cursor - 1, 0); return;
    case KeyKind::Down: d.cursor = std::min(d.cursor + 1, count - 1); return;
    case KeyKind::Home: d.cursor = 0; return;
    case KeyKind::End: d.cursor = count - 1; return;
    case KeyKind::Escape: state_.dialog = Dialog{}; return;
    case KeyKind::Enter:
      if (d.kind == DialogKind::SortColumn) {
        chooser_toggle(state_, model_, d.cursor);
        state_.dialog = Dialog{};
        keep_cursor_visible();
        return;
      }
      break;
    default: break;
  }
  if (k.is_char('q')) {
    state_.dialog = Dialog{};
    return;
  }
  if (k.is_char('[') || k.is_char(']')) {
    d.cursor = chooser_move(state_, model_, d.cursor, k.is_char('[') ? -1 : 1);
    return;
  }
  if (k.is_char(' ') || k.kind == KeyKind::Enter) {
    chooser_toggle(state_, model_, d.cursor);
    if (d.kind == DialogKind::SortColumn) state_.dialog = Dialog{};
    keep_cursor_visible();
  }
}

void LiveView::click(int x, int y) {
  if (y == 0) {
    for (const ColumnSpan& span : state_.layout) {
      if (x >= span.x && x < span.x + span.width + 1) return sort_by(span.column);
    }
    return;
  }
  if (y < 1 || y > state_.body_height()) return;
  const std::size_t row = state_.top + static_cast<std::size_t>(y - 1);
  if (row >= model_.row_count()) return;
  move_cursor(static_cast<long>(row) - static_cast<long>(cursor()));
}

void LiveView::sort_by(std::size_t column) {
  const ModelState& m = model_.state();
  model_.sort_by(column, m.sort_column == column ? !m.sort_descending : false);
  keep_cursor_visible();
}

}  // namespace sockscope::tui
