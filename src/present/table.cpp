// Table presenter: measure every cell, fit the widths, then print aligned rows.
#include "present/table.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "present/local_lookups.hpp"
#include "present/output.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

std::string_view state_color(std::string_view state) {
  if (state == "ESTABLISHED") return "\x1b[32m";  // green
  if (state == "LISTEN") return "\x1b[36m";       // cyan
  if (state == "TIME_WAIT") return "\x1b[33m";    // yellow
  if (state == "CLOSE_WAIT") return "\x1b[31m";   // red: the application has not closed its end
  return {};
}

void pad(Output& out, std::size_t n) {
  char* p = out.reserve(n);
  std::memset(p, ' ', n);
  out.commit(p + n);
}

// A cell's terminal-safe text, replacing `text`; returns its display width. Deterministic, so the
// measuring pass and the printing pass agree.
std::size_t cell_text(const Column& col, const Endpoint& e, const ValueContext& ctx, LocalLookups* local,
                      std::string& scratch, std::string& plain, std::string& text) {
  text.clear();
  const Value v = col.get(e, ctx, scratch);
  if (std::holds_alternative<std::monostate>(v)) {
    text += '-';
    return 1;
  }
  if (const auto* s = std::get_if<std::string_view>(&v); s && col.kind != ValueKind::Timestamp) {
    return append_terminal_safe(text, *s);
  }
  plain.clear();
  append_plain_text(plain, col, v, local, FloatStyle::Fixed3);
  return append_terminal_safe(text, plain);
}

Result<void> render(const Snapshot& snap, std::span<const std::size_t> rows,
                    std::span<const Column* const> columns, const NameSource* names,
                    const TableOptions& options, Output& out) {
  std::optional<LocalLookups> own_local;
  LocalLookups* local = options.local;
  if (!local) local = &own_local.emplace();
  const ValueContext ctx{snap, names, local};
  const std::size_t ncols = columns.size();

  std::vector<std::size_t> natural(ncols, 0);
  if (options.header) {
    for (std::size_t c = 0; c < ncols; ++c) natural[c] = display_width(columns[c]->title);
  }
  // Cells are made twice, once to measure and once to print, rather than kept: at 100k rows
  // keeping them took about 18 MiB, more than the endpoints themselves.
  std::string scratch, plain, text;
  for (std::size_t r : rows) {
    if (r >= snap.endpoints.size()) continue;
    const Endpoint& e = snap.endpoints[r];
    for (std::size_t c = 0; c < ncols; ++c) {
      natural[c] = std::max(natural[c], cell_text(*columns[c], e, ctx, local, scratch, plain, text));
    }
  }

  const std::vector<std::size_t> widths = fit_widths(columns, natural, options.width);
  const std::string_view ellipsis = options.utf8 ? "\u2026" : "+";
  auto put_cell = [&](std::size_t c, std::string_view cell, std::size_t w, std::string_view color) {
    if (c > 0) pad(out, kColumnGap);
    std::string shortened;
    if (w > widths[c]) {
      shortened = elide_to_width(cell, widths[c], columns[c]->elide, ellipsis);
      cell = shortened;
      w = display_width(cell);
    }
    const std::size_t room = widths[c] > w ? widths[c] - w : 0;
    const bool last = c + 1 == ncols;
    if (columns[c]->align == Align::Right) pad(out, room);
    if (!color.empty()) out.put(color);
    out.put(cell);
    if (!color.empty()) out.put(kReset);
    if (columns[c]->align == Align::Left && !last) pad(out, room);
  };

  if (options.header && ncols > 0) {
    if (options.color) out.put(kBold);
    for (std::size_t c = 0; c < ncols; ++c) {
      put_cell(c, columns[c]->title, display_width(columns[c]->title), {});
    }
    if (options.color) out.put(kReset);
    out.put('\n');
  }
  for (std::size_t r : rows) {
    if (r >= snap.endpoints.size()) continue;
    const Endpoint& e = snap.endpoints[r];
    for (std::size_t c = 0; c < ncols; ++c) {
      const std::size_t w = cell_text(*columns[c], e, ctx, local, scratch, plain, text);
      std::string_view color;
      if (options.color && columns[c]->id == ColumnId::State) color = state_color(text);
      put_cell(c, text, w, color);
    }
    out.put('\n');
    out.row_done();
  }
  return out.finish();
}

}  // namespace

std::vector<std::size_t> fit_widths(std::span<const Column* const> columns,
                                    std::span<const std::size_t> natural, std::size_t width) {
  std::vector<std::size_t> widths(natural.begin(), natural.end());
  if (width == kUnlimitedWidth || widths.empty()) return widths;
  std::size_t total = kColumnGap * (widths.size() - 1);
  for (std::size_t w : widths) total += w;

  std::vector<std::size_t> floor(widths.size());
  for (std::size_t c = 0; c < widths.size(); ++c) {
    floor[c] = std::min(widths[c], std::max(display_width(columns[c]->title), kMinFlexibleWidth));
  }
  while (total > width) {
    std::size_t widest = widths.size();
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (columns[c]->elide == Elide::None || widths[c] <= floor[c]) continue;
      if (widest == widths.size() || widths[c] > widths[widest]) widest = c;
    }
    if (widest == widths.size()) break;  // nothing left to shorten: the row stays too wide
    // Shrink down to the next widest flexible column in one step, then share the rest.
    std::size_t next = floor[widest];
    for (std::size_t c = 0; c < widths.size(); ++c) {
      if (c != widest && columns[c]->elide != Elide::None && widths[c] > floor[c] && widths[c] <= widths[widest]) {
        next = std::max(next, widths[c]);
      }
    }
    const std::size_t shrink = std::max<std::size_t>(1, std::min(widths[widest] - next, total - width));
    widths[widest] -= shrink;  // shrink <= widths - floor, since next >= floor
    total -= shrink;
  }
  return widths;
}

Result<void> write_table(const Snapshot& snap, std::span<const std::size_t> rows,
                         std::span<const Column* const> columns, const NameSource* names,
                         const TableOptions& options, std::FILE* out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

Result<void> write_table(const Snapshot& snap, std::span<const std::size_t> rows,
                         std::span<const Column* const> columns, const NameSource* names,
                         const TableOptions& options, std::ostream& out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

}  // namespace sockscope
