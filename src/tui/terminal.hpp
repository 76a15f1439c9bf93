// The screen and keyboard as the live loop needs them: ncurses in the program, a script in tests.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <utility>

#include "tui/cell_grid.hpp"
#include "tui/keys.hpp"

namespace sockscope::tui {

class Terminal {
 public:
  virtual ~Terminal() = default;
  // Columns and rows.
  virtual std::pair<int, int> size() const = 0;
  // Shows the grid (only what changed reaches the terminal).
  virtual void paint(const Grid& grid) = 0;
  // The next key, waiting up to `timeout`, or less when `wake_fd` (unless -1) becomes readable.
  virtual std::optional<Key> next_key(std::chrono::milliseconds timeout, int wake_fd) = 0;
  // Bytes for the terminal itself (the OSC 52 clipboard sequence).
  virtual void send_raw(std::string_view bytes) = 0;
};

}  // namespace sockscope::tui
