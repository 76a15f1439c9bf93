// `sockscope serve`: options, the long-lived collector, the engine, the HTTP server; runs until
// SIGINT or SIGTERM.
#include "cli/serve_command.hpp"

#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/history_cli_util.hpp"
#include "collect/netns_plan.hpp"
#include "cli/query_option.hpp"
#include "collect/collector.hpp"
#include "collect/conn_event_open.hpp"
#include "present/sanitize.hpp"
#include "serve/engine.hpp"
#include "serve/server.hpp"
#include "serve/service.hpp"
#include "serve/web_config.hpp"

namespace sockscope::cli {

namespace {

constexpr const char* kDefaultListen = "127.0.0.1:9099";

// "500ms", "1s", "1.5s", "2m": a positive duration.
std::optional<std::chrono::milliseconds> parse_interval(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || value < 0) return std::nullopt;
  const std::string_view unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  double ms = 0;
  if (unit == "ms") ms = value;
  else if (unit == "s" || unit.empty()) ms = value * 1000;
  else if (unit == "m") ms = value * 60000;
  else return std::nullopt;
  if (ms > 3600.0 * 1000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace

int run_serve(std::vector<std::string> args) {
  CLI::App app{"Serve Prometheus metrics (/metrics) and a read-only HTTP API (/api/v1/endpoints, /api/v1/history, /healthz) until "
               "SIGINT or SIGTERM",
               "sockscope serve"};
  std::string listen_text = kDefaultListen, interval_text = "1s", ports_text, web_config_path,
              db_path = "/var/lib/sockscope/history.db", events_text = "auto";
  std::size_t max_series = 10000;
  bool insecure_listen = false;
  std::vector<std::string> netns_values;
  app.add_option("--listen", listen_text,
                 std::string("Listen on ADDR:PORT or [IPv6]:PORT (default ") + kDefaultListen +
                     "); a non-loopback address needs --web-config with TLS or basic auth, or --insecure-listen")
      ->type_name("ADDR:PORT");
  app.add_option("--netns", netns_values, kNetnsHelp)
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("all|current|NAME|PID|PATH");
  app.add_option("--min-interval", interval_text,
                 "Requests within this time of the last collection are answered from it (default 1s; e.g. 500ms, 2s)")
      ->type_name("DURATION");
  app.add_option("--max-series", max_series,
                 "At most this many series on /metrics (default 10000); the rest is summed under the label value 'other'")
      ->type_name("N");
  app.add_option("--listen-port-labels", ports_text,
                 "Listening ports that get a sockscope_listening_port_info series: PORT,PORT,... or 'all' (default none)")
      ->type_name("LIST|all");
  app.add_option("--web-config", web_config_path,
                 "TLS and basic auth, as Prometheus' exporter-toolkit web configuration (YAML): tls_server_config "
                 "{cert_file, key_file, min_version}, basic_auth_users {USER: BCRYPT}")
      ->type_name("FILE");
  app.add_flag("--insecure-listen", insecure_listen, "Allow a non-loopback --listen without TLS or basic auth");
  app.add_option("--events", events_text,
                 "Connection event capture for opens, closes and closed connections' final bytes: auto (eBPF, else "
                 "sock_diag destroy groups, else none), ebpf, diag, none")
      ->type_name("CAPTURE");
  app.add_option("--db", db_path,
                 "The history database sockscope record writes, read (never written) by /api/v1/history "
                 "(default /var/lib/sockscope/history.db)")
      ->type_name("PATH");
  if (auto done = parse_history_cli(app, std::move(args), "serve")) return *done;

  auto listen = serve::parse_listen(listen_text);
  if (!listen) return history_usage("serve", listen.error());
  auto interval = parse_interval(interval_text);
  if (!interval) return history_usage("serve", "bad --min-interval '" + interval_text + "' (e.g. 500ms, 1s, 2m; at most 1h)");
  if (max_series < serve::Metrics::kMinSeries)
    return history_usage("serve", "--max-series " + std::to_string(max_series) + " is below the minimum of " +
                                      std::to_string(serve::Metrics::kMinSeries));
  serve::MetricsOptions metrics;
  metrics.max_series = max_series;
  if (auto bad = serve::parse_port_list(ports_text, metrics)) return history_usage("serve", *bad);
  serve::WebConfig web;
  if (!web_config_path.empty()) {
    auto loaded = serve::load_web_config(web_config_path);
    if (!loaded) return history_usage("serve", loaded.error());
    web = std::move(*loaded);
  }
  if (!listen->loopback && !web.tls() && !web.auth() && !insecure_listen)
    return history_usage("serve", "--listen " + listen_text +
                                      " is not a loopback address: give --web-config with TLS or basic auth, or --insecure-listen");
  const bool capture_wanted = events_text != "none";
  const auto parsed_mode = parse_capture_mode(events_text);
  if (capture_wanted && !parsed_mode)
    return history_usage("serve", "unknown --events '" + events_text + "' (auto, ebpf, diag, none)");
  const CaptureMode capture_mode = parsed_mode.value_or(CaptureMode::Auto);
  auto selectors = parse_netns_option(netns_values);
  if (!selectors) return history_usage("serve", selectors.error().message);
  auto first_plan = plan_netns(*selectors);
  if (!first_plan) return history_usage("serve", first_plan.error().message);
  if (!first_plan->note.empty()) std::fprintf(stderr, "sockscope serve: %s\n", terminal_safe(first_plan->note).c_str());

  // One collector for the process' life: netlink sockets per namespace and the eBPF iterator stay
  // loaded between scrapes. Namespaces are looked up again each time (they come and go).
  auto state = std::make_shared<CollectorState>();
  serve::Engine::Source source = [state, selectors = *selectors]() -> Result<Snapshot> {
    CollectOptions co;
    auto plan = plan_netns(selectors);
    if (!plan) return std::unexpected(Error{0, plan.error().message});
    co.netns = std::move(plan->netns);
    co.state = state.get();
    co.query.tcp_info = true;
    co.owners = true;
    co.process_details = true;
    return collect_snapshot(co);
  };
  // Events where the kernel allows them: auto falls back to none, a mode asked for by name must run.
  std::unique_ptr<ConnEventStream> stream;
  std::string capture_note;
  if (capture_wanted) {
    // A smaller ring than record's: serve only counts, and polls it five times a second.
    BpfConnEvents::Options ebpf;
    ebpf.ring_bytes = 2u << 20;
    auto opened = open_capture(capture_mode, ebpf);
    if (opened) {
      stream = std::move(opened->stream);
      if (!opened->ebpf_refused.empty()) capture_note = " (eBPF refused: " + opened->ebpf_refused + ")";
    } else if (capture_mode != CaptureMode::Auto) {
      std::fprintf(stderr, "sockscope serve: %s\n", terminal_safe(opened.error().message).c_str());
      return kExitFailure;
    } else {
      capture_note = " (" + opened.error().message + ")";
    }
  }
  const std::string capture = !stream ? "none" : stream->mode() == "ebpf" ? "ebpf" : "diag";
  metrics.events = stream != nullptr;
  serve::Engine engine(std::move(source), *interval, std::move(metrics));
  engine.set_capture(capture);
  std::fprintf(stderr, "sockscope serve: connection events: %s%s\n",
               stream ? std::string(stream->mode()).c_str() : "none", terminal_safe(capture_note).c_str());
  serve::Service service(engine, [](std::string_view text) { return parse_cli_query(text); }, db_path);

  // SIGINT and SIGTERM are waited for below; the server's threads inherit the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  serve::ServerOptions so;
  so.listen = *listen;
  so.web = web;
  auto server = serve::Server::start(so, service);
  if (!server) {
    std::fprintf(stderr, "sockscope serve: %s\n", server.error().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "sockscope serve: listening on %s%s%s%s\n", terminal_safe(listen_text).c_str(),
               web.tls() ? " (TLS)" : "", web.auth() ? " (basic auth)" : "",
               !listen->loopback && !web.tls() && !web.auth() ? " (insecure: unprotected)" : "");
  // The capture's thread, after a first collection: the namespaces and processes events are
  // matched against come from it (events meanwhile wait in the kernel's buffer).
  (void)engine.snapshot();
  std::atomic<bool> stopping{false};
  std::thread capture_thread;
  if (stream) {
    capture_thread = std::thread([&] {
      std::vector<ConnEvent> events;
      std::uint64_t lost = 0;
      while (!stopping.load()) {
        events.clear();
        auto polled = stream->poll(200, [&](ConnEvent&& e) { events.push_back(std::move(e)); });
        if (!polled) {
          std::fprintf(stderr, "sockscope serve: connection events stopped: %s\n", terminal_safe(polled.error().message).c_str());
          return;
        }
        if (!events.empty() || stream->lost_events() != lost) {
          lost = stream->lost_events();
          engine.events(events, lost);
        }
      }
    });
  }
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  server->reset();
  stopping = true;
  if (capture_thread.joinable()) capture_thread.join();
  return kExitOk;
}

}  // namespace sockscope::cli
