// What the live model holds: settings, the live table, rows in order, sort, filter and selection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "logic/filter.hpp"
#include "view/view_columns.hpp"

namespace sockscope::view {

using Clock = std::chrono::steady_clock;

// What the user chose (command line first, then the client's controls).
struct ViewSettings {
  std::chrono::milliseconds interval{1000};
  bool paused = false;
  bool resolve = true;         // names for addresses and ports
  int highlight_refreshes = 3; // New / changed highlight and closed-row lifetime
  bool color = true;           // false: clients mark highlights without colour (+ - *)
  bool utf8 = true;            // "≤" and other non-ASCII text in cells
  bool as_root = false;        // hidden owners then are not a matter of running as root
  // Shown in the status bar for the whole session, e.g. that only the current network namespace is seen.
  std::string notice;
  ProtoSet protos = default_protos();
  std::uint32_t states = kAllStates;

  // TCPv4, TCPv6, UDPv4, UDPv6; UNIX sockets are available but off.
  static ProtoSet default_protos() {
    ProtoSet p;
    p.tcp4 = p.tcp6 = p.udp4 = p.udp6 = true;
    return p;
  }
};

// What decides which rows show and in what order; when it changes, the collector thread gets a
// new RowArranger.
struct OrderSpec {
  std::string filter;
  std::size_t sort_column = 0;
  bool sort_descending = false;
  ProtoSet protos;
  std::uint32_t states = 0;
  bool resolve = false;
  bool operator==(const OrderSpec& o) const {
    const ProtoSet& a = protos;
    const ProtoSet& b = o.protos;
    return filter == o.filter && sort_column == o.sort_column && sort_descending == o.sort_descending &&
           states == o.states && resolve == o.resolve && a.tcp4 == b.tcp4 && a.tcp6 == b.tcp6 &&
           a.udp4 == b.udp4 && a.udp6 == b.udp6 && a.raw4 == b.raw4 && a.raw6 == b.raw6 && a.unix_ == b.unix_;
  }
};

struct ModelState {
  ViewSettings settings;
  LiveTablePtr table = std::make_shared<const LiveTable>();
  ProtoSet quiet_next;      // protocols whose collection was just switched on or off
  int quiet_refreshes = 0;  // how many more snapshots apply quiet_next

  std::vector<ViewColumn> catalog;
  std::vector<std::size_t> visible;  // catalog indices, in display order
  bool columns_chosen = false;       // the user picked columns: no Namespace column comes and goes by itself
  std::size_t sort_column = 0;       // catalog index
  bool sort_descending = false;
  std::string filter;                // quick filter text

  std::vector<std::size_t> order;      // indices into table->rows: filtered, sorted
  OrderSpec arranged_spec;             // what the collector thread was last told to arrange by
  std::uint64_t arranger_version = 0;  // its version (0: never told)
  std::optional<std::uint64_t> selected_id;
  std::size_t selected_pos = 0;  // the selection's position in `order`

  std::string collect_error;  // the last collection failure, until one succeeds
};

}  // namespace sockscope::view
