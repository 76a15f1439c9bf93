// The columns of `history` (and `record --jsonl`): keys as `list` names the same meanings, values from a stored row.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "store/stored_connection.hpp"

namespace sockscope {

struct HistoryColumn {
  std::string_view key;    // CSV header and JSON key; the same as list's where the meaning is
  std::string_view title;  // table header
  bool numeric;            // right-aligned; a bare JSON number
  // The value as text; "" when unknown (JSON null). `iso`: times in ISO 8601, else table form.
  std::string (*text)(const StoredConnection&, bool iso);
};

std::span<const HistoryColumn* const> all_history_columns();
std::span<const HistoryColumn* const> default_history_columns();
const HistoryColumn* find_history_column(std::string_view key);

// One JSON object (no newline) holding `columns` of `row`; strings escaped as list's JSON.
std::string history_row_json(const StoredConnection& row, std::span<const HistoryColumn* const> columns);

}  // namespace sockscope
