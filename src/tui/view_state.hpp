// What the terminal client adds to the live model: scroll, screen size, dialogs, the message line.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "view/live_model.hpp"

namespace sockscope::tui {

// The model's names, as the terminal client has always used them.
using view::CellContext;
using view::Clock;
using view::CollectControl;
using view::ModelState;
using view::RowArranger;
using view::ViewColumn;
using view::ViewSettings;

enum class DialogKind : std::uint8_t {
  None, Help, Properties, Message,
  ConfirmClose, ConfirmTerminate, ConfirmKill,
  Columns, Protocols, States, SortColumn,
  SavePrompt,
};

struct Dialog {
  DialogKind kind = DialogKind::None;
  std::string title;
  std::vector<std::string> lines;  // terminal-safe text
  int scroll = 0;                  // first line shown (Help, Properties, Message)
  int cursor = 0;                  // choosers: the highlighted item
  Endpoint endpoint;               // ConfirmClose: the connection
  std::optional<NetnsInfo> netns;  // ConfirmClose: its network namespace when known
  int pid = 0;                     // ConfirmTerminate / ConfirmKill
  std::string input;               // SavePrompt: the file name typed so far
};

inline Dialog make_dialog(DialogKind kind, std::string title, std::vector<std::string> lines = {}) {
  Dialog d;
  d.kind = kind;
  d.title = std::move(title);
  d.lines = std::move(lines);
  return d;
}

// One shown column's place on screen, as last drawn (for mouse clicks on the header).
struct ColumnSpan {
  std::size_t column = 0;  // catalog index
  int x = 0;
  int width = 0;
};

struct ViewState {
  bool filter_editing = false;
  std::size_t top = 0;           // first row shown
  std::size_t first_column = 0;  // horizontal scroll: index into the model's visible columns

  int width = 80;
  int height = 24;

  Dialog dialog;
  std::string message;  // one line on the bottom row until message_until
  Clock::time_point message_until{};
  bool quit = false;

  std::vector<ColumnSpan> layout;  // as last rendered

  int body_height() const { return height > 3 ? height - 3 : 1; }
};

}  // namespace sockscope::tui
