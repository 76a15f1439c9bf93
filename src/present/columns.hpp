// The column registry: one table of every column, driving table headers, CSV headers, JSON keys and the TUI.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/column_id.hpp"
#include "model/snapshot.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

class NameSource;
class LocalLookups;

enum class Align : std::uint8_t { Left, Right };

// Text: a string_view. Integer: int64/uint64. Float: double. Timestamp: int64 Unix milliseconds,
// shown as ISO 8601 local time. IntegerList: text "12,345" (digits and commas; a JSON array).
enum class ValueKind : std::uint8_t { Text, Integer, Float, Timestamp, IntegerList };

// What must be collected for a column to have values (bit mask).
enum Need : std::uint8_t {
  kNeedNothing = 0,
  kNeedOwners = 1,   // the /proc fd scan joining sockets to processes
  kNeedTcpInfo = 2,  // tcp_info counters from sock_diag
  kNeedNames = 4,    // a NameSource (host / service names)
};

// A typed cell. monostate = absent (JSON null, empty CSV field, "-" in tables).
// Text views point into the snapshot, the LocalLookups, or the scratch string the getter was given:
// valid until that scratch is reused, the snapshot dies or the lookups die.
using Value = std::variant<std::monostate, std::int64_t, std::uint64_t, double, std::string_view>;

// What a getter reads besides the endpoint.
struct ValueContext {
  const Snapshot& snapshot;
  const NameSource* names = nullptr;  // null = numeric addresses and ports
  LocalLookups* local = nullptr;      // null = uids and interface indices as numbers
};

struct Column {
  ColumnId id;
  std::string_view key;          // id: CSV header and JSON key
  std::string_view title;        // table / TUI header
  Align align;
  ValueKind kind;
  Elide elide;                   // how a table shortens it; None = fixed
  std::uint8_t needs;            // Need bits
  bool in_data_default;          // part of the CSV/JSON default set
  std::string_view description;  // one line, for --help and the man page

  // The cell for one endpoint; `scratch` may be overwritten and backs text made on the fly.
  Value get(const Endpoint& e, const ValueContext& ctx, std::string& scratch) const;
};

// Every column, in ColumnId order.
std::span<const Column> all_columns();
const Column& column(ColumnId id);

// By id (case-insensitive) or title; spaces, '_' and '-' are ignored ("Local Port", "local-port").
const Column* find_column(std::string_view name);

std::vector<const Column*> default_table_columns();  // proto, local, remote, state, pid, process
std::vector<const Column*> default_data_columns();   // every column but the combined local/remote

// The union of the columns' Need bits, so a collector reads nothing nobody shows.
std::uint8_t columns_need(std::span<const Column* const> columns);

// Orders two cells of one column: absent last, numbers numerically, text bytewise. <0, 0, >0.
int compare_values(const Value& a, const Value& b);

// Writes an int64, uint64 or double cell (shortest round-trip float) into room for
// kMaxNumberText bytes; returns the end. Other alternatives write nothing.
inline constexpr std::size_t kMaxNumberText = 32;
char* write_number(char* p, const Value& v);

// How table and CSV text shows a float: fixed 3 decimals (tables) or shortest round-trip (data).
enum class FloatStyle : std::uint8_t { Fixed3, Shortest };

// Appends a cell's plain, unescaped text ("" for absent). Timestamps via `local`'s cache when given.
void append_plain_text(std::string& out, const Column& c, const Value& v, LocalLookups* local,
                       FloatStyle floats);

}  // namespace sockscope
