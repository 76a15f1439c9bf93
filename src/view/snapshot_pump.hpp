// The collector thread: runs the snapshot source every interval or on demand, diffs each snapshot
// against the last and arranges its rows for the view (so the screen's thread does neither), hands
// over immutable live tables.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

#include "logic/short_lived.hpp"
#include "view/snapshot_feed.hpp"

namespace sockscope::view {

class SnapshotPump final : public SnapshotFeed {
 public:
  // Collects a snapshot; `unix_sockets` says whether UNIX sockets are wanted too. Runs on the
  // pump's thread only.
  using Source = std::function<Result<Snapshot>(bool unix_sockets)>;

  // Closed-connection events gathered since the last call (by the capture's own thread), and the
  // capture's running total of lost events. Runs on the pump's thread, once per refresh.
  struct EventBatch {
    std::vector<ConnEvent> events;
    std::uint64_t lost = 0;
  };
  using EventSource = std::function<EventBatch()>;

  // Starts the thread; the first collection starts at once. `diff` gives the highlight length;
  // its quiet set is managed here (UNIX sockets switched on or off arrive and leave quietly).
  // With `events`, each refresh also shows the connections born and gone since the last one
  // (pick_short_lived with `short_lived`; its highlight length is diff's).
  SnapshotPump(Source source, CollectControl initial, DiffOptions diff, EventSource events = {},
               ShortLivedOptions short_lived = {});
  ~SnapshotPump() override;  // stops the thread (waiting for a collection in progress)
  SnapshotPump(const SnapshotPump&) = delete;
  SnapshotPump& operator=(const SnapshotPump&) = delete;

  std::optional<Result<FeedItem>> take() override;
  int wake_fd() const override { return event_fd_; }
  void control(const CollectControl& c) override;
  void arrange_with(RowArranger arranger) override;

 private:
  void run(std::stop_token stop);

  Source source_;
  DiffOptions diff_;
  EventSource events_;
  ShortLivedOptions short_lived_;
  LiveTablePtr table_ = std::make_shared<const LiveTable>();  // the last one built (pump thread only)
  // The last tables handed over, so the screen's thread never drops the last reference to one
  // (freeing 100k rows and their snapshot happens here instead). Pump thread only. Mutable here
  // so that the rows of a retired table nobody else holds can be reused by the next diff.
  std::deque<std::shared_ptr<LiveTable>> handed_over_;
  DiffScratch scratch_;  // advance()'s working memory, kept across refreshes (pump thread only)
  int quiet_refreshes_ = 0;  // UNIX collection changed: that many snapshots stay quiet
  int event_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  CollectControl control_;
  bool refresh_requested_ = true;
  bool changed_ = false;
  RowArranger arranger_;
  std::optional<Result<FeedItem>> latest_;
  std::jthread thread_;  // last: starts once everything above exists
};

}  // namespace sockscope::view
