// Everything the live view shows and remembers: settings, the live table, rows in order, selection, dialogs.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "logic/filter.hpp"
#include "tui/view_columns.hpp"

namespace sockscope::tui {

using Clock = std::chrono::steady_clock;

// What the user chose (command line first, keys later).
struct ViewSettings {
  std::chrono::milliseconds interval{1000};
  bool paused = false;
  bool resolve = true;         // names for addresses and ports (Ctrl+R, r)
  int highlight_refreshes = 3; // New / changed highlight and closed-row lifetime
  bool color = true;           // false: a marker column (+ - *) carries what colours would
  bool utf8 = true;            // box drawing, arrows and "…" on screen
  bool as_root = false;        // hidden owners then are not a matter of running as root
  ProtoSet protos = default_protos();
  std::uint32_t states = kAllStates;

  // TCPv4, TCPv6, UDPv4, UDPv6; UNIX sockets are available but off.
  static ProtoSet default_protos() {
    ProtoSet p;
    p.tcp4 = p.tcp6 = p.udp4 = p.udp6 = true;
    return p;
  }
};

enum class DialogKind : std::uint8_t {
  None, Help, Properties, Message,
  ConfirmClose, ConfirmTerminate, ConfirmKill,
  Columns, Protocols, States, SortColumn,
  SavePrompt,
};

struct Dialog {
  DialogKind kind = DialogKind::None;
  std::string title;
  std::vector<std::string> lines;  // terminal-safe text
  int scroll = 0;                  // first line shown (Help, Properties, Message)
  int cursor = 0;                  // choosers: the highlighted item
  Endpoint endpoint;               // ConfirmClose: the connection
  int pid = 0;                     // ConfirmTerminate / ConfirmKill
  std::string input;               // SavePrompt: the file name typed so far
};

inline Dialog make_dialog(DialogKind kind, std::string title, std::vector<std::string> lines = {}) {
  Dialog d;
  d.kind = kind;
  d.title = std::move(title);
  d.lines = std::move(lines);
  return d;
}

// One shown column's place on screen, as last drawn (for mouse clicks on the header).
struct ColumnSpan {
  std::size_t column = 0;  // catalog index
  int x = 0;
  int width = 0;
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

struct ViewState {
  ViewSettings settings;
  LiveTablePtr table = std::make_shared<const LiveTable>();
  ProtoSet quiet_next;     // protocols whose collection was just switched on or off
  int quiet_refreshes = 0;  // how many more snapshots apply quiet_next

  std::vector<ViewColumn> catalog;
  std::vector<std::size_t> visible;  // catalog indices, in display order
  std::size_t sort_column = 0;       // catalog index
  bool sort_descending = false;

  std::string filter;  // quick filter text
  bool filter_editing = false;

  std::vector<std::size_t> order;  // indices into table.rows: filtered, sorted
  OrderSpec arranged_spec;         // what the collector thread was last told to arrange by
  std::uint64_t arranger_version = 0;  // its version (0: never told)
  std::optional<std::uint64_t> selected_id;
  std::size_t cursor = 0;        // position in `order`
  std::size_t top = 0;           // first row shown
  std::size_t first_column = 0;  // horizontal scroll: index into `visible`

  int width = 80;
  int height = 24;

  Dialog dialog;
  std::string message;  // one line on the bottom row until message_until
  Clock::time_point message_until{};
  std::string collect_error;  // the last collection failure, until one succeeds
  bool quit = false;

  std::vector<ColumnSpan> layout;  // as last rendered

  int body_height() const { return height > 3 ? height - 3 : 1; }
};

}  // namespace sockscope::tui
