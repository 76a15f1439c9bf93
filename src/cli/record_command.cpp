// `sockscope record`: eBPF events (or sock_diag destroy groups joined with snapshot owners) into SQLite, batched, with retention.
#include "cli/record_command.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <unordered_map>

#include "cli/exit_codes.hpp"
#include "cli/history_cli_util.hpp"
#include "history/history_columns.hpp"
#include "cli/stop_on_signals.hpp"
#include "collect/collector.hpp"
#include "collect/conn_event_open.hpp"
#include "collect/process_ancestry.hpp"
#include "logic/conn_event_owners.hpp"
#include "present/local_lookups.hpp"
#include "present/sanitize.hpp"
#include "store/history_db.hpp"
#include "store/history_time.hpp"

namespace sockscope::cli {

namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000;
constexpr const char* kDefaultDb = "/var/lib/sockscope/history.db";

std::int64_t now_unix_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * kSecondNs + ts.tv_nsec;
}

// Owner details read from /proc while the process lives; one read per PID per second, since a
// busy client opens many connections.
class OwnerDetails {
 public:
  void fill(StoredConnection& row) {
    if (!row.pid) return;
    auto [it, fresh] = cache_.try_emplace(*row.pid);
    // The process alone: its parents are not stored, and reading them cost several times more.
    if (fresh) it->second = read_process(static_cast<int>(*row.pid));
    const Process& p = it->second;
    if (p.pid == 0) return;  // gone before we looked: keep what the kernel side gave
    if (row.process.empty()) row.process = p.name;
    row.exe = p.exe;
    row.cmdline = joined_cmdline(p);
    row.unit = p.unit;
    if (row.unit.starts_with("docker-") || row.unit.starts_with("libpod-") || row.unit.starts_with("cri-containerd-"))
      row.container = row.unit;
  }
  void user(StoredConnection& row) {
    if (row.uid) row.user = std::string(lookups_.user_name(*row.uid));
  }
  void forget() { cache_.clear(); }

 private:
  std::unordered_map<std::uint32_t, Process> cache_;
  LocalLookups lookups_;
};

}  // namespace

int run_record(std::vector<std::string> args) {
  CLI::App app{"Record finished connections into the history database until SIGINT or SIGTERM", "sockscope record"};
  std::string db_path = kDefaultDb, keep_text, size_text, mode = "auto", udp_idle_text = "60s";
  bool jsonl = false;
  app.add_option("--db", db_path, "The history database (default " + std::string(kDefaultDb) + ")")->type_name("PATH");
  app.add_option("--keep", keep_text, "Delete connections older than this (e.g. 30d, 12h)")->type_name("DURATION");
  app.add_option("--max-size", size_text, "Delete the oldest connections while the data exceeds this (e.g. 1G)")->type_name("SIZE");
  app.add_flag("--jsonl", jsonl, "Also write each finished connection as a JSON line to stdout");
  app.add_option("--mode", mode, "Capture: auto (eBPF, else sock_diag destroy groups), ebpf, diag")->type_name("MODE");
  app.add_option("--udp-idle", udp_idle_text,
                 "A UDP flow ends after this long without a datagram (default 60s, as Zeek; 0s: no UDP flows)")
      ->type_name("DURATION");
  if (auto done = parse_history_cli(app, std::move(args), "record")) return *done;
  const auto udp_idle_ns = udp_idle_text == "0" ? std::optional<std::int64_t>(0) : parse_duration_ns(udp_idle_text);
  if (!udp_idle_ns) return history_usage("record", "bad --udp-idle '" + udp_idle_text + "' (a number and s, m, h, d or w: 60s)");
  std::optional<std::int64_t> keep_ns;
  std::uint64_t max_bytes = 0;
  if (!keep_text.empty() && !(keep_ns = parse_duration_ns(keep_text)))
    return history_usage("record", "bad --keep '" + keep_text + "' (a number and s, m, h, d or w: 30d)");
  if (!size_text.empty()) {
    auto s = parse_size_bytes(size_text);
    if (!s || *s == 0) return history_usage("record", "bad --max-size '" + size_text + "' (bytes, or a number and K, M, G or T: 1G)");
    max_bytes = *s;
  }
  if (!parse_capture_mode(mode)) return history_usage("record", "unknown --mode '" + mode + "' (auto, ebpf, diag)");

  std::error_code ec;
  auto dir = std::filesystem::path(db_path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  auto db = HistoryDb::open(db_path);
  if (!db) {
    std::fprintf(stderr, "sockscope record: %s\n", terminal_safe(db.error().message).c_str());
    return kExitFailure;
  }

  BpfConnEvents::Options ebpf;
  ebpf.udp_flows = *udp_idle_ns > 0;
  ebpf.udp_idle_ns = *udp_idle_ns;
  auto opened = open_capture(*parse_capture_mode(mode), ebpf);
  if (!opened) {
    std::fprintf(stderr, "sockscope record: %s\n", terminal_safe(opened.error().message).c_str());
    return kExitFailure;
  }
  std::unique_ptr<ConnEventStream> stream = std::move(opened->stream);
  const std::string why_not_ebpf = opened->ebpf_refused;
  const bool diag_mode = stream->mode() != "ebpf";
  std::fprintf(stderr, "sockscope record: capturing with %s%s into %s\n", std::string(stream->mode()).c_str(),
               why_not_ebpf.empty() ? "" : (" (eBPF refused: " + terminal_safe(why_not_ebpf) + ")").c_str(),
               terminal_safe(db_path).c_str());
  // What this mode catches, and what it cannot.
  if (diag_mode)
    std::fputs("sockscope record: TCP and UDP sockets of this network namespace as they close, without open times; "
               "owners only of sockets that outlived a snapshot (one a second); no refused SYNs\n",
               stderr);
  else
    std::fprintf(stderr,
                 "sockscope record: TCP connections and listeners of every namespace with owners, failed connects, "
                 "refused SYNs (Linux 5.19+)%s\n",
                 *udp_idle_ns > 0 ? (", UDP flows (" + udp_idle_text + " idle timeout; owner: the first sender)").c_str()
                                  : "; no UDP flows (--udp-idle 0s)");
  StopToken stop;
  StopOnSignals on_signals(stop);
  const std::int64_t boot_offset = boottime_to_unix_offset_ns();
  BatchPolicy batch(1000, kSecondNs);
  batch.flushed(now_unix_ns());
  OwnerDetails details;
  Snapshot last;  // diag mode: owners by cookie, refreshed about once a second
  std::int64_t last_snapshot_ns = 0, last_prune_ns = 0;
  CollectOptions snap_options;
  snap_options.query.udp = snap_options.query.raw = snap_options.query.unix_sockets = false;
  snap_options.query.tcp_info = false;
  snap_options.process_details = false;
  CollectorState snap_state;
  snap_options.state = &snap_state;
  std::vector<ConnEvent> events;
  std::uint64_t recorded = 0;
  int status = kExitOk;

  auto write_out = [&]() -> bool {
    if (auto r = db->flush(); !r) {
      std::fprintf(stderr, "sockscope record: %s\n", terminal_safe(r.error().message).c_str());
      return false;
    }
    (void)db->set_stat("lost_events", static_cast<std::int64_t>(stream->lost_events()));
    (void)db->set_stat("last_flush_ns", now_unix_ns());
    details.forget();
    return true;
  };

  auto store = [&](const ConnEvent& e) {
    StoredConnection row = to_stored(e, boot_offset);
    details.fill(row);
    details.user(row);
    if (jsonl && (e.kind == ConnEventKind::Closed || e.kind == ConnEventKind::Refused)) {
      std::string line = history_row_json(row, all_history_columns());
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
    db->add(std::move(row));
    ++recorded;
  };

  while (!stop.requested()) {
    std::int64_t now = now_unix_ns();
    if (diag_mode && now - last_snapshot_ns >= kSecondNs) {
      if (auto s = collect_snapshot(snap_options)) last = std::move(*s);
      last_snapshot_ns = now;
    }
    if ((keep_ns || max_bytes) && now - last_prune_ns >= 60 * kSecondNs) {
      if (auto r = db->prune(keep_ns ? std::optional<std::int64_t>(now - *keep_ns) : std::nullopt, max_bytes); !r)
        std::fprintf(stderr, "sockscope record: retention: %s\n", terminal_safe(r.error().message).c_str());
      last_prune_ns = now;
    }
    events.clear();
    auto polled = stream->poll(200, [&](ConnEvent&& e) { events.push_back(std::move(e)); });
    if (!polled) {
      std::fprintf(stderr, "sockscope record: %s\n", terminal_safe(polled.error().message).c_str());
      status = kExitFailure;
      break;
    }
    if (diag_mode) join_owners(events, last);
    for (const auto& e : events) store(e);
    if (jsonl && !events.empty()) std::fflush(stdout);
    // Under a stream of events, read them in batches: a wake-up per event costs more than the
    // event (the ring buffer holds seconds of a burst; rows are written once a second anyway).
    if (*polled > 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (batch.due(db->pending(), now_unix_ns())) {
      if (!write_out()) {
        status = kExitFailure;
        break;
      }
      batch.flushed(now_unix_ns());
    }
  }
  // UDP flows still open end with the capture.
  events.clear();
  if (auto drained = stream->drain([&](ConnEvent&& e) { events.push_back(std::move(e)); }); !drained)
    std::fprintf(stderr, "sockscope record: %s\n", terminal_safe(drained.error().message).c_str());
  for (const auto& e : events) store(e);
  if (jsonl && !events.empty()) std::fflush(stdout);
  if (!write_out()) status = kExitFailure;
  std::string udp_note;
  if (const auto* bpf = dynamic_cast<const BpfConnEvents*>(stream.get()); bpf && bpf->uncounted_udp() > 0)
    udp_note = ", " + std::to_string(bpf->uncounted_udp()) + " datagrams uncounted (UDP flow table full)";
  std::fprintf(stderr, "sockscope record: %llu events recorded, %llu lost%s\n", static_cast<unsigned long long>(recorded),
               static_cast<unsigned long long>(stream->lost_events()), udp_note.c_str());
  return status;
}

}  // namespace sockscope::cli
