// The collector thread: a timed loop around the source and the diff, woken early by refresh requests
// and control changes.
#include "tui/snapshot_pump.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

namespace sockscope::tui {

namespace {
// However long a collection takes, leave the machine this much rest before the next.
constexpr std::chrono::milliseconds kMinimumRest{100};
}  // namespace

SnapshotPump::SnapshotPump(Source source, CollectControl initial, DiffOptions diff)
    : source_(std::move(source)), diff_(std::move(diff)), event_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      control_(initial) {
  thread_ = std::jthread([this](std::stop_token st) { run(st); });
}

SnapshotPump::~SnapshotPump() {
  thread_.request_stop();
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (event_fd_ >= 0) close(event_fd_);
}

void SnapshotPump::control(const CollectControl& c) {
  {
    std::lock_guard lock(mutex_);
    // A snapshot already on its way may come first: two stay quiet.
    if (c.unix_sockets != control_.unix_sockets) quiet_refreshes_ = 2;
    control_ = c;
    control_.refresh_now = false;
    if (c.refresh_now) refresh_requested_ = true;
    changed_ = true;
  }
  wake_.notify_all();
}

std::optional<Result<LiveTablePtr>> SnapshotPump::take() {
  std::lock_guard lock(mutex_);
  if (event_fd_ >= 0) {
    std::uint64_t count;
    [[maybe_unused]] auto n = read(event_fd_, &count, sizeof count);
  }
  return std::exchange(latest_, std::nullopt);
}

void SnapshotPump::run(std::stop_token stop) {
  using SteadyClock = std::chrono::steady_clock;
  while (!stop.stop_requested()) {
    bool unix_sockets;
    DiffOptions options = diff_;
    {
      std::lock_guard lock(mutex_);
      unix_sockets = control_.unix_sockets;
      refresh_requested_ = false;
      if (quiet_refreshes_ > 0) {
        options.quiet.unix_ = true;
        --quiet_refreshes_;
      }
    }
    const auto started = SteadyClock::now();
    Result<Snapshot> collected = source_(unix_sockets);
    Result<LiveTablePtr> result = std::unexpected(Error{});
    if (collected) {
      table_ = std::make_shared<const LiveTable>(
          advance(*table_, std::make_shared<const Snapshot>(std::move(*collected)), options));
      result = table_;
    } else {
      result = std::unexpected(collected.error());
    }
    const auto finished = SteadyClock::now();
    std::unique_lock lock(mutex_);
    latest_ = std::move(result);
    if (event_fd_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] auto n = write(event_fd_, &one, sizeof one);
    }
    // Sleep until due; a control change recomputes when that is, a refresh request ends it.
    for (;;) {
      changed_ = false;
      if (refresh_requested_ || stop.stop_requested()) break;
      if (control_.interval) {
        const auto due = std::max(started + *control_.interval, finished + kMinimumRest);
        if (wake_.wait_until(lock, stop, due, [&] { return refresh_requested_ || changed_; })) continue;
        if (stop.stop_requested() || SteadyClock::now() >= due) break;
      } else {
        wake_.wait(lock, stop, [&] { return refresh_requested_ || changed_; });
      }
    }
  }
}

}  // namespace sockscope::tui
