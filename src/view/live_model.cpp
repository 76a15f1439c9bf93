// LiveModel: applying tables, rebuilding the row order, keeping the selection, and the commands.
#include "view/live_model.hpp"

#include <algorithm>
#include <cerrno>

#include "logic/selection.hpp"
#include "present/local_lookups.hpp"
#include "resolve/names.hpp"
#include "view/view_rows.hpp"

namespace sockscope::view {

namespace {

CommandResult result(Outcome o, std::string detail = {}) { return CommandResult{o, std::move(detail)}; }

}  // namespace

std::string event_tally_text(const EventTally& t) {
  if (!t.capturing) return "";
  std::string out = std::to_string(t.short_lived) + " short-lived";
  if (t.over_cap) out += " (" + std::to_string(t.over_cap) + " not shown: too many at once)";
  if (t.lost) out += ", " + std::to_string(t.lost) + " events lost";
  return out;
}

LiveModel::LiveModel(ViewSettings settings, ModelServices services) : services_(std::move(services)) {
  s_.settings = settings;
  s_.catalog = view_column_catalog();
  s_.visible = default_visible_columns(s_.catalog);
  s_.sort_column = find_view_column(s_.catalog, "process");
  send_arranger();
}

CellContext LiveModel::cell_context() const {
  CellContext ctx;
  ctx.names = s_.settings.resolve ? services_.names : nullptr;
  ctx.local = services_.local;
  ctx.utf8 = s_.settings.utf8;
  return ctx;
}

CollectControl LiveModel::collect_control() const {
  CollectControl c;
  if (!s_.settings.paused) c.interval = s_.settings.interval;
  c.unix_sockets = s_.settings.protos.unix_;
  return c;
}

void LiveModel::send_control(bool refresh_now) {
  if (refresh_now) refresh_wanted_ = true;
  if (!services_.control) return;
  CollectControl c = collect_control();
  c.refresh_now = refresh_now;
  services_.control(c);
}

bool LiveModel::accept_refresh() {
  if (s_.settings.paused && !refresh_wanted_) return false;
  refresh_wanted_ = false;
  return true;
}

void LiveModel::apply(SnapshotPtr snapshot, Clock::time_point) {
  if (!accept_refresh()) return;
  DiffOptions options;
  options.highlight_refreshes = s_.settings.highlight_refreshes;
  // A snapshot already on its way when collection changed may come first: stay quiet for two.
  if (s_.quiet_refreshes > 0) {
    options.quiet = s_.quiet_next;
    if (--s_.quiet_refreshes == 0) s_.quiet_next = {};
  }
  take_table(std::make_shared<const LiveTable>(advance(*s_.table, std::move(snapshot), options)), 0, {});
}

void LiveModel::apply_table(LiveTablePtr table, Clock::time_point, std::uint64_t arranged_version,
                            std::vector<std::size_t> order) {
  if (accept_refresh()) take_table(std::move(table), arranged_version, std::move(order));
}

void LiveModel::take_table(LiveTablePtr table, std::uint64_t arranged_version, std::vector<std::size_t> order) {
  s_.table = std::move(table);
  s_.collect_error.clear();
  show_namespace_when_several();
  const bool usable = arranged_version != 0 && arranged_version == s_.arranger_version &&
                      s_.arranged_spec == order_spec() &&
                      std::all_of(order.begin(), order.end(), [&](std::size_t i) { return i < s_.table->rows.size(); });
  if (usable) apply_order(std::move(order));
  else rebuild();
}

void LiveModel::collect_failed(std::string message) { s_.collect_error = std::move(message); }

RowView LiveModel::row(std::size_t position) const {
  const LiveRow& r = s_.table->rows[s_.order[position]];
  const std::uint64_t refresh = s_.table->refresh;
  return RowView{&r, shown_status(r, refresh, s_.settings.highlight_refreshes),
                 refresh >= r.status_since ? refresh - r.status_since : 0};
}

std::vector<RowView> LiveModel::rows() const {
  std::vector<RowView> out;
  out.reserve(s_.order.size());
  for (std::size_t k = 0; k < s_.order.size(); ++k) out.push_back(row(k));
  return out;
}

OrderSpec LiveModel::order_spec() const {
  OrderSpec o;
  o.filter = s_.filter;
  o.sort_column = s_.sort_column;
  o.sort_descending = s_.sort_descending;
  o.protos = s_.settings.protos;
  o.states = s_.settings.states;
  o.resolve = s_.settings.resolve;
  return o;
}

// The collector thread arranges each new table as the model would, with its own copy of the
// settings and its own user-name cache (LocalLookups is not thread-safe; NameSource is).
void LiveModel::send_arranger() {
  s_.arranged_spec = order_spec();
  ++s_.arranger_version;
  if (!services_.arrange) return;
  ModelState spec;
  spec.settings = s_.settings;
  spec.catalog = s_.catalog;
  spec.sort_column = s_.sort_column;
  spec.sort_descending = s_.sort_descending;
  spec.filter = s_.filter;
  CellContext ctx = cell_context();
  auto local = std::make_shared<LocalLookups>();
  ctx.local = local.get();
  RowArranger arranger;
  arranger.version = s_.arranger_version;
  arranger.arrange = [spec = std::move(spec), ctx, local](const LiveTablePtr& table) mutable {
    spec.table = table;
    std::vector<std::size_t> order = ordered_rows(spec, ctx);
    spec.table.reset();
    return order;
  };
  services_.arrange(std::move(arranger));
}

void LiveModel::rebuild() {
  if (s_.arranger_version == 0 || !(s_.arranged_spec == order_spec())) send_arranger();
  apply_order(ordered_rows(s_, cell_context()));
}

void LiveModel::apply_order(std::vector<std::size_t> order) {
  s_.order = std::move(order);
  std::vector<std::uint64_t> ids;
  ids.reserve(s_.order.size());
  for (std::size_t i : s_.order) ids.push_back(s_.table->rows[i].id);
  auto pos = track_selection(ids, s_.selected_id, s_.selected_pos);
  if (pos) {
    s_.selected_pos = *pos;
    s_.selected_id = ids[*pos];
  } else {
    s_.selected_pos = 0;
  }
}

void LiveModel::sort_by(std::size_t column, bool descending) {
  s_.sort_column = column;
  s_.sort_descending = descending;
  rebuild();
}

void LiveModel::set_filter(std::string text) {
  if (text == s_.filter) return;
  const std::string before = std::exchange(s_.filter, std::move(text));
  // Typing on narrows what is shown: no need to sort 100k rows again for each letter.
  if (auto narrowed = narrowed_rows(s_, cell_context(), before)) {
    send_arranger();
    apply_order(std::move(*narrowed));
  } else {
    rebuild();
  }
}

bool LiveModel::set_protocols(ProtoSet protos) {
  const bool collection_changed = protos.unix_ != s_.settings.protos.unix_;
  s_.settings.protos = protos;
  if (collection_changed) {
    s_.quiet_next.unix_ = true;
    s_.quiet_refreshes = 2;
    send_control(true);
  }
  rebuild();
  return collection_changed;
}

void LiveModel::set_states(std::uint32_t states) {
  s_.settings.states = states;
  rebuild();
}

void LiveModel::set_columns(std::vector<std::size_t> visible) {
  std::erase_if(visible, [&](std::size_t i) { return i >= s_.catalog.size(); });
  if (visible.empty()) return;  // one column always stays
  s_.visible = std::move(visible);
  s_.columns_chosen = true;
}

void LiveModel::show_namespace_when_several() {
  if (s_.columns_chosen || !s_.table->latest) return;
  const std::size_t ns = find_view_column(s_.catalog, "netns_name");
  if (ns == s_.catalog.size()) return;
  const bool want = s_.table->latest->namespaces.size() > 1;
  const auto at = std::ranges::find(s_.visible, ns);
  if (want && at == s_.visible.end()) {
    // After the PID, beside the process it qualifies.
    const auto pid = std::ranges::find(s_.visible, find_view_column(s_.catalog, "pid"));
    s_.visible.insert(pid == s_.visible.end() ? s_.visible.end() : pid + 1, ns);
  } else if (!want && at != s_.visible.end()) {
    s_.visible.erase(at);
  }
}

void LiveModel::set_resolve(bool resolve) {
  s_.settings.resolve = resolve;
  rebuild();
}

void LiveModel::pause() {
  s_.settings.paused = true;
  send_control(false);
}

void LiveModel::resume() {
  s_.settings.paused = false;
  send_control(true);
}

void LiveModel::set_interval(std::chrono::milliseconds interval) {
  s_.settings.interval = interval;
  s_.settings.paused = false;
  send_control(false);
}

void LiveModel::refresh_now() { send_control(true); }

void LiveModel::select(std::uint64_t row_id) {
  for (std::size_t k = 0; k < s_.order.size(); ++k) {
    if (s_.table->rows[s_.order[k]].id == row_id) return select_position(k);
  }
}

void LiveModel::select_position(std::size_t position) {
  if (s_.order.empty()) return;
  s_.selected_pos = std::min(position, s_.order.size() - 1);
  s_.selected_id = s_.table->rows[s_.order[s_.selected_pos]].id;
}

std::optional<std::size_t> LiveModel::selected_position() const {
  if (s_.order.empty() || s_.selected_pos >= s_.order.size()) return std::nullopt;
  return s_.selected_pos;
}

const LiveRow* LiveModel::selected() const {
  const auto pos = selected_position();
  return pos ? &s_.table->rows[s_.order[*pos]] : nullptr;
}

const LiveRow* LiveModel::find_row(std::uint64_t row_id) const {
  for (const LiveRow& r : s_.table->rows) {
    if (r.id == row_id) return &r;
  }
  return nullptr;
}

void LiveModel::request_names(std::size_t first, std::size_t count) const {
  if (!s_.settings.resolve || !services_.request_name) return;
  const std::size_t end = std::min(s_.order.size(), first + count);
  for (std::size_t i = first; i < end; ++i) {
    const Endpoint& e = s_.table->rows[s_.order[i]].endpoint();
    if (e.proto == Proto::Unix) continue;
    if (!e.local.is_unspecified()) services_.request_name(e.local);
    if (!e.remote.is_unspecified()) services_.request_name(e.remote);
  }
}

CommandResult LiveModel::can_close(std::uint64_t row_id) const {
  const LiveRow* row = find_row(row_id);
  if (!row) return result(Outcome::NoSuchRow);
  const Endpoint& e = row->endpoint();
  if (e.proto != Proto::Tcp || (e.family != Family::Inet4 && e.family != Family::Inet6)) {
    return result(Outcome::NotApplicable, std::string(proto_name(e)));
  }
  if (row->status == RowStatus::Closed) return result(Outcome::AlreadyClosed);
  return result(Outcome::Done);
}

CommandResult LiveModel::request_close(std::uint64_t row_id) {
  CommandResult check = can_close(row_id);
  if (check.outcome != Outcome::Done) return check;
  const LiveRow* row = find_row(row_id);
  return request_close(row->endpoint(), row->snapshot->netns_of(row->index));
}

CommandResult LiveModel::request_close(const Endpoint& e, const NetnsInfo* netns) {
  if (!services_.close_connection) return result(Outcome::Unavailable);
  Result<void> r = services_.close_connection(e, netns);
  if (r) {
    send_control(true);
    return result(Outcome::Done);
  }
  switch (r.error().code) {
    case EPERM:
    case EACCES: return result(Outcome::NotPermitted, r.error().message);
    case EOPNOTSUPP: return result(Outcome::NotSupported, r.error().message);
    case ENOENT:
      send_control(true);
      return result(Outcome::Gone);
    default: return result(Outcome::Failed, r.error().message);
  }
}

CommandResult LiveModel::request_kill(int pid, int signal) {
  if (!services_.send_signal) return result(Outcome::Unavailable);
  Result<void> r = services_.send_signal(pid, signal);
  if (r) {
    send_control(true);
    return result(Outcome::Done);
  }
  switch (r.error().code) {
    case EPERM: return result(Outcome::NotPermitted, r.error().message);
    case ESRCH:
      send_control(true);
      return result(Outcome::Gone);
    default: return result(Outcome::Failed, r.error().message);
  }
}

SavedView LiveModel::export_rows(SaveFormat format) const { return export_view(s_, cell_context(), format); }

SaveResult LiveModel::save(const std::string& path, SaveFormat format) const {
  SaveResult out;
  out.format = format;
  if (!services_.write_file) {
    out.result = result(Outcome::Unavailable);
    return out;
  }
  const SavedView saved = export_rows(format);
  out.rows = saved.rows;
  if (Result<void> r = services_.write_file(path, saved.content); !r) out.result = result(Outcome::Failed, r.error().message);
  return out;
}

std::string LiveModel::copy_text(std::span<const std::uint64_t> row_ids) const {
  std::string out;
  for (std::uint64_t id : row_ids) {
    const LiveRow* row = find_row(id);
    if (!row) continue;
    if (!out.empty()) out += '\n';
    out += row_as_text(s_, *row, cell_context());
  }
  return out;
}

}  // namespace sockscope::view
