// Fitting the shown columns to the screen: natural widths, short titles, squeezing text columns.
#pragma once

#include <string>
#include <vector>

#include "tui/view_state.hpp"

namespace sockscope::tui {

struct ColumnFit {
  std::vector<ColumnSpan> spans;  // the columns that fit, left to right
  bool short_titles = false;      // short titles let more columns in
  bool more_right = false;        // columns after the last span did not fit
};

// `columns` are catalog indices from the first scrolled-to column on; `cells[i]` the texts of
// column i on the current page; `x0` where the first column starts; `width` the screen's.
// `sort_marked` is the catalog index whose title carries the sort arrow.
ColumnFit fit_columns(const std::vector<ViewColumn>& catalog, const std::vector<std::size_t>& columns,
                      const std::vector<std::vector<std::string>>& cells, int x0, int width,
                      std::size_t sort_marked);

}  // namespace sockscope::tui
