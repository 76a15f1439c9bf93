// One collection at a time, shared by every client within the interval.
#include "serve/engine.hpp"

#include <memory>

namespace sockscope::serve {

namespace {

std::int64_t steady_ns(Engine::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

Engine::Engine(Source source, std::chrono::milliseconds min_interval, MetricsOptions options)
    : source_(std::move(source)), min_interval_(min_interval), metrics_(std::move(options)) {}

Result<SnapshotPtr> Engine::snapshot() {
  auto fresh = [&] {
    std::lock_guard lock(state_);
    return last_at_ && Clock::now() - *last_at_ < min_interval_;
  };
  if (!fresh()) {
    std::lock_guard one_at_a_time(collecting_);
    // Whoever held it before may have just collected.
    if (!fresh()) {
      // The stale snapshot goes before the new one is built (peak memory: one snapshot, not two).
      // Nobody reads it meanwhile: every caller finds it stale and waits for this collection.
      std::uint64_t collection = 0;
      {
        std::lock_guard lock(state_);
        last_ = std::unexpected(Error{0, "collecting"});
        collection = metrics_.begin_collection();  // events from now on may be in what it reads
      }
      const auto started = Clock::now();
      Result<Snapshot> collected = source_();
      const auto finished = Clock::now();
      std::lock_guard lock(state_);
      ++stats_.collections;
      stats_.last_collection_seconds = std::chrono::duration<double>(finished - started).count();
      if (collected) {
        auto snap = std::make_shared<const Snapshot>(std::move(*collected));
        metrics_.observe(*snap, collection, steady_ns(finished));
        last_ = std::move(snap);
      } else {
        ++stats_.collection_errors;
        last_ = std::unexpected(collected.error());
      }
      last_at_ = finished;
    }
  }
  std::lock_guard lock(state_);
  return last_;
}

std::string Engine::metrics(ExpositionFormat format) {
  (void)snapshot();
  std::lock_guard lock(state_);
  ++stats_.scrapes;
  return metrics_.render(format, stats_);
}

ExporterStats Engine::stats() const {
  std::lock_guard lock(state_);
  return stats_;
}

void Engine::set_capture(std::string mode) {
  std::lock_guard lock(state_);
  stats_.capture = std::move(mode);
}

void Engine::events(std::span<const ConnEvent> events, std::uint64_t lost_total) {
  const auto now = Clock::now();
  std::lock_guard lock(state_);
  stats_.events_dropped = lost_total;
  metrics_.observe_events(events, steady_ns(now));
}

}  // namespace sockscope::serve
