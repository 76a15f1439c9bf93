// LiveView drawing of the model's rows: the column header, the rows with their highlights, the status bar and the key line.
#include <algorithm>

#include "present/sanitize.hpp"
#include "tui/column_layout.hpp"
#include "tui/live_view.hpp"
#include "view/view_rows.hpp"

namespace sockscope::tui {

namespace {

constexpr Attr kHeader{Role::Header, true, false};
constexpr Attr kStatus{Role::Status, false, false};
constexpr Attr kHint{Role::Hint, false, false};
constexpr Attr kHintKey{Role::Hint, true, false};

Role role_for(RowStatus s) {
  switch (s) {
    case RowStatus::New: return Role::New;
    case RowStatus::Closed: return Role::Closed;
    case RowStatus::StateChanged: return Role::Changed;
    case RowStatus::Alive: break;
  }
  return Role::Normal;
}

char marker_for(RowStatus s) {
  switch (s) {
    case RowStatus::New: return '+';
    case RowStatus::Closed: return '-';
    case RowStatus::StateChanged: return '*';
    case RowStatus::Alive: break;
  }
  return ' ';
}

// Writes `text` into a span, aligned, shortened with an ellipsis when it does not fit.
void put_cell(Grid& g, int x, int y, int width, std::string_view text, Align align, Elide elide, Attr a, bool utf8) {
  std::string shown = elide_to_width(text, static_cast<std::size_t>(width), elide == Elide::None ? Elide::End : elide,
                                     utf8 ? "\u2026" : "~");
  const int w = static_cast<int>(display_width(shown));
  const int pad = align == Align::Right && w < width ? width - w : 0;
  g.put(x + pad, y, shown, a, width - pad);
}

}  // namespace

void LiveView::render(Grid& grid, Clock::time_point now) {
  grid = Grid(state_.width, state_.height);
  render_table(grid);
  render_status(grid, now);
  if (state_.dialog.kind != DialogKind::None) render_dialog(grid);
}

void LiveView::render_table(Grid& g) {
  const ModelState& m = model_.state();
  const bool utf8 = m.settings.utf8;
  const bool marker = !m.settings.color;
  // The marker column, or room for the "more on the left" arrow.
  const int x0 = marker ? 2 : (state_.first_column > 0 ? 1 : 0);
  const std::size_t page = static_cast<std::size_t>(state_.body_height());
  const std::size_t end = std::min(m.order.size(), state_.top + page);
  const CellContext ctx = model_.cell_context();

  std::vector<std::size_t> columns(m.visible.begin() + static_cast<long>(std::min(state_.first_column, m.visible.size())),
                                   m.visible.end());
  std::vector<std::vector<std::string>> cells(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    cells[c].reserve(end - state_.top);
    for (std::size_t r = state_.top; r < end; ++r) {
      cells[c].emplace_back();
      append_cell_text(cells[c].back(), m.catalog[columns[c]], m.table->rows[m.order[r]], ctx);
    }
  }
  ColumnFit fit = fit_columns(m.catalog, columns, cells, x0, g.width(), m.sort_column);
  if (fit.more_right) fit = fit_columns(m.catalog, columns, cells, x0, g.width() - 1, m.sort_column);
  state_.layout = fit.spans;

  // Header.
  g.fill(0, 0, g.width(), kHeader);
  if (marker) g.put(0, 0, " ", kHeader);
  for (const ColumnSpan& span : fit.spans) {
    const ViewColumn& c = m.catalog[span.column];
    std::string title(fit.short_titles ? c.short_title : c.title);
    if (span.column == m.sort_column) {
      title += m.sort_descending ? (utf8 ? "\u25bc" : "v") : (utf8 ? "\u25b2" : "^");
    }
    put_cell(g, span.x, 0, span.width, title, c.align, Elide::End, kHeader, utf8);
  }
  // Arrows at the edges say there are columns to scroll to (Left, Right).
  if (fit.more_right) g.put(g.width() - 1, 0, utf8 ? "\u203a" : ">", kHeader);
  if (state_.first_column > 0) g.put(marker ? 1 : 0, 0, utf8 ? "\u2039" : "<", kHeader);

  // Rows.
  for (std::size_t r = state_.top; r < end; ++r) {
    const int y = 1 + static_cast<int>(r - state_.top);
    const RowStatus shown = model_.row(r).highlight;
    Attr a{marker ? Role::Normal : role_for(shown), false, r == cursor()};
    g.fill(y, 0, g.width(), a);
    if (marker) g.put(0, y, std::string(1, marker_for(shown)), a);
    for (std::size_t s = 0; s < fit.spans.size(); ++s) {
      const ViewColumn& c = m.catalog[fit.spans[s].column];
      put_cell(g, fit.spans[s].x, y, fit.spans[s].width, cells[s][r - state_.top], c.align, c.elide, a, utf8);
    }
  }
  if (m.order.empty()) {
    std::string_view note = m.table->refresh == 0 ? "Reading sockets..."
                            : !m.filter.empty() ? "No endpoint matches the filter (Esc clears it)."
                                                     : "No endpoints to show (p: protocols, s: states).";
    g.put(1, 1, note, Attr{});
  }
}

void LiveView::render_status(Grid& g, Clock::time_point now) {
  const ModelState& m = model_.state();
  const bool utf8 = m.settings.utf8;
  const std::string_view ellipsis = utf8 ? "\u2026" : "~";
  const int status_y = g.height() - 2;
  const int hint_y = g.height() - 1;
  const auto room = static_cast<std::size_t>(g.width());

  // Counts over the rows shown, tombstones aside.
  std::size_t total = 0, established = 0, listening = 0, time_wait = 0, close_wait = 0;
  for (std::size_t i : m.order) {
    const LiveRow& row = m.table->rows[i];
    if (row.status == RowStatus::Closed) continue;
    ++total;
    const Endpoint& e = row.endpoint();
    if (e.state == TcpState::Listen) ++listening;
    if (e.proto != Proto::Tcp) continue;
    if (e.state == TcpState::Established) ++established;
    else if (e.state == TcpState::TimeWait) ++time_wait;
    else if (e.state == TcpState::CloseWait) ++close_wait;
  }
  const std::string tally = view::event_tally_text(m.table->events);
  auto counts = [&](bool brief) {
    return " " + std::to_string(total) + " endpoints  " + std::to_string(established) +
           (brief ? " estab  " : " established  ") + std::to_string(listening) + (brief ? " listen  " : " listening  ") +
           std::to_string(time_wait) + " time-wait  " + std::to_string(close_wait) +
           " close-wait" + (tally.empty() ? "" : "  " + tally);
  };
  std::string speed;
  if (m.settings.paused) {
    speed = "PAUSED ";
  } else {
    const auto ms = m.settings.interval.count();
    speed = "every " + std::to_string(ms / 1000);
    if (ms % 1000) {
      std::string frac = std::to_string(1000 + ms % 1000).substr(1);
      while (frac.back() == '0') frac.pop_back();
      speed += "." + frac;
    }
    speed += " s ";
  }
  std::string left = counts(false);
  if (left.size() + speed.size() + 2 > room) left = counts(true);
  g.fill(status_y, 0, g.width(), kStatus);
  g.put(0, status_y, elide_to_width(left, room, Elide::End, ellipsis), kStatus);
  if (left.size() + speed.size() + 2 <= room) {
    g.put(g.width() - static_cast<int>(speed.size()), status_y, speed, Attr{Role::Status, m.settings.paused, false});
  }

  g.fill(hint_y, 0, g.width(), kHint);
  if (state_.filter_editing) {
    const Attr input{Role::Input, false, false};
    g.fill(hint_y, 0, g.width(), input);
    int x = g.put(0, hint_y, "Filter: ", Attr{Role::Input, true, false});
    std::string text = terminal_safe(m.filter);
    // Keep the end of a long filter in view, where the typing happens.
    const int space = std::max(g.width() - x - 1, 1);
    text = elide_to_width(text, static_cast<std::size_t>(space), Elide::Start, ellipsis);
    x += g.put(x, hint_y, text, input);
    g.put(x, hint_y, " ", Attr{Role::Input, false, true});
    return;
  }
  const std::size_t line_room = room > 1 ? room - 1 : 0;
  if (!state_.message.empty() && now < state_.message_until) {
    g.put(1, hint_y, elide_to_width(state_.message, line_room, Elide::End, ellipsis), kHint);
    return;
  }
  if (!m.collect_error.empty()) {
    g.put(1, hint_y, elide_to_width("Cannot read sockets: " + terminal_safe(m.collect_error), line_room, Elide::End, ellipsis),
          kHint);
    return;
  }
  // Notes first (the filter in force, hidden owners), then as many key hints as fit.
  int x = 1;
  auto note = [&](const std::string& text) {
    x += g.put(x, hint_y, elide_to_width(text, line_room, Elide::End, ellipsis), Attr{Role::Hint, true, false});
    x += g.put(x, hint_y, utf8 ? " \u2502 " : " | ", kHint);
  };
  if (!m.filter.empty()) note((view::filter_is_expression(m.filter) ? "Query: " : "Filter: ") + terminal_safe(m.filter));
  if (!m.settings.notice.empty()) note(m.settings.notice);
  if (m.table->latest && m.table->latest->notes.owners_incomplete) {
    note(m.settings.as_root ? "Some owners hidden (unreadable even as root)" : "Some owners hidden: run as root");
  }
  static constexpr std::pair<std::string_view, std::string_view> kHints[] = {
      {"F1", "Help"}, {"q", "Quit"}, {"/", "Filter"}, {"Enter", "Props"}, {"x", "Close"},
      {"K", "Kill"}, {"Space", "Pause"}, {"F5", "Refresh"},
  };
  for (const auto& [key, label] : kHints) {
    const int need = static_cast<int>(key.size() + 1 + label.size());
    if (x + need > g.width()) break;
    x += g.put(x, hint_y, key, kHintKey);
    x += g.put(x, hint_y, " ", kHint);
    x += g.put(x, hint_y, label, kHint);
    x += g.put(x, hint_y, "  ", kHint);
  }
}

}  // namespace sockscope::tui
