// The exporter's engine: one long-lived collector (the caller's source keeps netlink sockets and the
// eBPF iterator loaded), at most one collection at a time however many clients ask, results younger
// than the minimum interval served from the last one, and nothing collected between requests.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include "model/error.hpp"
#include "model/snapshot.hpp"
#include "serve/metrics.hpp"

namespace sockscope::serve {

class Engine {
 public:
  using Source = std::function<Result<Snapshot>()>;
  using Clock = std::chrono::steady_clock;

  Engine(Source source, std::chrono::milliseconds min_interval, MetricsOptions options);

  // The newest snapshot: the last one when younger than the interval, else a new collection (a
  // caller arriving while one runs waits for it and takes it). The error of a failed collection is
  // kept for the interval too.
  Result<SnapshotPtr> snapshot();

  // /metrics: the exposition after a snapshot() (a failed collection is counted; the last good
  // values are served with it).
  std::string metrics(ExpositionFormat format);

  ExporterStats stats() const;

  // The event capture's name for sockscope_event_capture_info ("ebpf", "diag", "none").
  void set_capture(std::string mode);
  // Connection events from the capture's thread, and its running total of lost events. Waits for
  // no collection: only for the short update of the counters.
  void events(std::span<const ConnEvent> events, std::uint64_t lost_total);

 private:
  Source source_;
  std::chrono::milliseconds min_interval_;
  std::mutex collecting_;  // held for a whole collection: one at a time
  mutable std::mutex state_;  // the fields below
  std::optional<Clock::time_point> last_at_;
  Result<SnapshotPtr> last_ = std::unexpected(Error{0, "nothing collected yet"});
  Metrics metrics_;
  ExporterStats stats_;
};

}  // namespace sockscope::serve
