// The list dialogs: protocols, connection states, columns (show, hide, reorder), sort column.
#pragma once

#include <string>
#include <vector>

#include "tui/view_state.hpp"

namespace sockscope::tui {

struct ChooserItem {
  std::string label;  // terminal-safe
  bool checked = false;
};

// The items of the open chooser (state.dialog.kind), in the order shown.
std::vector<ChooserItem> chooser_items(const ViewState& s, const ModelState& m);

// Space/Enter on item `index`: the model's protocols, states, columns or sort change.
void chooser_toggle(ViewState& s, view::LiveModel& model, int index);

// Columns chooser: moves the item at `index` one place earlier (-1) or later (+1) among the shown
// columns; returns its new index.
int chooser_move(const ViewState& s, view::LiveModel& model, int index, int direction);

// The footer line of a chooser: which keys do what.
std::string_view chooser_footer(DialogKind kind);

}  // namespace sockscope::tui
