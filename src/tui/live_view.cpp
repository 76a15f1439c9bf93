// LiveView core: handing snapshots to the model, keeping the selection and the scroll in view.
#include "tui/live_view.hpp"

#include <algorithm>

namespace sockscope::tui {

LiveView::LiveView(ViewSettings settings, ViewServices services)
    : model_(settings, services), services_(std::move(services)) {}

void LiveView::on_snapshot(SnapshotPtr snapshot, Clock::time_point now) {
  model_.apply(std::move(snapshot), now);
  keep_cursor_visible();
}

void LiveView::on_table(LiveTablePtr table, Clock::time_point now, std::uint64_t arranged_version,
                        std::vector<std::size_t> order) {
  model_.apply_table(std::move(table), now, arranged_version, std::move(order));
  keep_cursor_visible();
}

void LiveView::on_collect_error(const std::string& message, Clock::time_point) { model_.collect_failed(message); }

std::size_t LiveView::cursor() const { return model_.selected_position().value_or(0); }

void LiveView::keep_cursor_visible() {
  const std::size_t page = static_cast<std::size_t>(state_.body_height());
  const std::size_t n = model_.row_count();
  const std::size_t at = cursor();
  if (at < state_.top) state_.top = at;
  if (at >= state_.top + page) state_.top = at + 1 - page;
  // No empty space below the last row while rows above are hidden.
  if (n <= page) state_.top = 0;
  else state_.top = std::min(state_.top, n - page);
}

void LiveView::move_cursor(long delta) {
  if (model_.row_count() == 0) return;
  const long last = static_cast<long>(model_.row_count()) - 1;
  model_.select_position(static_cast<std::size_t>(std::clamp(static_cast<long>(cursor()) + delta, 0L, last)));
  keep_cursor_visible();
}

void LiveView::set_message(std::string text, Clock::time_point now) {
  state_.message = std::move(text);
  state_.message_until = now + std::chrono::seconds(5);
}

void LiveView::request_visible_names() {
  model_.request_names(state_.top, static_cast<std::size_t>(state_.body_height()));
}

}  // namespace sockscope::tui
