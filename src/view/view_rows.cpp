// Filtering and sorting of live rows by the columns' one ordering (logic/column_order), ties as list's.
#include "view/view_rows.hpp"

#include <deque>
#include <vector>

#include "logic/column_order.hpp"
#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"
#include "logic/quick_filter.hpp"
#include "present/column_sort.hpp"
#include "present/query_columns.hpp"
#include "present/query_lookups.hpp"
#include "resolve/names.hpp"
#include "view/row_fields.hpp"

namespace sockscope::view {

namespace {

// A registry column sorts by its one ordering; the view's own columns are numbers.
SortKey view_sort_key(const ViewColumn& col, const LiveRow& row, const CellContext& ctx, std::string& scratch,
                      std::deque<std::string>& owned) {
  switch (col.field) {
    case ViewField::FirstSeen: return SortKey::number(row.first_seen.time_since_epoch().count());
    case ViewField::SendRate:
    case ViewField::ReceiveRate: {
      const auto& r = col.field == ViewField::SendRate ? row.rates.send : row.rates.receive;
      return r ? SortKey::real(*r) : SortKey::none();
    }
    case ViewField::Lifetime: return SortKey::number((row.snapshot->taken_at - row.first_seen).count());
    case ViewField::Data: break;
  }
  if (!col.data) return SortKey::none();
  const ValueContext vc{*row.snapshot, ctx.names, ctx.local};
  return column_sort_key(*col.data, row.endpoint(), vc, scratch, owned);
}

// Host names as the row shows them, for the quick filter.
std::string shown_names(const Endpoint& e, const CellContext& ctx) {
  std::string out;
  if (!ctx.names || e.proto == Proto::Unix) return out;
  for (const IpAddress* a : {&e.local, &e.remote}) {
    if (a->is_unspecified()) continue;
    if (auto n = ctx.names->host_name(*a)) out += *n + ' ';
  }
  return out;
}

// What `/` typed: an expression when it parses as one (`dport = :443`, `process ~ ^ssh`), else
// plain text for the quick find.
struct RowFilter {
  QuickFilter quick;
  std::optional<Query> query;
  explicit RowFilter(std::string_view typed) : quick(typed) {
    if (quick.empty()) return;
    // `:ssh` as on the command line. One set of lookups for the process: the filter is parsed again
    // for every refresh and every frame, /etc/services is read once.
    static const QueryLookups lookups = system_query_lookups();
    if (auto q = parse_query(typed, lookups)) query = std::move(*q);
  }
  bool matches(const LiveRow& row, const CellContext& ctx) const {
    const Endpoint& e = row.endpoint();
    // Ages count to the snapshot the row was last seen in (a closed row's age stops at its close).
    if (query) return evaluate(*query, e, RowFields(row, row.snapshot->taken_at, ValueContext{*row.snapshot, ctx.names, ctx.local}));
    return quick.empty() || quick.matches(e, *row.snapshot, shown_names(e, ctx));
  }
};

}  // namespace

bool filter_is_expression(std::string_view typed) { return RowFilter(typed).query.has_value(); }

bool shown_by_toggles(const ViewSettings& settings, const Endpoint& e) {
  if (!settings.protos.contains(e)) return false;
  const TcpState st = e.state == TcpState::NewSynRecv ? TcpState::SynRecv : e.state;
  return (settings.states & state_bit(st)) != 0;
}

std::optional<std::vector<std::size_t>> narrowed_rows(const ModelState& s, const CellContext& ctx,
                                                      std::string_view previous) {
  const RowFilter before(previous);
  const RowFilter now(s.filter);
  // Only more text typed after plain text narrows; an expression may select anything.
  if (before.query || now.query || now.quick.needle.find(before.quick.needle) == std::string::npos) return std::nullopt;
  std::vector<std::size_t> out;
  out.reserve(s.order.size());
  for (std::size_t i : s.order) {
    if (now.matches(s.table->rows[i], ctx)) out.push_back(i);
  }
  return out;
}

std::vector<std::size_t> ordered_rows(const ModelState& s, const CellContext& ctx) {
  const auto& rows = s.table->rows;
  const RowFilter filter(s.filter);
  std::vector<std::size_t> order;
  order.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Endpoint& e = rows[i].endpoint();
    if (!shown_by_toggles(s.settings, e)) continue;
    if (!filter.matches(rows[i], ctx)) continue;
    order.push_back(i);
  }
  const ViewColumn* col = s.sort_column < s.catalog.size() ? &s.catalog[s.sort_column] : nullptr;
  std::vector<OrderColumn> columns;
  std::deque<std::string> owned;  // text made on the fly (names, formatted values)
  if (col) {
    OrderColumn& c = columns.emplace_back();
    c.descending = s.sort_descending;
    c.keys.reserve(order.size());
    std::string scratch;
    for (std::size_t i : order) c.keys.push_back(view_sort_key(*col, rows[i], ctx, scratch, owned));
    rank_texts(c.keys);
  }
  std::vector<OrderRow> tie_rows;
  tie_rows.reserve(order.size());
  for (std::size_t i : order) tie_rows.push_back({&rows[i].endpoint(), rows[i].id});
  const std::vector<std::uint32_t> perm = order_by_columns(columns, tie_rows);
  std::vector<std::size_t> sorted(order.size());
  for (std::size_t k = 0; k < perm.size(); ++k) sorted[k] = order[perm[k]];
  return sorted;
}

}  // namespace sockscope::view
