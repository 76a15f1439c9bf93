// The ncurses shell of the live view: paints grids, reads keys and mouse, restores the terminal however it ends.
#pragma once

#include <csignal>
#include <memory>

#include "model/error.hpp"
#include "tui/terminal.hpp"

namespace sockscope::tui {

// The ncurses library's own version text (curses_version()), for `sockscope --version`.
const char* curses_library_version();

class NcursesTerminal final : public Terminal {
 public:
  // Takes over the terminal (alternate screen, raw keys, mouse). SIGINT, SIGTERM and SIGHUP are
  // noted in stop_flag() for the loop to leave cleanly; a second one restores the terminal at
  // once and exits; restore() puts the previous handlers back. Fails when stdin/stdout is not a terminal ncurses can drive.
  static Result<std::unique_ptr<NcursesTerminal>> open();
  ~NcursesTerminal() override;  // restores the terminal
  NcursesTerminal(const NcursesTerminal&) = delete;
  NcursesTerminal& operator=(const NcursesTerminal&) = delete;

  bool has_color() const { return color_; }
  static const volatile std::sig_atomic_t* stop_flag();

  std::pair<int, int> size() const override;
  void paint(const Grid& grid) override;
  std::optional<Key> next_key(std::chrono::milliseconds timeout, int wake_fd) override;
  void send_raw(std::string_view bytes) override;

  // Restores the terminal now (idempotent); the destructor calls it.
  void restore();

 private:
  NcursesTerminal() = default;
  bool color_ = false;
  bool active_ = false;
};

}  // namespace sockscope::tui
