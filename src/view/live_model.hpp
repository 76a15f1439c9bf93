// The live view's model, for any client (terminal, desktop window, HTTP): snapshots in, rows in
// order with their highlights out; sort, filter, selection and the commands as plain calls and values.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/snapshot.hpp"
#include "view/model_services.hpp"
#include "view/model_state.hpp"
#include "view/view_export.hpp"

namespace sockscope::view {

// One row as a client shows it: the row, its highlight now and how many refreshes it has had it.
struct RowView {
  const LiveRow* row = nullptr;
  RowStatus highlight = RowStatus::Alive;  // New / StateChanged fade to Alive; Closed until dropped
  std::uint64_t age = 0;                   // refreshes since the row's status began
};

// How a command went. Details from other parties (error texts) are plain, not terminal-safe.
enum class Outcome : std::uint8_t {
  Done,
  NoSuchRow,      // the row (or its process) is not there
  NotApplicable,  // close: not a TCP connection; end process: no known owner
  AlreadyClosed,  // close: the row is a tombstone
  NotPermitted,   // EPERM / EACCES
  NotSupported,   // close: kernel without SOCK_DESTROY
  Gone,           // the connection or process went away by itself (counts as done)
  Failed,         // anything else: see detail
  Unavailable,    // the client gave no service for it
};

struct CommandResult {
  Outcome outcome = Outcome::Done;
  std::string detail;
  bool ok() const { return outcome == Outcome::Done || outcome == Outcome::Gone; }
};

struct SaveResult {
  CommandResult result;
  std::size_t rows = 0;
  SaveFormat format = SaveFormat::Text;
};

// The status bar's word on the event capture: "12 short-lived" since start, then "(3 not shown:
// too many at once)" when the cap on such rows was reached and "7 events lost" when the capture
// lost any; "" when no capture runs.
std::string event_tally_text(const EventTally& t);

class LiveModel {
 public:
  LiveModel(ViewSettings settings, ModelServices services);

  // --- data in
  // A new snapshot: one refresh (highlights age by one); the model diffs it against its table.
  // While paused, snapshots nobody asked for (refresh_now) are dropped: the rows stay frozen.
  void apply(SnapshotPtr snapshot, Clock::time_point now);
  // A table already advanced elsewhere (the collector thread). `order` is its rows as arranged by
  // the RowArranger of `arranged_version`; when that is not the current one (0: none), the model sorts.
  void apply_table(LiveTablePtr table, Clock::time_point now, std::uint64_t arranged_version = 0,
                   std::vector<std::size_t> order = {});
  // The collector failed; the last good rows stay.
  void collect_failed(std::string message);

  // --- rows out
  std::size_t row_count() const { return s_.order.size(); }
  RowView row(std::size_t position) const;  // position < row_count()
  std::vector<RowView> rows() const;        // every row, in display order
  const ModelState& state() const { return s_; }
  const LiveTable& table() const { return *s_.table; }
  // What cells read (names only when resolving), for append_cell_text and exports.
  CellContext cell_context() const;

  // --- order and filter
  // By a catalog column (an index into state().catalog); an unknown index keeps the row order.
  void sort_by(std::size_t column, bool descending);
  void set_filter(std::string text);
  // Returns whether what is collected changed (UNIX sockets switched on or off): those rows then
  // come and go quietly for two refreshes, and a collection is asked for at once.
  bool set_protocols(ProtoSet protos);
  void set_states(std::uint32_t states);
  void set_columns(std::vector<std::size_t> visible);  // catalog indices, in order; never empty
  void set_resolve(bool resolve);

  // --- collection
  void pause();
  void resume();
  void set_interval(std::chrono::milliseconds interval);  // also resumes
  void refresh_now();
  // The collector settings wanted now (sent through ModelServices::control on every change).
  CollectControl collect_control() const;

  // --- selection: follows the same endpoint (row id) across refreshes while it is shown
  void select(std::uint64_t row_id);
  void select_position(std::size_t position);  // clamped to the rows there are
  std::optional<std::size_t> selected_position() const;
  const LiveRow* selected() const;
  const LiveRow* find_row(std::uint64_t row_id) const;
  // Starts lookups for the addresses of rows [first, first + count) when resolving.
  void request_names(std::size_t first, std::size_t count) const;

  // --- commands
  // Checks that the row is a TCP connection still open (Done), without closing it.
  CommandResult can_close(std::uint64_t row_id) const;
  CommandResult request_close(std::uint64_t row_id);
  // An endpoint remembered from an earlier row, and its namespace (null: the current one).
  CommandResult request_close(const Endpoint& e, const NetnsInfo* netns = nullptr);
  CommandResult request_kill(int pid, int signal);
  // The shown rows (tombstones left out) with the shown registry columns, in display order.
  SaveResult save(const std::string& path, SaveFormat format) const;
  SavedView export_rows(SaveFormat format) const;  // the same text, without writing it
  // The rows' shown cells joined by tabs, one line each (rows that are gone are skipped).
  std::string copy_text(std::span<const std::uint64_t> row_ids) const;

 private:
  void rebuild();
  // The Namespace column appears while rows come from more than one network namespace (and goes
  // when they no longer do), unless the user chose the columns.
  void show_namespace_when_several();
  void apply_order(std::vector<std::size_t> order);
  OrderSpec order_spec() const;
  void send_arranger();
  void send_control(bool refresh_now);
  // Paused, rows stay as they are: only a refresh asked for (refresh_now, a command, resume) applies.
  bool accept_refresh();
  void take_table(LiveTablePtr table, std::uint64_t arranged_version, std::vector<std::size_t> order);

  ModelState s_;
  ModelServices services_;
  bool refresh_wanted_ = true;  // the first table is always wanted
};

}  // namespace sockscope::view
