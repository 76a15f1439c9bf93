// LiveView core: applying snapshots, rebuilding the row order, keeping the selection and the scroll in place.
#include "tui/live_view.hpp"

#include <algorithm>

#include "logic/selection.hpp"
#include "present/local_lookups.hpp"
#include "resolve/names.hpp"
#include "tui/view_rows.hpp"

namespace sockscope::tui {

LiveView::LiveView(ViewSettings settings, ViewServices services) : services_(std::move(services)) {
  state_.settings = settings;
  state_.catalog = view_column_catalog();
  state_.visible = default_visible_columns(state_.catalog);
  state_.sort_column = find_view_column(state_.catalog, "process");
  send_arranger();
}

CellContext LiveView::cell_context() const {
  CellContext ctx;
  ctx.names = state_.settings.resolve ? services_.names : nullptr;
  ctx.local = services_.local;
  ctx.utf8 = state_.settings.utf8;
  return ctx;
}

CollectControl LiveView::collect_control() const {
  CollectControl c;
  if (!state_.settings.paused) c.interval = state_.settings.interval;
  c.unix_sockets = state_.settings.protos.unix_;
  return c;
}

void LiveView::send_control(bool refresh_now) {
  if (!services_.control) return;
  CollectControl c = collect_control();
  c.refresh_now = refresh_now;
  services_.control(c);
}

void LiveView::on_snapshot(SnapshotPtr snapshot, Clock::time_point now) {
  DiffOptions options;
  options.highlight_refreshes = state_.settings.highlight_refreshes;
  // A snapshot already on its way when collection changed may come first: stay quiet for two.
  if (state_.quiet_refreshes > 0) {
    options.quiet = state_.quiet_next;
    if (--state_.quiet_refreshes == 0) state_.quiet_next = {};
  }
  on_table(std::make_shared<const LiveTable>(advance(*state_.table, std::move(snapshot), options)), now);
}

void LiveView::on_table(LiveTablePtr table, Clock::time_point, std::uint64_t arranged_version,
                        std::vector<std::size_t> order) {
  state_.table = std::move(table);
  state_.collect_error.clear();
  const bool usable = arranged_version != 0 && arranged_version == state_.arranger_version &&
                      state_.arranged_spec == order_spec() &&
                      std::all_of(order.begin(), order.end(), [&](std::size_t i) { return i < state_.table->rows.size(); });
  if (usable) apply_order(std::move(order));
  else rebuild();
}

void LiveView::on_collect_error(const std::string& message, Clock::time_point) {
  state_.collect_error = message;
}

OrderSpec LiveView::order_spec() const {
  OrderSpec o;
  o.filter = state_.filter;
  o.sort_column = state_.sort_column;
  o.sort_descending = state_.sort_descending;
  o.protos = state_.settings.protos;
  o.states = state_.settings.states;
  o.resolve = state_.settings.resolve;
  return o;
}

// The collector thread arranges each new table as the view would, with its own copy of the
// settings and its own user-name cache (LocalLookups is not thread-safe; NameSource is).
void LiveView::send_arranger() {
  state_.arranged_spec = order_spec();
  ++state_.arranger_version;
  if (!services_.arrange) return;
  ViewState spec;
  spec.settings = state_.settings;
  spec.catalog = state_.catalog;
  spec.sort_column = state_.sort_column;
  spec.sort_descending = state_.sort_descending;
  spec.filter = state_.filter;
  CellContext ctx = cell_context();
  auto local = std::make_shared<LocalLookups>();
  ctx.local = local.get();
  RowArranger arranger;
  arranger.version = state_.arranger_version;
  arranger.arrange = [spec = std::move(spec), ctx, local](const LiveTablePtr& table) mutable {
    spec.table = table;
    std::vector<std::size_t> order = ordered_rows(spec, ctx);
    spec.table.reset();
    return order;
  };
  services_.arrange(std::move(arranger));
}

void LiveView::rebuild() {
  if (state_.arranger_version == 0 || !(state_.arranged_spec == order_spec())) send_arranger();
  apply_order(ordered_rows(state_, cell_context()));
}

void LiveView::apply_order(std::vector<std::size_t> order) {
  const std::size_t old_cursor = state_.cursor;
  state_.order = std::move(order);
  std::vector<std::uint64_t> ids;
  ids.reserve(state_.order.size());
  for (std::size_t i : state_.order) ids.push_back(state_.table->rows[i].id);
  auto pos = track_selection(ids, state_.selected_id, old_cursor);
  if (pos) {
    state_.cursor = *pos;
    state_.selected_id = ids[*pos];
  } else {
    state_.cursor = 0;
  }
  keep_cursor_visible();
}

void LiveView::keep_cursor_visible() {
  const std::size_t page = static_cast<std::size_t>(state_.body_height());
  const std::size_t n = state_.order.size();
  if (state_.cursor < state_.top) state_.top = state_.cursor;
  if (state_.cursor >= state_.top + page) state_.top = state_.cursor + 1 - page;
  // No empty space below the last row while rows above are hidden.
  if (n <= page) state_.top = 0;
  else state_.top = std::min(state_.top, n - page);
}

void LiveView::move_cursor(long delta) {
  if (state_.order.empty()) return;
  const long last = static_cast<long>(state_.order.size()) - 1;
  const long to = std::clamp(static_cast<long>(state_.cursor) + delta, 0L, last);
  state_.cursor = static_cast<std::size_t>(to);
  state_.selected_id = state_.table->rows[state_.order[state_.cursor]].id;
  keep_cursor_visible();
}

const LiveRow* LiveView::selected_row() const {
  if (state_.order.empty() || state_.cursor >= state_.order.size()) return nullptr;
  return &state_.table->rows[state_.order[state_.cursor]];
}

void LiveView::set_message(std::string text, Clock::time_point now) {
  state_.message = std::move(text);
  state_.message_until = now + std::chrono::seconds(5);
}

void LiveView::request_visible_names() {
  if (!state_.settings.resolve || !services_.request_name) return;
  const std::size_t end = std::min(state_.order.size(), state_.top + static_cast<std::size_t>(state_.body_height()));
  for (std::size_t i = state_.top; i < end; ++i) {
    const Endpoint& e = state_.table->rows[state_.order[i]].endpoint();
    if (e.proto == Proto::Unix) continue;
    if (!e.local.is_unspecified()) services_.request_name(e.local);
    if (!e.remote.is_unspecified()) services_.request_name(e.remote);
  }
}

}  // namespace sockscope::tui
