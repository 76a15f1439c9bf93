// The live table: what changed between snapshots (new, alive, state changed, closed), first-seen times and rates.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
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

struct LiveRow {
  std::uint64_t id = 0;  // stable while the socket lives; selection follows it
  EndpointKey key;
  SnapshotPtr snapshot;   // the snapshot the row was last seen in (older ones for tombstones)
  std::size_t index = 0;  // into snapshot->endpoints
  RowStatus status = RowStatus::Alive;
  std::uint64_t status_since = 0;  // refresh number the status began at
  // Linux records no creation time for sockets: this is when sockscope first saw it. With
  // existed_before it only bounds the creation from above (present in the first snapshot, or
  // collected only once a protocol was switched on).
  std::chrono::system_clock::time_point first_seen{};
  bool existed_before = false;
  Rates rates;

  const Endpoint& endpoint() const { return snapshot->endpoints[index]; }
  // The first owner, or null.
  const Process* owner() const;
};

struct LiveTable {
  std::uint64_t refresh = 0;  // snapshots applied so far; the first is refresh 1
  std::uint64_t next_id = 1;
  std::chrono::system_clock::time_point started{};  // the first snapshot's time
  SnapshotPtr latest;
  std::vector<LiveRow> rows;  // the latest snapshot's endpoints in its order, then tombstones
};

// Tables are shared read-only between the thread that builds them and the screen.
using LiveTablePtr = std::shared_ptr<const LiveTable>;

// Applies one snapshot. Pure: the result depends only on `prev`, `cur` (its endpoints and
// taken_at, the clock) and the options. Every endpoint of the first snapshot is Alive.
LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options);

// What a row shows at `refresh`: New and StateChanged fade to Alive once highlight_refreshes
// refreshes have passed; Closed stays Closed until advance() drops it.
RowStatus shown_status(const LiveRow& row, std::uint64_t refresh, int highlight_refreshes);

}  // namespace sockscope
