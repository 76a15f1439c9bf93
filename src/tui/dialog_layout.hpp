// Where a dialog box sits on screen, shared by drawing and by the keys that scroll it.
#pragma once

#include <string>
#include <vector>

#include "tui/view_state.hpp"

namespace sockscope::tui {

struct DialogBox {
  int x = 0, y = 0, width = 0, height = 0;
  int text_rows() const { return height > 3 ? height - 3 : 0; }  // border, footer, border
  int text_width() const { return width > 4 ? width - 4 : 0; }
};

// The box for the open dialog given its content lines (text, choosers and prompts alike).
DialogBox dialog_box(const ViewState& s, const ModelState& m);

// The lines a dialog shows: its text, or a chooser's items as "[x] label", or the prompt.
std::vector<std::string> dialog_content(const ViewState& s, const ModelState& m);

// The footer line: which keys do what.
std::string dialog_footer(const ViewState& s, const ModelState& m);

// The largest useful scroll offset of a text dialog.
int dialog_max_scroll(const ViewState& s, const ModelState& m);

}  // namespace sockscope::tui
