// LiveFeed: the collection options and namespace plan of each refresh, and the event capture on its own thread.
#include "view/live_feed.hpp"

#include <time.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <stop_token>
#include <thread>

#include "collect/conn_event_open.hpp"
#include "collect/netns_plan.hpp"
#include "present/sanitize.hpp"

namespace sockscope::view {

namespace {

// Events held between two refreshes at most; more are counted as lost (a refresh paused for long,
// or a burst beyond what the view could show anyway).
constexpr std::size_t kMaxPendingEvents = 50'000;

std::int64_t boottime_to_unix_ns() {
  auto ns = [](clockid_t c) {
    timespec ts{};
    ::clock_gettime(c, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  };
  return ns(CLOCK_REALTIME) - ns(CLOCK_BOOTTIME);
}

}  // namespace

// The stream polled on its own thread; the pump takes what gathered once per refresh.
class LiveFeed::Capture {
 public:
  explicit Capture(std::unique_ptr<ConnEventStream> stream) : stream_(std::move(stream)) {
    thread_ = std::jthread([this](std::stop_token st) { run(st); });
  }
  ~Capture() {
    thread_.request_stop();
    if (thread_.joinable()) thread_.join();
  }

  SnapshotPump::EventBatch take() {
    SnapshotPump::EventBatch batch;
    std::lock_guard lock(mutex_);
    batch.events.swap(pending_);
    batch.lost = stream_lost_ + overflow_;
    return batch;
  }

 private:
  void run(std::stop_token stop) {
    while (!stop.stop_requested()) {
      // Short timeouts: the thread notices the view closing within a fifth of a second.
      auto polled = stream_->poll(200, [this](ConnEvent&& e) {
        // Only closed TCP connections become rows; listeners and UDP are record's business.
        if (e.kind != ConnEventKind::Closed || e.proto != Proto::Tcp) return;
        std::lock_guard lock(mutex_);
        if (pending_.size() >= kMaxPendingEvents) ++overflow_;
        else pending_.push_back(std::move(e));
      });
      {
        std::lock_guard lock(mutex_);
        stream_lost_ = stream_->lost_events();
      }
      if (!polled) return;  // the capture broke: what came so far stays shown
    }
  }

  std::unique_ptr<ConnEventStream> stream_;
  std::mutex mutex_;
  std::vector<ConnEvent> pending_;
  std::uint64_t stream_lost_ = 0;
  std::uint64_t overflow_ = 0;
  std::jthread thread_;  // last: starts once everything above exists
};

LiveFeed::~LiveFeed() {
  pump_.reset();  // its thread takes from the capture until it is joined
  capture_.reset();
}

std::string LiveFeed::notice() const {
  if (netns_note_.empty()) return capture_note_;
  if (capture_note_.empty()) return netns_note_;
  return netns_note_ + "; " + capture_note_;
}

Result<std::unique_ptr<LiveFeed>> LiveFeed::start(LiveFeedOptions o) {
  // A --netns naming nothing is bad input, said before anything starts.
  auto first_plan = plan_netns(o.netns);
  if (!first_plan) return std::unexpected(first_plan.error());
  std::unique_ptr<LiveFeed> feed(new LiveFeed);
  feed->netns_note_ = first_plan->note;

  SnapshotPump::EventSource events;
  if (o.short_lived) {
    // The same choice as record and serve: eBPF, else the destroy groups.
    auto opened = open_capture(CaptureMode::Auto);
    std::unique_ptr<ConnEventStream> stream = opened ? std::move(opened->stream) : nullptr;
    // Short: the terminal shows it beside the key hints.
    if (!stream) {
      feed->capture_note_ = geteuid() != 0 ? "short-lived connections need root"
                                           : "short-lived connections: none (" + opened.error().message + ")";
    } else if (stream->mode() == "ebpf") {
      feed->capture_note_ = "short-lived connections: eBPF";
    } else {
      feed->capture_note_ = "short-lived connections: destroy groups, no owners";
    }
    feed->capture_note_ = terminal_safe(feed->capture_note_);
    if (stream) {
      feed->capture_ = std::make_unique<Capture>(std::move(stream));
      events = [capture = feed->capture_.get()] { return capture->take(); };
    }
  }

  auto state = o.collector ? o.collector : std::make_shared<CollectorState>();
  SnapshotPump::Source source = [state, method = o.owner_method, selectors = o.netns](bool unix_sockets) -> Result<Snapshot> {
    CollectOptions co;
    // Namespaces come and go between refreshes: found again each time (their sockets are kept).
    auto plan = plan_netns(selectors, /*owner_scan_sees_descriptors=*/true);
    if (!plan) return std::unexpected(plan.error());
    co.netns = std::move(plan->netns);
    co.descriptor_netns = plan->all;
    co.owner_method = method;
    co.state = state.get();
    co.query.raw = false;
    co.query.unix_sockets = unix_sockets;
    co.query.tcp_info = true;
    co.owners = true;
    return collect_snapshot(co);
  };
  CollectControl initial;
  initial.interval = o.interval;
  initial.unix_sockets = o.unix_sockets;
  DiffOptions diff;
  diff.highlight_refreshes = o.highlight_refreshes;
  ShortLivedOptions short_lived;
  short_lived.cap = o.short_lived_cap;
  short_lived.boot_to_unix_ns = boottime_to_unix_ns();
  feed->pump_ = std::make_unique<SnapshotPump>(std::move(source), initial, diff, std::move(events), short_lived);
  return feed;
}

}  // namespace sockscope::view
