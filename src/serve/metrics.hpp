// The exporter's metrics: per-scrape aggregation of a snapshot (sockets by protocol, state and
// namespace; per process connections by state and bytes), the counters kept across scrapes so they
// stay monotonic across connection churn, the series cap, and the Prometheus text (0.0.4) and
// OpenMetrics (1.0) expositions of it all. Pure: no I/O, fed snapshots by the caller.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "logic/endpoint_identity.hpp"
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

  // Takes in a new snapshot: per-connection bytes (a connection gone since the last one adds its
  // last seen bytes to its process' closed total), and this snapshot's gauges.
  void observe(const Snapshot& snap);

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

  struct ProcessTotals {
    ProcessLabels labels;
    std::uint64_t closed_sent = 0, closed_received = 0;  // connections gone
    std::uint64_t live_sent = 0, live_received = 0;      // this snapshot's connections
    std::map<std::string, std::uint64_t> by_state;       // this snapshot's connections by state
  };
  struct Seen {
    std::size_t slot = 0;
    std::uint64_t sent = 0, received = 0;
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
  std::unordered_map<EndpointKey, Seen, EndpointKeyHash> connections_;
  std::map<SocketKey, std::uint64_t> sockets_;
  std::map<ListenKey, std::uint64_t> listening_;
  std::size_t folded_ = 0;  // process label sets folded into `other` for good
};

}  // namespace sockscope::serve
