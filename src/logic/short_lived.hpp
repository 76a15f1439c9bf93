// Connections born and gone between two snapshots: which closed-connection events the live table never saw.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "model/conn_event.hpp"

namespace sockscope {

struct ShortLivedOptions {
  // Short-lived rows shown at once at most (they last as long as any closed row): a burst of
  // thousands of connections a second must not grow the table without bound.
  std::size_t cap = 500;
  int highlight_refreshes = 3;     // as DiffOptions: how long each row stays
  std::int64_t boot_to_unix_ns = 0;  // CLOCK_BOOTTIME + this = Unix time (event times are boot time)
};

struct ShortLivedPick {
  std::vector<ClosedBetween> rows;  // for advance()
  std::uint64_t seen = 0;           // short-lived connections among the events
  std::uint64_t over_cap = 0;       // of those, left out: the cap was reached
};

// The TCP connections whose close `events` report and that neither `prev` (any row, closed ones
// too) nor `cur` ever held open: each as a ClosedBetween with its owner from the event. A socket
// is recognised by its cookie, or by its addresses and namespace where either side has no cookie
// (/proc). Left out: events from namespaces `cur` did not collect, everything on the first
// refresh (nothing to compare with), and connections the eBPF capture saw open before it started
// (open time unknown). A TIME_WAIT socket does not count as seen: it is the afterlife of a
// connection already closed, without owner or counters. Events come from the capture, so
// addresses and names are the kernel's: presenters sanitise them as every cell.
// Costs one pass over `prev` and `cur` when there are events, nothing when there are none.
ShortLivedPick pick_short_lived(const LiveTable& prev, const Snapshot& cur, std::span<const ConnEvent> events,
                                const ShortLivedOptions& options);

// The one-row snapshot a short-lived connection is shown from (pick_short_lived's rows).
ClosedBetween closed_between(const ConnEvent& e, const Snapshot& cur, std::int64_t boot_to_unix_ns);

}  // namespace sockscope
