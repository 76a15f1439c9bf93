// The terminal client of the live model: keys and a clock in, a rendered cell grid out.
#pragma once

#include <string>

#include "model/snapshot.hpp"
#include "tui/cell_grid.hpp"
#include "tui/keys.hpp"
#include "tui/view_services.hpp"
#include "tui/view_state.hpp"

namespace sockscope::tui {

class LiveView {
 public:
  LiveView(ViewSettings settings, ViewServices services);

  // A new snapshot: one refresh (highlights age by one). The model diffs it against its table.
  void on_snapshot(SnapshotPtr snapshot, Clock::time_point now);
  // A table already advanced elsewhere (see view::LiveModel::apply_table).
  void on_table(LiveTablePtr table, Clock::time_point now, std::uint64_t arranged_version = 0,
                std::vector<std::size_t> order = {});
  // The collector failed; the last good rows stay.
  void on_collect_error(const std::string& message, Clock::time_point now);
  void on_key(const Key& key, Clock::time_point now);

  // Draws the whole screen into `grid` (resized to the view's size first).
  void render(Grid& grid, Clock::time_point now);
  // Starts lookups for the addresses on screen when resolving (rows show numbers until then).
  void request_visible_names();

  bool quit_requested() const { return state_.quit; }
  const ViewState& state() const { return state_; }
  const view::LiveModel& model() const { return model_; }
  // The collector settings the model wants now (sent through ViewServices::control on change).
  CollectControl collect_control() const { return model_.collect_control(); }

 private:
  // live_view.cpp
  void keep_cursor_visible();
  void move_cursor(long delta);
  void set_message(std::string text, Clock::time_point now);
  std::size_t cursor() const;
  // view_keys.cpp
  void main_key(const Key& key, Clock::time_point now);
  void filter_key(const Key& key);
  void dialog_key(const Key& key, Clock::time_point now);
  void chooser_key(const Key& key);
  void click(int x, int y);
  void sort_by(std::size_t catalog_index);
  // view_actions.cpp
  void open_properties();
  void ask_close();
  void do_close(Clock::time_point now);
  void ask_terminate();
  void do_signal(int signal, Clock::time_point now);
  void save(const std::string& path, Clock::time_point now);
  void copy_selected(Clock::time_point now);
  void show_message_box(std::string title, std::vector<std::string> lines);
  // view_render.cpp
  void render_table(Grid& grid);
  void render_status(Grid& grid, Clock::time_point now);
  // dialog_render.cpp
  void render_dialog(Grid& grid) const;

  ViewState state_;
  view::LiveModel model_;
  ViewServices services_;
};

}  // namespace sockscope::tui
