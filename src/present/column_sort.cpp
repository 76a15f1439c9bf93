// Registry cells turned into sort keys, and the snapshot row sort `list --sort` uses.
#include "present/column_sort.hpp"

#include <charconv>

#include "logic/endpoint_order.hpp"

namespace sockscope {

namespace {

bool is_local_side(ColumnId id) { return id == ColumnId::LocalAddress || id == ColumnId::Local; }

// Numbers some columns show as text: a cookie in hex, a pid list "12,345" by its first pid.
SortKey number_in_text(ColumnId id, std::string_view t) {
  std::uint64_t v = 0;
  const int base = id == ColumnId::Cookie ? 16 : 10;
  if (std::from_chars(t.data(), t.data() + t.size(), v, base).ec != std::errc{}) return SortKey::text(t);
  return SortKey::unsigned_number(v);
}

}  // namespace

SortKey column_sort_key(const Column& c, const Endpoint& e, const ValueContext& ctx, std::string& scratch,
                        std::deque<std::string>& owned) {
  const OrderRule rule = order_rule(c.id);
  if (rule == OrderRule::Address) return address_key(e, is_local_side(c.id));
  const Value v = c.get(e, ctx, scratch);
  if (std::holds_alternative<std::monostate>(v)) return SortKey::none();
  if (const auto* i = std::get_if<std::int64_t>(&v)) return SortKey::number(*i);
  if (const auto* u = std::get_if<std::uint64_t>(&v)) return SortKey::unsigned_number(*u);
  if (const auto* d = std::get_if<double>(&v)) return SortKey::real(*d);
  std::string_view t = std::get<std::string_view>(v);
  if (rule == OrderRule::Number) return number_in_text(c.id, t);
  // Views into the snapshot or the lookups stay valid; text in the scratch string is kept.
  if (t.data() == scratch.data()) t = owned.emplace_back(t);
  return SortKey::text(t);
}

void sort_snapshot_rows(std::vector<std::size_t>& rows, std::span<const ColumnSort> sorts, const ValueContext& ctx) {
  if (sorts.empty()) {
    sort_default(rows, ctx.snapshot.endpoints);
    return;
  }
  const auto& eps = ctx.snapshot.endpoints;
  std::deque<std::string> owned;
  std::string scratch;
  std::vector<OrderColumn> columns;
  for (const ColumnSort& s : sorts) {
    OrderColumn col;
    col.descending = s.descending;
    col.keys.reserve(rows.size());
    for (std::size_t r : rows) col.keys.push_back(column_sort_key(*s.column, eps[r], ctx, scratch, owned));
    rank_texts(col.keys);
    columns.push_back(std::move(col));
  }
  std::vector<OrderRow> order_rows;
  order_rows.reserve(rows.size());
  for (std::size_t r : rows) order_rows.push_back({&eps[r], r});
  const std::vector<std::uint32_t> perm = order_by_columns(columns, order_rows);
  std::vector<std::size_t> sorted(rows.size());
  for (std::size_t k = 0; k < perm.size(); ++k) sorted[k] = rows[perm[k]];
  rows = std::move(sorted);
}

}  // namespace sockscope
