// The live feed: collector, namespace plan, event capture and snapshot pump wired once, for the terminal view and the window.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "collect/collector.hpp"
#include "model/error.hpp"
#include "model/netns_select.hpp"
#include "view/snapshot_pump.hpp"

namespace sockscope::view {

struct LiveFeedOptions {
  std::chrono::milliseconds interval{1000};
  bool unix_sockets = false;  // collect UNIX sockets from the start
  int highlight_refreshes = 3;
  OwnerMethod owner_method = OwnerMethod::Auto;
  std::vector<NetnsSelector> netns;  // --netns; none: every namespace as root, else the current one
  // Capture connections born and gone between refreshes (eBPF, else the sock_diag destroy groups).
  bool short_lived = true;
  std::size_t short_lived_cap = 500;  // short-lived rows shown at once at most
  // The collector's state (the eBPF iterator, netlink sockets), when the caller already made it.
  std::shared_ptr<CollectorState> collector;
};

// Owns the event capture's thread and the pump's; both stop when it is destroyed.
class LiveFeed {
 public:
  // Fails only for a --netns that names nothing ("--netns TEXT: why", a usage error): what cannot
  // be captured or entered is said in the notes instead.
  static Result<std::unique_ptr<LiveFeed>> start(LiveFeedOptions options);
  ~LiveFeed();
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  SnapshotPump& pump() { return *pump_; }
  // That other namespaces cannot be entered (unprivileged, and not only the current one asked for);
  // "" otherwise. Said once: on stderr and in the status bar.
  const std::string& netns_note() const { return netns_note_; }
  // Which capture shows short-lived connections, or why none does; "" when not asked for.
  const std::string& capture_note() const { return capture_note_; }
  // Both notes, for ViewSettings::notice.
  std::string notice() const;

 private:
  class Capture;
  LiveFeed() = default;
  std::string netns_note_;
  std::string capture_note_;
  std::unique_ptr<Capture> capture_;      // before the pump: the pump's thread reads it until joined
  std::unique_ptr<SnapshotPump> pump_;
};

}  // namespace sockscope::view
