// The history query: SQL window, per-row filter, a bounded top-k for any other order.
#include "history/history_query.hpp"

#include <algorithm>
#include <cstdlib>

#include "history/history_fields.hpp"
#include "logic/column_order.hpp"
#include "logic/query_eval.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

// <0, 0, >0 as a's value of `c` sorts before, with or after b's: times by their instant, numbers by
// value (unknown first), the rest as text.
int compare_column(const StoredConnection& a, const StoredConnection& b, const HistoryColumn& c) {
  auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : y < x ? 1 : 0; };
  if (c.key == "closed") return three_way(a.closed_ns, b.closed_ns);
  if (c.key == "opened") return three_way(a.opened_ns, b.opened_ns);
  const std::string x = c.text(a, true), y = c.text(b, true);
  if (!c.numeric) return three_way(x, y);
  if (x.empty() || y.empty()) return three_way(!x.empty(), !y.empty());
  return three_way(std::strtod(x.c_str(), nullptr), std::strtod(y.c_str(), nullptr));
}

}  // namespace

void HistoryRequest::set_filter(Query q) {
  push_down(q.root, sql);
  filter = std::move(q);
}

std::optional<std::string> parse_history_sort(std::span<const std::string> words, std::vector<HistorySort>& out) {
  for (const std::string& item : words) {
    const SortWord word = parse_sort_word(item);
    if (!word.valid)
      return "sort: unknown direction '" + terminal_safe(word.direction) + "' in " + terminal_safe(item) + " (asc or desc)";
    const HistoryColumn* c = find_history_column(word.column);
    if (!c) return "sort: unknown column '" + terminal_safe(word.column) + "' (see sockscope history --help)";
    out.push_back({c, word.descending});
  }
  return std::nullopt;
}

Result<HistoryRows> run_history_query(const HistoryDb& db, const HistoryRequest& request) {
  HistoryQuery sql = request.sql;
  std::vector<HistorySort> sort = request.sort;
  // By close time either way: SQL's order (an index), no sorting here.
  if (sort.size() == 1 && sort[0].column->key == "closed") {
    sql.newest_first = sort[0].descending;
    sort.clear();
  }
  struct Kept {
    std::size_t seq;  // SQL order: ties keep it
    StoredConnection row;
  };
  auto before = [&](const Kept& a, const Kept& b) {
    for (const auto& s : sort) {
      const int c = compare_column(a.row, b.row, *s.column);
      if (c != 0) return s.descending ? c > 0 : c < 0;
    }
    return a.seq < b.seq;
  };
  const std::size_t limit = request.limit.value_or(SIZE_MAX);
  std::vector<Kept> kept;  // with a sort and a limit: a heap whose top is the last row kept
  HistoryRows out;
  std::size_t seq = 0;
  auto r = db.each_connection(sql, [&](StoredConnection&& row) {
    if (request.filter && !evaluate(*request.filter, history_endpoint(row), HistoryFields(row))) return true;
    if (limit == 0) {
      out.truncated = true;
      return false;
    }
    Kept k{seq++, std::move(row)};
    if (sort.empty()) {
      if (kept.size() == limit) {
        out.truncated = true;
        return false;  // SQL's order: the rest come after
      }
      kept.push_back(std::move(k));
      return true;
    }
    if (kept.size() < limit) {
      kept.push_back(std::move(k));
      std::push_heap(kept.begin(), kept.end(), before);
    } else {
      out.truncated = true;
      if (before(k, kept.front())) {
        std::pop_heap(kept.begin(), kept.end(), before);
        kept.back() = std::move(k);
        std::push_heap(kept.begin(), kept.end(), before);
      }
    }
    return true;
  });
  if (!r) return std::unexpected(r.error());
  if (!sort.empty()) std::sort_heap(kept.begin(), kept.end(), before);
  out.rows.reserve(kept.size());
  for (auto& k : kept) out.rows.push_back(std::move(k.row));
  return out;
}

std::string history_json(std::span<const StoredConnection> rows, std::span<const HistoryColumn* const> columns) {
  std::string out = "[";
  for (const auto& r : rows) out += (out.size() > 1 ? ",\n" : "\n") + history_row_json(r, columns);
  out += "\n]\n";
  return out;
}

}  // namespace sockscope
