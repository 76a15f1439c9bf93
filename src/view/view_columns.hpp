// The live view's columns: registry columns under TCPView's titles, plus view-only ones (first seen, rates).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "present/columns.hpp"

namespace sockscope {
class NameSource;
class LocalLookups;
}  // namespace sockscope

namespace sockscope::view {

// Where a column's cells come from: the column registry, or the live table's own history.
enum class ViewField : std::uint8_t { Data, FirstSeen, SendRate, ReceiveRate, Lifetime };

struct ViewColumn {
  std::string_view key;    // registry key, or "first_seen", "send_rate", "receive_rate", "lifetime"
  std::string_view title;  // header text
  std::string_view short_title;  // header when the screen is too narrow for the full titles
  ViewField field = ViewField::Data;
  const Column* data = nullptr;  // the registry column, for Data
  Align align = Align::Left;
  Elide elide = Elide::None;
  int min_width = 1;   // a squeezed column keeps this much
  int max_width = 40;  // a column never grows past this
};

// Every column the chooser offers: TCPView's, then rates, User and Module (the registry's "unit"
// column, when the registry has one), then every other registry column.
std::vector<ViewColumn> view_column_catalog();
// Catalog indices shown at start: TCPView 4's columns, rates, User, Module.
std::vector<std::size_t> default_visible_columns(const std::vector<ViewColumn>& catalog);
// The catalog index of a key, or catalog.size().
std::size_t find_view_column(const std::vector<ViewColumn>& catalog, std::string_view key);

// What cells read besides the row.
struct CellContext {
  const NameSource* names = nullptr;  // null = numeric addresses and ports
  LocalLookups* local = nullptr;      // user and interface names
  bool utf8 = true;                   // "≤" or "<=" for first-seen bounds
};

// The cell's display text, terminal-safe (hostile bytes escaped), appended to `out`.
void append_cell_text(std::string& out, const ViewColumn& c, const LiveRow& row, const CellContext& ctx);

// What the State cell of a short-lived row says (a connection born and gone between two refreshes).
inline constexpr std::string_view kShortLivedState = "SHORT-LIVED";

// "0.4 ms", "12 ms", "3.5 s", "4m05s", "2h14m".
void append_duration(std::string& out, std::chrono::nanoseconds d);

// "512 B/s", "1.5 kB/s", "12.0 MB/s".
void append_rate(std::string& out, double bytes_per_second);

}  // namespace sockscope::view
