// Column fitting: text columns squeezed (never below their title) so one more column fits, full
// titles unless short ones let more columns in; the rest scroll into view with Right.
#include "tui/column_layout.hpp"

#include <algorithm>

#include "present/sanitize.hpp"

namespace sockscope::tui {

namespace {

int width_of(std::string_view s) { return static_cast<int>(display_width(s)); }

}  // namespace

ColumnFit fit_columns(const std::vector<ViewColumn>& catalog, const std::vector<std::size_t>& columns,
                      const std::vector<std::vector<std::string>>& cells, int x0, int width,
                      std::size_t sort_marked) {
  ColumnFit fit;
  const std::size_t n = columns.size();
  std::vector<int> content(n, 0), natural(n, 0), floor(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (const auto& text : cells[i]) content[i] = std::max(content[i], width_of(text));
  }
  auto widths_for = [&](bool short_titles) {
    for (std::size_t i = 0; i < n; ++i) {
      const ViewColumn& c = catalog[columns[i]];
      const int title = width_of(short_titles ? c.short_title : c.title) + (columns[i] == sort_marked ? 1 : 0);
      natural[i] = std::max({std::min(content[i], c.max_width), title, c.min_width});
      floor[i] = c.elide == Elide::None ? natural[i] : std::max(c.min_width, title);
    }
  };
  const int room = width - x0;

  // How many columns fit, squeezing shortenable ones (down to their floor) for one more.
  auto place = [&](std::vector<int>& w) {
    std::size_t k = 0;
    int used = 0;
    while (k < n) {
      const int need = used + (k > 0 ? 1 : 0) + w[k];
      if (need <= room) {
        used = need;
        ++k;
        continue;
      }
      int spare = 0;
      for (std::size_t i = 0; i <= k; ++i) spare += w[i] - floor[i];
      if (need - room > spare) break;
      for (int excess = need - room; excess > 0; --excess) {
        std::size_t widest = k + 1;
        for (std::size_t i = 0; i <= k; ++i) {
          if (w[i] > floor[i] && (widest > k || w[i] > w[widest])) widest = i;
        }
        --w[widest];
      }
      used = room;
      ++k;
    }
    return k;
  };
  // Full titles unless short ones let more columns in.
  widths_for(false);
  std::vector<int> w = natural;
  std::size_t k = place(w);
  widths_for(true);
  std::vector<int> w_short = natural;
  const std::size_t k_short = place(w_short);
  if (k_short > k) {
    fit.short_titles = true;
    w = std::move(w_short);
    k = k_short;
  }
  if (k == 0 && n > 0 && room > 0) {  // a very narrow screen: the first column, cut
    w[0] = room;
    k = 1;
  }
  int x = x0;
  for (std::size_t i = 0; i < k; ++i) {
    fit.spans.push_back(ColumnSpan{columns[i], x, w[i]});
    x += w[i] + 1;
  }
  fit.more_right = k < n;
  return fit;
}

}  // namespace sockscope::tui
