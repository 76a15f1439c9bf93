// One ordering per column, shared by every view that sorts rows (list --sort, the live view, the GUI).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/column_id.hpp"
#include "model/endpoint.hpp"

namespace sockscope {

// How a column's cells compare. Address: numerically, IPv4 before IPv6, then the bytes, then the
// port (UNIX paths after every IP address). Number: numerically. Text: case-insensitively, then bytewise.
enum class OrderRule : std::uint8_t { Address, Number, Text };

OrderRule order_rule(ColumnId id);

// One row's value in the sorted column, as plain numbers and a text view. Only the members the
// rule uses vary; the rest stay 0. Absent values sort last (first when descending), as in tables.
struct SortKey {
  bool absent = false;
  std::int64_t i = 0;
  std::uint64_t u1 = 0, u2 = 0, u3 = 0;
  double d = 0;
  std::string_view s;        // text; views must outlive the sort
  std::uint32_t s_rank = 0;  // s's place among the column's distinct texts (rank_texts)

  static SortKey none() { SortKey k; k.absent = true; return k; }
  static SortKey number(std::int64_t v) { SortKey k; k.i = v; return k; }
  static SortKey unsigned_number(std::uint64_t v) { SortKey k; k.u1 = v; return k; }
  static SortKey real(double v) { SortKey k; k.d = v; return k; }
  static SortKey text(std::string_view v) { SortKey k; k.s = v; return k; }
};

// An endpoint's local or remote side under OrderRule::Address. A UNIX socket's local side is its
// path, its remote side absent.
SortKey address_key(const Endpoint& e, bool local);

// Ranks the keys' texts (case-insensitively, then bytewise) so sorting compares integers: call once
// per column after filling its keys and before compare_keys.
void rank_texts(std::span<SortKey> keys);

// <0, 0, >0; texts by the rank rank_texts gave them.
int compare_keys(const SortKey& a, const SortKey& b);

// One sorted column: a key per row, parallel to the rows being sorted.
struct OrderColumn {
  std::vector<SortKey> keys;
  bool descending = false;
};

// What breaks ties, identically everywhere: the default endpoint order (default_less), then the
// row's identity (its index in a snapshot, or a live row's id).
struct OrderRow {
  const Endpoint* endpoint;
  std::uint64_t id;
};

// The permutation putting rows in order by `columns` (first decides, the next breaks its ties, ...),
// then by the tie above. Texts must be ranked. Returns positions into `rows`.
std::vector<std::uint32_t> order_by_columns(std::span<const OrderColumn> columns, std::span<const OrderRow> rows);

// One sort word as --sort and the API's sort= take it: "COLUMN", "COLUMN:asc" or "COLUMN:desc".
struct SortWord {
  std::string_view column;
  bool descending = false;
  bool valid = true;           // false: what follows the last ':' is neither asc nor desc
  std::string_view direction;  // what follows the last ':'
};
SortWord parse_sort_word(std::string_view word);

}  // namespace sockscope
