// The collector thread: a timed loop around the source and the diff, woken early by refresh requests
// and control changes.
#include "view/snapshot_pump.hpp"

#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <utility>

namespace sockscope::view {

namespace {
// However long a collection takes, leave the machine this much rest before the next.
constexpr std::chrono::milliseconds kMinimumRest{100};
}  // namespace

SnapshotPump::SnapshotPump(Source source, CollectControl initial, DiffOptions diff, EventSource events,
                           ShortLivedOptions short_lived)
    : source_(std::move(source)), diff_(std::move(diff)), events_(std::move(events)), short_lived_(short_lived),
      event_fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)), control_(initial) {
  short_lived_.highlight_refreshes = diff_.highlight_refreshes;
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

void SnapshotPump::arrange_with(RowArranger arranger) {
  std::lock_guard lock(mutex_);
  arranger_ = std::move(arranger);
}

std::optional<Result<FeedItem>> SnapshotPump::take() {
  std::lock_guard lock(mutex_);
  if (event_fd_ >= 0) {
    std::uint64_t count;
    [[maybe_unused]] auto n = read(event_fd_, &count, sizeof count);
  }
  return std::exchange(latest_, std::nullopt);
}

void SnapshotPump::run(std::stop_token stop) {
  using SteadyClock = std::chrono::steady_clock;
  // Keys come first: on a busy machine the screen's thread should not queue behind a collection
  // of 100k sockets. (Linux keeps a nice value per thread.)
  errno = 0;
  const int nice_now = getpriority(PRIO_PROCESS, 0);
  if (errno == 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(nice_now + 5, 19));
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
    Result<FeedItem> result = std::unexpected(Error{});
    if (collected) {
      auto cur = std::make_shared<const Snapshot>(std::move(*collected));
      // Events cost nothing on a refresh without any: no pass over the rows.
      ShortLivedPick pick;
      EventBatch batch;
      if (events_) {
        batch = events_();
        if (!batch.events.empty()) pick = pick_short_lived(*table_, *cur, batch.events, short_lived_);
      }
      auto built = std::make_shared<LiveTable>(advance(*table_, std::move(cur), options, scratch_, pick.rows));
      if (events_) {
        built->events.capturing = true;
        built->events.short_lived += pick.seen;
        built->events.over_cap += pick.over_cap;
        built->events.lost = batch.lost;
      }
      table_ = built;
      FeedItem item;
      item.table = table_;
      // The arranger wanted now, not when the collection began: a sort asked for during the
      // collection is done here, so the screen's thread need not sort the table again.
      RowArranger arranger;
      {
        std::lock_guard lock(mutex_);
        arranger = arranger_;
      }
      if (arranger.arrange) {
        item.order = arranger.arrange(table_);
        item.arranged_version = arranger.version;
      }
      handed_over_.push_back(std::move(built));
      // Shown now, the one before (maybe still shown) and the one before that (freed here).
      while (handed_over_.size() > 3) {
        // Nobody else holds it (the acquire pairs with the other holders' release of it): its
        // rows' memory becomes the next table's instead of being freed and faulted in again.
        if (handed_over_.front().use_count() == 1) {
          std::atomic_thread_fence(std::memory_order_acquire);
          scratch_.spare_rows = std::move(handed_over_.front()->rows);
          scratch_.spare_rows.clear();  // its snapshot goes now, not at the next refresh
        }
        handed_over_.pop_front();
      }
      result = std::move(item);
    } else {
      result = std::unexpected(collected.error());
    }
    const auto finished = SteadyClock::now();
    std::unique_lock lock(mutex_);
    // An untaken result is replaced: its table is still in handed_over_, so it is freed there.
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

}  // namespace sockscope::view
