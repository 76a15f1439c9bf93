// Aggregation, monotonic byte counters and the two text expositions.
#include "serve/metrics.hpp"

#include <algorithm>
#include <optional>
#include <charconv>
#include <concepts>
#include <fmt/format.h>

#include "present/sanitize.hpp"

namespace sockscope::serve {

namespace {

// Series of the exporter's own metrics, and room kept for the `other` buckets (one per protocol
// and state for sockets, one per state for process connections).
constexpr std::size_t kOwnSeries = 8;
constexpr std::size_t kFoldReserve = 150;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A label value: valid UTF-8 (invalid bytes become U+FFFD), '\\', '"' and LF escaped as both
// formats require, other control bytes replaced by U+FFFD so no line or parser is broken by them.
void append_label_value(std::string& out, std::string_view raw) {
  std::size_t i = 0;
  while (i < raw.size()) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '\\') {
      out += "\\\\";
      ++i;
    } else if (c == '"') {
      out += "\\\"";
      ++i;
    } else if (c == '\n') {
      out += "\\n";
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      out += "\xef\xbf\xbd";
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      const Utf8Step step = decode_utf8(raw, i);
      if (step.length == 0 || (step.code_point >= 0x80 && step.code_point < 0xa0)) {
        out += "\xef\xbf\xbd";
        i += step.length == 0 ? 1 : step.length;
      } else {
        out.append(raw.substr(i, step.length));
        i += step.length;
      }
    }
  }
}

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

std::string label_text(const Labels& labels) {
  std::string out;
  if (labels.empty()) return out;
  out += '{';
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    append_label_value(out, v);
    out += '"';
  }
  out += '}';
  return out;
}

enum class Kind { Gauge, Counter, Info };

// One metric family as written: TYPE/HELP lines, then its samples.
class Writer {
 public:
  explicit Writer(ExpositionFormat f) : format_(f) {}

  void family(std::string_view name, Kind kind, std::string_view help) {
    name_ = std::string(name);
    kind_ = kind;
    const bool om = format_ == ExpositionFormat::OpenMetrics;
    // OpenMetrics names a counter family without _total and an info family without _info; the text
    // format 0.0.4 has no info type (a gauge of value 1) and names the family as its samples.
    std::string family_name = name_;
    if (!om && kind == Kind::Counter) family_name += "_total";
    if (!om && kind == Kind::Info) family_name += "_info";
    std::string_view type = kind == Kind::Gauge ? "gauge" : kind == Kind::Counter ? "counter" : (om ? "info" : "gauge");
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family_name, help, family_name, type);
  }

  // A double (durations) or an integer (counts, bytes: exact, never in exponent form).
  template <class Value>
    requires std::same_as<Value, double> || std::same_as<Value, std::uint64_t>
  void sample(const Labels& labels, Value value) {
    out_ += name_;
    if (kind_ == Kind::Counter) out_ += "_total";
    if (kind_ == Kind::Info) out_ += "_info";
    out_ += label_text(labels);
    out_ += ' ';
    out_ += fmt::format("{}", value);
    out_ += '\n';
  }

  std::string finish() {
    if (format_ == ExpositionFormat::OpenMetrics) out_ += "# EOF\n";
    return std::move(out_);
  }

 private:
  ExpositionFormat format_;
  std::string out_;
  std::string name_;
  Kind kind_ = Kind::Gauge;
};

ProcessLabels labels_of(const Process& p) { return ProcessLabels{p.name, p.unit, p.container}; }

// A process' labels, then `more`: every per-process family names them alike.
Labels process_labels(const ProcessLabels& p, Labels more = {}) {
  Labels out{{"process", p.process}, {"unit", p.unit}, {"container", p.container}};
  out.insert(out.end(), more.begin(), more.end());
  return out;
}

}  // namespace

ExpositionFormat negotiate_format(std::string_view accept) {
  std::size_t pos = 0;
  while (pos <= accept.size()) {
    std::size_t comma = accept.find(',', pos);
    if (comma == std::string_view::npos) comma = accept.size();
    std::string_view item = accept.substr(pos, comma - pos);
    pos = comma + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (!item.starts_with("application/openmetrics-text")) continue;
    // q=0 refuses it.
    const auto q = item.find("q=");
    if (q != std::string_view::npos) {
      std::string_view v = item.substr(q + 2);
      const auto end = v.find(';');
      if (end != std::string_view::npos) v = v.substr(0, end);
      while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
      if (v == "0" || v == "0.0" || v == "0.00" || v == "0.000") continue;
    }
    return ExpositionFormat::OpenMetrics;
  }
  return ExpositionFormat::Text004;
}

std::string_view content_type(ExpositionFormat f) {
  return f == ExpositionFormat::OpenMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                                            : "text/plain; version=0.0.4; charset=utf-8";
}

std::optional<std::string> parse_port_list(std::string_view text, MetricsOptions& out) {
  out.listen_ports.clear();
  out.all_ports = false;
  if (text == "all") {
    out.all_ports = true;
    return std::nullopt;
  }
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = text.substr(pos, comma - pos);
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), port);
    if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() || port == 0 || port > 65535)
      return fmt::format("--listen-port-labels: '{}' is not a port number (1-65535) or 'all'", terminal_safe(item));
    out.listen_ports.insert(static_cast<std::uint16_t>(port));
    pos = comma + 1;
  }
  return std::nullopt;
}

Metrics::Metrics(MetricsOptions options) : options_(std::move(options)) {
  ProcessTotals other;
  other.labels = ProcessLabels{std::string(kOtherLabel), "", ""};
  processes_.push_back(std::move(other));
}

std::size_t Metrics::process_slot(const ProcessLabels& labels) {
  if (auto it = process_index_.find(labels); it != process_index_.end()) return it->second;
  // Counters get half the cap, two or four series per label set, `other` included.
  const std::size_t counter_budget = options_.max_series / 2;
  std::size_t slot = 0;
  if (counters_per_process() * (processes_.size() + 1) <= counter_budget) {
    slot = processes_.size();
    ProcessTotals totals;
    totals.labels = labels;
    processes_.push_back(std::move(totals));
  } else {
    ++folded_;
  }
  process_index_.emplace(labels, slot);
  return slot;
}

void Metrics::count_closed(std::size_t slot, std::uint64_t sent, std::uint64_t received, bool closes) {
  ProcessTotals& p = processes_[slot];
  p.closed_sent += sent;
  p.closed_received += received;
  if (options_.events && closes) ++p.closed;
}

void Metrics::observe(const Snapshot& snap, std::uint64_t collection, std::int64_t now_ns) {
  for (auto& p : processes_) {
    p.live_sent = p.live_received = 0;
    p.by_state.clear();
  }
  sockets_.clear();
  listening_.clear();
  if (options_.events) {
    by_pid_.clear();
    for (const Process& p : snap.processes) by_pid_.emplace(static_cast<std::uint32_t>(p.pid), labels_of(p));
    netns_.clear();
    for (const auto& r : snap.netns_rows) netns_.insert(r.netns);
    for (const auto& n : snap.namespaces) netns_.insert(n.inode);
    if (snap.netns_rows.empty() && snap.current_netns != 0) netns_.insert(snap.current_netns);
  }

  std::unordered_map<EndpointKey, Seen, EndpointKeyHash> seen;
  seen.reserve(connections_.size() + 16);
  for (std::size_t i = 0; i < snap.endpoints.size(); ++i) {
    const Endpoint& e = snap.endpoints[i];
    const std::string proto(proto_name(e));
    const std::string state = lower(state_name(e));
    // The namespace's name (ip netns, container, "host"); else "current" for the one sockscope
    // runs in, "net:[INODE]" for others.
    std::string netns(netns_label(snap.netns_of(i), snap.netns_inode_of(i), snap.init_netns));
    if (netns.empty()) {
      const std::uint64_t inode = snap.netns_inode_of(i);
      netns = inode == 0 || inode == snap.current_netns ? "current" : fmt::format("net:[{}]", inode);
    }
    ++sockets_[SocketKey{proto, state, netns}];
    if (e.owners.empty() || e.owners.begin()->process >= snap.processes.size()) continue;
    const std::size_t slot = process_slot(labels_of(snap.processes[e.owners.begin()->process]));
    ProcessTotals& totals = processes_[slot];
    if (e.family != Family::Unix) ++totals.by_state[state];
    if (e.state == TcpState::Listen && e.family != Family::Unix &&
        (options_.all_ports || options_.listen_ports.contains(e.local_port)))
      ++listening_[ListenKey{proto, e.local_port, slot}];
    if (e.tcp) {
      const EndpointKey key = endpoint_key(e);
      // Its close is counted already, with its final bytes: this collection began before it.
      if (closed_.contains(key)) continue;
      const bool connection = e.state != TcpState::Listen;
      Seen now{slot, e.tcp->bytes_sent, e.tcp->bytes_received, 0, connection};
      auto old = connections_.find(key);
      if (old == connections_.end()) {
        // Missed by a snapshot and back (a key without a cookie): the same connection.
        if (auto p = pending_.find(key); p != pending_.end()) old = connections_.insert(pending_.extract(p)).position;
      }
      if (old != connections_.end()) {
        // The same connection, unless its owner changed or its counters went back (a reused key):
        // then what was seen of it is closed and it starts again.
        if (old->second.slot != slot) {
          count_closed(old->second.slot, old->second.sent, old->second.received, false);
        } else if (now.sent < old->second.sent || now.received < old->second.received) {
          count_closed(old->second.slot, old->second.sent, old->second.received, connection);
          if (connection && options_.events) ++totals.opened;
        }
        connections_.erase(old);
      } else if (observed_ && options_.events && connection) {
        ++totals.opened;
      }
      totals.live_sent += now.sent;
      totals.live_received += now.received;
      seen.emplace(key, now);
    }
  }
  // Connections gone since the last snapshot: their last seen bytes stay counted; with events they
  // wait for the close event's final bytes.
  for (auto& [key, old] : connections_) {
    if (options_.events) {
      old.gone_ns = now_ns;
      pending_.emplace(key, old);
    } else {
      count_closed(old.slot, old.sent, old.received, old.connection);
    }
  }
  // No event came in time (lost, or a namespace the capture does not see): what was seen is final.
  std::erase_if(pending_, [&](const auto& item) {
    if (now_ns - item.second.gone_ns < options_.close_grace_ns) return false;
    count_closed(item.second.slot, item.second.sent, item.second.received, item.second.connection);
    return true;
  });
  // Collections begun after a close cannot hold it.
  std::erase_if(closed_, [&](const auto& item) { return item.second < collection; });
  connections_ = std::move(seen);
  observed_ = true;
}

void Metrics::observe_events(std::span<const ConnEvent> events, std::int64_t) {
  for (const ConnEvent& e : events) {
    if (e.kind != ConnEventKind::Closed || e.proto != Proto::Tcp || e.remote_port == 0) continue;
    if (!netns_.empty() && !netns_.contains(e.netns)) continue;
    EndpointKey key;
    key.cookie = e.cookie;
    key.proto = e.proto;
    key.family = e.family;
    if (e.cookie == 0 || closed_.contains(key)) continue;
    std::optional<Seen> known;
    for (auto* map : {&connections_, &pending_}) {
      if (auto it = map->find(key); it != map->end()) {
        known = it->second;
        map->erase(it);
        break;
      }
    }
    std::size_t slot;
    if (known) {
      slot = known->slot;
    } else if (e.owner) {
      // Born and gone between two snapshots: its owner as the last snapshot knew that PID, else
      // the name the kernel gave (the process may be gone).
      const auto it = by_pid_.find(e.owner->pid);
      slot = process_slot(it != by_pid_.end() && it->second.process == e.owner->comm ? it->second
                                                                                    : ProcessLabels{e.owner->comm, "", ""});
      ++processes_[slot].opened;
    } else {
      closed_.emplace(key, collections_started_);  // nobody to count it under; not later either
      continue;
    }
    // Final counters never below what was seen, so the counter never goes back.
    count_closed(slot, std::max(e.tcp.bytes_sent, known ? known->sent : 0),
                 std::max(e.tcp.bytes_received, known ? known->received : 0), true);
    closed_.emplace(key, collections_started_);
  }
}

std::string Metrics::render(ExpositionFormat format, const ExporterStats& stats) const {
  Writer w(format);
  w.family("sockscope_collection_duration_seconds", Kind::Gauge, "How long the last collection of sockets and owners took.");
  w.sample({}, stats.last_collection_seconds);
  w.family("sockscope_collections", Kind::Counter, "Collections run (scrapes younger than --min-interval reuse the last one).");
  w.sample({}, stats.collections);
  w.family("sockscope_collection_errors", Kind::Counter, "Collections that failed.");
  w.sample({}, stats.collection_errors);
  w.family("sockscope_scrapes", Kind::Counter, "Requests for /metrics answered.");
  w.sample({}, stats.scrapes);
  w.family("sockscope_series_limit", Kind::Gauge, "The series cap (--max-series); what exceeds it is counted under the label value other.");
  w.sample({}, static_cast<std::uint64_t>(options_.max_series));
  w.family("sockscope_folded_processes", Kind::Gauge, "Process label sets whose byte counters are counted under process=\"other\".");
  w.sample({}, static_cast<std::uint64_t>(folded_));
  w.family("sockscope_event_capture", Kind::Info,
           "How connection events are captured: ebpf, diag (sock_diag destroy groups, this namespace) or none.");
  w.sample({{"mode", stats.capture}}, std::uint64_t{1});
  w.family("sockscope_events_dropped", Kind::Counter,
           "Connection events the capture lost (its ring buffer or socket queue was full): closes counted late, from snapshots.");
  w.sample({}, stats.events_dropped);

  // Byte counters first: their label sets were admitted within half the cap. Connections awaiting
  // their close event count with their last seen bytes meanwhile.
  std::size_t used = kOwnSeries + counters_per_process() * processes_.size();
  std::vector<std::pair<std::uint64_t, std::uint64_t>> awaiting(processes_.size());
  for (const auto& [key, seen] : pending_) {
    awaiting[seen.slot].first += seen.sent;
    awaiting[seen.slot].second += seen.received;
  }
  auto counter = [&](std::string_view name, std::string_view help, auto value_of) {
    w.family(name, Kind::Counter, help);
    for (std::size_t slot = 0; slot < processes_.size(); ++slot)
      w.sample(process_labels(processes_[slot].labels), std::uint64_t{value_of(processes_[slot], awaiting[slot])});
  };
  counter("sockscope_process_sent_bytes",
          "Bytes sent on TCP connections (tcpi_bytes_sent), per process; closed connections' final bytes stay counted.",
          [](const ProcessTotals& p, const auto& a) { return p.closed_sent + p.live_sent + a.first; });
  counter("sockscope_process_received_bytes",
          "Bytes received on TCP connections (tcpi_bytes_received), per process; closed connections' final bytes stay counted.",
          [](const ProcessTotals& p, const auto& a) { return p.closed_received + p.live_received + a.second; });
  if (options_.events) {
    counter("sockscope_process_connections_opened",
            "TCP connections opened per process since the exporter started (first seen, or closed unseen between scrapes).",
            [](const ProcessTotals& p, const auto&) { return p.opened; });
    counter("sockscope_process_connections_closed", "TCP connections closed per process since the exporter started.",
            [](const ProcessTotals& p, const auto&) { return p.closed; });
  }

  // Gauges fill what is left, largest first; the rest is summed under `other`.
  const std::size_t limit = options_.max_series > used + kFoldReserve ? options_.max_series - kFoldReserve : used;
  auto room = [&] { return used < limit; };

  {
    std::vector<std::pair<SocketKey, std::uint64_t>> rows(sockets_.begin(), sockets_.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::map<SocketKey, std::uint64_t> kept;
    for (const auto& [k, n] : rows) {
      if (room() && !kept.contains(k)) {
        kept[k] += n;
        ++used;
      } else {
        kept[SocketKey{k.proto, k.state, std::string(kOtherLabel)}] += n;
      }
    }
    w.family("sockscope_sockets", Kind::Gauge, "Sockets by protocol, state and network namespace.");
    for (const auto& [k, n] : kept) w.sample({{"proto", k.proto}, {"state", k.state}, {"netns", k.netns}}, n);
  }
  {
    struct Row {
      std::size_t slot;
      std::string state;
      std::uint64_t n;
    };
    std::vector<Row> rows;
    for (std::size_t s = 0; s < processes_.size(); ++s)
      for (const auto& [state, n] : processes_[s].by_state) rows.push_back({s, state, n});
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.n > b.n; });
    std::map<std::pair<std::size_t, std::string>, std::uint64_t> kept;
    for (const Row& r : rows) {
      const bool known = kept.contains({r.slot, r.state});
      if (known || room()) {
        if (!known) ++used;
        kept[{r.slot, r.state}] += r.n;
      } else {
        kept[{0, r.state}] += r.n;
      }
    }
    w.family("sockscope_process_connections", Kind::Gauge, "Internet sockets held, per process and state.");
    for (const auto& [k, n] : kept) {
      const ProcessLabels& p = processes_[k.first].labels;
      w.sample(process_labels(p, {{"state", k.second}}), n);
    }
  }
  w.family("sockscope_listening_port", Kind::Info,
           "Listening ports named by --listen-port-labels, with the process listening on them.");
  for (const auto& [k, n] : listening_) {
    if (!room()) break;
    ++used;
    const ProcessLabels& p = processes_[k.slot].labels;
    const std::string port = std::to_string(k.port);
    w.sample({{"proto", k.proto}, {"port", port}, {"process", p.process}, {"unit", p.unit}, {"container", p.container}},
             std::uint64_t{1});
  }
  return w.finish();
}

}  // namespace sockscope::serve
