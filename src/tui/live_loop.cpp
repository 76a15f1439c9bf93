// The main loop: the UI thread only takes finished snapshots, so a key is answered while a collection runs.
#include "tui/live_loop.hpp"

namespace sockscope::tui {

int run_live_loop(LiveView& view, LoopInputs in) {
  auto [w, h] = in.terminal.size();
  view.on_key(Key::resize(w, h), in.now());
  Grid grid(w, h);
  bool dirty = true;
  auto stopped = [&] { return in.stop && *in.stop != 0; };
  while (!view.quit_requested() && !stopped()) {
    if (auto result = in.feed.take()) {
      if (*result) view.on_table(std::move((*result)->table), in.now(), (*result)->arranged_version, std::move((*result)->order));
      else view.on_collect_error(result->error().message, in.now());
      dirty = true;
    }
    if (dirty) {
      view.render(grid, in.now());
      in.terminal.paint(grid);
      view.request_visible_names();
      dirty = false;
    }
    std::optional<Key> key = in.terminal.next_key(in.idle_repaint, in.feed.wake_fd());
    if (!key) {
      dirty = true;  // a timeout or a wake: names may have arrived, a message may have expired
      continue;
    }
    view.on_key(*key, in.now());
    dirty = true;
  }
  return stopped() ? static_cast<int>(*in.stop) : 0;
}

}  // namespace sockscope::tui
