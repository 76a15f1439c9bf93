// One history query as `history` and serve's /api/v1/history run it: the time window and address
// equality in SQL, the rest of the filter per row, an order, a bounded number of rows, the JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "history/history_columns.hpp"
#include "logic/query_ast.hpp"
#include "model/error.hpp"
#include "store/history_db.hpp"

namespace sockscope {

struct HistorySort {
  const HistoryColumn* column = nullptr;
  bool descending = false;
};

struct HistoryRequest {
  HistoryQuery sql;             // the window; set_filter adds what SQL can narrow
  std::optional<Query> filter;  // evaluated on every row SQL returns
  std::vector<HistorySort> sort;  // empty: by close time, oldest first
  std::optional<std::size_t> limit;  // at most this many rows (the first in the order), nullopt: all

  void set_filter(Query q);
};

struct HistoryRows {
  std::vector<StoredConnection> rows;
  bool truncated = false;  // more rows matched than the limit
};

// Runs the request; with a limit, holds at most `limit` rows however many match.
Result<HistoryRows> run_history_query(const HistoryDb& db, const HistoryRequest& request);

// Words "COLUMN[:asc|:desc]": the error names the bad part ("sort: unknown column 'x'").
std::optional<std::string> parse_history_sort(std::span<const std::string> words, std::vector<HistorySort>& out);

// `history -j`: one JSON array, an object per row and line.
std::string history_json(std::span<const StoredConnection> rows, std::span<const HistoryColumn* const> columns);

}  // namespace sockscope
