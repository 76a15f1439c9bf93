// The desktop window (TCPView 4's): table, toolbar, menus, status bar and the actions on the
// selected rows, all driven by the shared live model.
#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "gui/endpoint_table.hpp"
#include "gui/gui_services.hpp"
#include "view/live_model.hpp"
#include "view/snapshot_feed.hpp"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSocketNotifier;
class QTableView;
class QTimer;
class QWidget;

namespace sockscope::gui {

class MainWindow final : public QMainWindow {
 public:
  // `feed` (the collector thread, or a script in tests) outlives the window; `now` is the clock.
  MainWindow(view::ViewSettings settings, GuiServices services, view::SnapshotFeed& feed,
             std::function<view::Clock::time_point()> now);
  ~MainWindow() override;

  // Takes what the feed has (a table or a failure) and updates the rows in place; false if nothing.
  bool take_from_feed();

  // --- the actions (menus, toolbar, context menu and shortcuts call these)
  void close_connections();  // Close Connection on every selected row
  void end_processes();      // End Process (SIGTERM) for every selected row's owner
  void show_properties();    // of the current row's process
  void copy_rows();
  void save_as(const std::string& path);  // format by extension
  void set_paused(bool paused);
  void set_interval(std::chrono::milliseconds interval);
  void refresh_now();
  void set_resolve(bool resolve);
  void set_show_unconnected(bool show);
  void set_filter_text(const std::string& text);
  void set_state_choice(int index);  // index into state_choices()
  // Protocol toggles: 0 TCPv4, 1 TCPv6, 2 UDPv4, 3 UDPv6, 4 UNIX.
  void set_protocol(int which, bool on);
  void set_column_shown(std::size_t catalog_index, bool shown);

  // --- what tests and the test hooks read
  std::vector<std::uint64_t> selected_ids() const;
  QTableView* table_view() const { return table_; }
  EndpointTable& table_model() { return *rows_; }
  const view::LiveModel& live_model() const { return model_; }
  QString status_text() const;
  bool privilege_banner_shown() const;
  double last_refresh_ms() const { return last_refresh_ms_; }
  // Called after every refresh taken from the feed (the test hooks: dump, screenshot).
  std::function<void()> on_refreshed;

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void build_table();
  void build_actions();
  void build_toolbar();
  void build_menus();
  void build_banner(QWidget* parent);
  void sync_columns();  // header (order, hidden) -> the live model's shown columns
  void update_status();
  void request_visible_names();
  void close_as_root();
  void update_states();
  void restore_settings();
  void save_settings() const;

  view::LiveModel model_;
  GuiServices services_;
  view::SnapshotFeed& feed_;
  std::function<view::Clock::time_point()> now_;
  std::unique_ptr<EndpointTable> rows_;
  QTableView* table_ = nullptr;
  QLabel* status_ = nullptr;
  QWidget* banner_ = nullptr;
  QLineEdit* search_ = nullptr;
  QComboBox* states_ = nullptr;
  QSocketNotifier* wake_ = nullptr;
  QTimer* poll_ = nullptr;
  QTimer* names_ = nullptr;
  QAction* pause_ = nullptr;
  QAction* resolve_ = nullptr;
  QAction* unconnected_ = nullptr;
  std::vector<QAction*> protocol_actions_;
  std::vector<QAction*> interval_actions_;
  QAction *properties_ = nullptr, *end_process_ = nullptr, *close_ = nullptr, *copy_ = nullptr;
  int state_choice_ = 0;
  bool show_unconnected_ = true;
  bool sized_ = false;  // columns fitted to the first rows (unless widths were restored)
  double last_refresh_ms_ = 0;
  std::string last_notice_;
};

// The state chooser's entries: title and state_bit() mask.
struct StateChoice {
  const char* title;
  std::uint32_t states;
};
std::vector<StateChoice> state_choices();

}  // namespace sockscope::gui
