// The exporter's metrics: per-scrape aggregation of a snapshot (sockets by protocol, state and
// namespace; per process connections by state and bytes), the counters kept across scrapes so they
// stay monotonic across connection churn (closed connections' final bytes from connection events
// where they are captured), the series cap, and the Prometheus text (0.0.4) and OpenMetrics (1.0)
// expositions of it all. Pure: no I/O and no clock, fed snapshots, events and times by the caller.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "logic/endpoint_identity.hpp"
#include "model/conn_event.hpp"
#include "model/snapshot.hpp"

namespace sockscope::serve {

enum class ExpositionFormat { Text004, OpenMetrics };

// From an HTTP Accept header: OpenMetrics when it asks for application/openmetrics-text (q > 0),
// else the text format 0.0.4.
ExpositionFormat negotiate_format(std::string_view accept);
std::string_view content_type(ExpositionFormat f);

struct MetricsOptions {
  std::size_t max_series = 10000;
  // Listening ports that get a sockscope_listening_port_info series; all_ports: every one.
  std::set<std::uint16_t> listen_ports;
  bool all_ports = false;
  // Connection events are fed (observe_events): opens and closes per process are exported, and a
  // connection gone from a snapshot waits up to close_grace_ns for its close event's final bytes
  // before its last seen bytes are taken as final.
  bool events = false;
  std::int64_t close_grace_ns = 10'000'000'000;
};

// Parses --listen-port-labels: "all", or comma-separated port numbers 1-65535 ("" = none).
// The error names the bad part: "--listen-port-labels: '80x' is not a port number".
std::optional<std::string> parse_port_list(std::string_view text, MetricsOptions& out);

// What the exporter says about itself.
struct ExporterStats {
  double last_collection_seconds = 0;  // how long the last collection took
  std::uint64_t collections = 0;       // collections run
  std::uint64_t collection_errors = 0; // collections that failed
  std::uint64_t scrapes = 0;           // /metrics requests answered
  std::string capture = "none";        // the event capture: "ebpf", "diag" (sock_diag destroy groups), "none"
  std::uint64_t events_dropped = 0;    // events the capture lost (ring buffer or socket queue full)
};

// A process as labels: never a PID or an address.
struct ProcessLabels {
  std::string process;    // comm
  std::string unit;       // systemd unit, "" none
  std::string container;  // "docker web", "" none
  friend auto operator<=>(const ProcessLabels&, const ProcessLabels&) = default;
};

// The label value for everything that did not fit under --max-series.
inline constexpr std::string_view kOtherLabel = "other";

class Metrics {
 public:
  explicit Metrics(MetricsOptions options);

  // Collections and events interleave: the caller numbers each collection when it starts, before
  // it reads anything, and observes its snapshot with that number; `now_ns` is a monotonic clock.
  std::uint64_t begin_collection() { return ++collections_started_; }
  // Takes in a new snapshot: per-connection bytes (a connection gone since the last one adds its
  // last seen bytes to its process' closed total, or with events its close event's final bytes),
  // connections first seen (opened), and this snapshot's gauges.
  void observe(const Snapshot& snap, std::uint64_t collection, std::int64_t now_ns);
  void observe(const Snapshot& snap) { observe(snap, begin_collection(), 0); }
  // Takes in connection events: each TCP close counts once, with its final bytes, under the process
  // that held it in a snapshot, else its owner (a connection born and gone between snapshots is
  // opened and closed here). Events of namespaces the last snapshot did not cover, of other
  // protocols, listeners, and closes without any known owner are left out.
  void observe_events(std::span<const ConnEvent> events, std::int64_t now_ns);

  // The exposition of the last observed snapshot.
  std::string render(ExpositionFormat format, const ExporterStats& stats) const;

  // Process label sets whose byte counters are kept under `other` (folded for good).
  std::size_t folded() const { return folded_; }

  // Below this --max-series cannot hold the exporter's own series and the `other` buckets.
  static constexpr std::size_t kMinSeries = 200;

 private:
  // Index of a process label set in processes_, admitting it while the counters' half of the cap
  // allows (sticky: once admitted it keeps its own series, once folded it stays in `other`), so a
  // counter never moves from one label set to another.
  std::size_t process_slot(const ProcessLabels& labels);

  // Counter series per process label set: bytes sent and received, with events opens and closes.
  std::size_t counters_per_process() const { return options_.events ? 4 : 2; }
  // Adds a gone connection's bytes; `closes`: and counts a close (not for a handover, nor a listener).
  void count_closed(std::size_t slot, std::uint64_t sent, std::uint64_t received, bool closes);

  struct ProcessTotals {
    ProcessLabels labels;
    std::uint64_t closed_sent = 0, closed_received = 0;  // connections gone
    std::uint64_t opened = 0, closed = 0;                // connections first seen, closed (with events)
    std::uint64_t live_sent = 0, live_received = 0;      // this snapshot's connections
    std::map<std::string, std::uint64_t> by_state;       // this snapshot's connections by state
  };
  struct Seen {
    std::size_t slot = 0;
    std::uint64_t sent = 0, received = 0;
    std::int64_t gone_ns = 0;  // pending_: when a snapshot first missed it
    bool connection = true;    // not a listener: its close counts as one
  };
  struct SocketKey {
    std::string proto, state, netns;
    friend auto operator<=>(const SocketKey&, const SocketKey&) = default;
  };
  struct ListenKey {
    std::string proto;
    std::uint16_t port = 0;
    std::size_t slot = 0;
    friend auto operator<=>(const ListenKey&, const ListenKey&) = default;
  };

  MetricsOptions options_;
  std::vector<ProcessTotals> processes_;  // [0] is `other`
  std::map<ProcessLabels, std::size_t> process_index_;
  std::unordered_map<EndpointKey, Seen, EndpointKeyHash> connections_;  // in the last snapshot
  // With events: gone from snapshots, its close event not yet in; its last seen bytes stay counted.
  std::unordered_map<EndpointKey, Seen, EndpointKeyHash> pending_;
  // With events: closes counted, by the number of the newest collection begun then. A collection
  // begun before a close may still hold the connection: it is not counted again.
  std::unordered_map<EndpointKey, std::uint64_t, EndpointKeyHash> closed_;
  std::uint64_t collections_started_ = 0;
  bool observed_ = false;  // a first snapshot was taken in: what it holds was opened before us
  // From the last snapshot: its processes by PID (event owners), its namespaces (empty: any).
  std::unordered_map<std::uint32_t, ProcessLabels> by_pid_;
  std::set<std::uint64_t> netns_;
  std::map<SocketKey, std::uint64_t> sockets_;
  std::map<ListenKey, std::uint64_t> listening_;
  std::size_t folded_ = 0;  // process label sets folded into `other` for good
};

}  // namespace sockscope::serve
