// The live view's main loop: snapshots and keys in, painted frames out, until quit or a signal.
#pragma once

#include <csignal>
#include <functional>

#include "tui/live_view.hpp"
#include "view/snapshot_feed.hpp"
#include "tui/terminal.hpp"

namespace sockscope::tui {

struct LoopInputs {
  Terminal& terminal;
  view::SnapshotFeed& feed;
  std::function<Clock::time_point()> now;
  // Set (to the signal number) by a SIGINT/SIGTERM/SIGHUP handler: leave the loop cleanly.
  const volatile std::sig_atomic_t* stop = nullptr;
  // How long to wait for a key before repainting anyway (names arrive, messages expire).
  std::chrono::milliseconds idle_repaint{250};
};

// Runs until the view quits or a signal is noted in `stop`. Returns that signal number, or 0.
int run_live_loop(LiveView& view, LoopInputs in);

}  // namespace sockscope::tui
