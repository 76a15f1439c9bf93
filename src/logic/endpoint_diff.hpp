// The live table: what changed between snapshots (new, alive, state changed, closed), first-seen times and rates.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "logic/endpoint_identity.hpp"
#include "logic/filter.hpp"
#include "logic/rates.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

enum class RowStatus : std::uint8_t { Alive, New, StateChanged, Closed };

struct DiffOptions {
  // How many refreshes New and StateChanged rows stay highlighted, and closed rows stay as
  // tombstones (TCPView: three).
  int highlight_refreshes = 3;
  // Endpoints of these protocols appear and vanish quietly (no highlight, no tombstone): what is
  // collected just changed (UNIX sockets switched on or off), not the host.
  ProtoSet quiet;
};

// Fields ordered by size: a table holds one row per socket, and the live view up to three tables.
struct LiveRow {
  std::uint64_t id = 0;  // stable while the socket lives; selection follows it
  SnapshotPtr snapshot;   // the snapshot the row was last seen in (older ones for tombstones)
  std::size_t index = 0;  // into snapshot->endpoints
  std::uint64_t status_since = 0;  // refresh number the status began at
  // Linux records no creation time for sockets: this is when sockscope first saw it. With
  // existed_before it only bounds the creation from above (present in the first snapshot, or
  // collected only once a protocol was switched on).
  std::chrono::system_clock::time_point first_seen{};
  Rates rates;
  RowStatus status = RowStatus::Alive;
  bool existed_before = false;
  // A connection born and gone between two snapshots, known from the event capture alone: a
  // tombstone from the start. Its snapshot holds just it, taken at its close; first_seen is its open.
  bool short_lived = false;

  const Endpoint& endpoint() const { return snapshot->endpoints[index]; }
  // The first owner, or null.
  const Process* owner() const;
};

// What the event capture beside the snapshots added, since the first table (carried by advance()).
struct EventTally {
  bool capturing = false;           // an event capture runs: the counts below mean something
  std::uint64_t short_lived = 0;    // connections born and gone between two snapshots
  std::uint64_t over_cap = 0;       // of those, not shown: too many short-lived rows at once
  std::uint64_t lost = 0;           // events the capture lost (full ring buffer, bad records)
  friend bool operator==(const EventTally&, const EventTally&) = default;
};

struct LiveTable {
  std::uint64_t refresh = 0;  // snapshots applied so far; the first is refresh 1
  std::uint64_t next_id = 1;
  std::chrono::system_clock::time_point started{};  // the first snapshot's time
  SnapshotPtr latest;
  std::vector<LiveRow> rows;  // the latest snapshot's endpoints in its order, then tombstones
  EventTally events;
};

// A connection that opened and closed between two snapshots: `snapshot` holds it alone (its one
// endpoint, its owner when known) and was taken at its close; `opened` is when it opened, or
// nullopt when the capture cannot tell (the sock_diag destroy groups).
struct ClosedBetween {
  SnapshotPtr snapshot;
  std::optional<std::chrono::system_clock::time_point> opened;
};

// Tables are shared read-only between the thread that builds them and the screen.
using LiveTablePtr = std::shared_ptr<const LiveTable>;

// Working memory of advance(), kept by a caller that diffs every refresh so that each one does not
// allocate (and, at 100k sockets, fault in) megabytes of index afresh. Holds nothing between
// calls that affects a result.
struct DiffScratch {
  std::vector<std::uint64_t> slots;        // open-addressing index of the previous live rows
  std::vector<std::uint32_t> match;        // per current endpoint: its previous row, or none
  std::vector<std::uint8_t> used;          // per previous row: matched
  std::vector<std::uint64_t> orphans;      // previous TCP rows left unmatched: (hash, row)
  // Storage for the next table's rows: a caller may give back the rows of a table nobody uses
  // any more (cleared here before use), so their memory is reused instead of freed and faulted in.
  std::vector<LiveRow> spare_rows;
};

// Applies one snapshot. Pure: the result depends only on `prev`, `cur` (its endpoints and
// taken_at, the clock) and the options. Every endpoint of the first snapshot is Alive.
// Linear in the rows of both: one hash lookup per endpoint.
LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options);
LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options, DiffScratch& scratch);
// With the connections that opened and closed since `prev`: each a new tombstone (Closed and
// short_lived from the start), kept and dropped as every closed row.
LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options, DiffScratch& scratch,
                  std::span<const ClosedBetween> between);

// What a row shows at `refresh`: New and StateChanged fade to Alive once highlight_refreshes
// refreshes have passed; Closed stays Closed until advance() drops it.
RowStatus shown_status(const LiveRow& row, std::uint64_t refresh, int highlight_refreshes);

}  // namespace sockscope
