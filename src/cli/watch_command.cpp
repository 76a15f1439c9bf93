// `sockscope watch`: options, then the collector thread, names, terminal and live view wired together.
#include "cli/watch_command.hpp"

#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "cli/arg_util.hpp"
#include "cli/app_inspector.hpp"
#include "cli/exit_codes.hpp"
#include "cli/version_text.hpp"
#include "cli/help_text.hpp"
#include "cli/watch_help_text.hpp"
#include "collect/collector.hpp"
#include "collect/netns_plan.hpp"
#include "collect/netns_sockets.hpp"
#include "collect/process_details.hpp"
#include "collect/sock_destroy.hpp"
#include "present/local_lookups.hpp"
#include "present/sanitize.hpp"
#include "resolve/system_names.hpp"
#include "tui/live_loop.hpp"
#include "tui/live_view.hpp"
#include "tui/ncurses_terminal.hpp"
#include "tui/osc52.hpp"
#include "view/live_feed.hpp"
#include "view/view_export.hpp"

namespace sockscope::cli {

namespace {

Result<void> send_signal(int pid, int sig) {
  if (pid <= 0) return fail("no such process", ESRCH);
  if (::kill(pid, sig) != 0) return fail(std::strerror(errno), errno);
  return {};
}

}  // namespace

bool terminal_can_watch() {
  if (isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1) return false;
  const char* term = std::getenv("TERM");
  return term && *term && std::strcmp(term, "dumb") != 0;
}

int parse_watch_options(std::vector<std::string> args, WatchOptions& o, bool as_tcpview) {
  const char* me = as_tcpview ? "tcpview" : "sockscope watch";
  CLI::App app{std::string(kWatchDescription), me};
  app.footer(std::string(kWatchFooter));
  app.set_version_flag("-V,--version", std::string("sockscope ") + SOCKSCOPE_VERSION);
  double interval = 1.0;
  std::vector<std::string> protos;
  std::string color = "auto", owners_from = "auto";
  std::vector<std::string> netns;
  app.add_option("-i,--interval", interval, "Seconds between refreshes (0.1 to 3600; fractions allowed; default 1)")
      ->type_name("SECONDS");
  app.add_flag("-n,--no-resolve,--numeric", o.no_resolve, "Start with numeric addresses and ports (Ctrl+R turns names on)");
  app.add_option("--highlight", o.highlight, "Refreshes a change stays highlighted, and a closed row stays (default 3)")
      ->type_name("N")
      ->check(CLI::Range(1, 100));
  app.add_option("-p,--proto", protos, "Show these protocols: tcp, tcp4, tcp6, udp, udp4, udp6, unix, inet, inet6 (repeatable or comma-separated; default tcp,udp)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("PROTO");
  app.add_option("--color", color, "Colour: auto (unless NO_COLOR is set or the terminal has none), always, never")
      ->type_name("WHEN");
  app.add_option("--owners-from", owners_from, kOwnersFromHelp)->type_name("METHOD");
  app.add_option("--netns", netns, kNetnsHelp)
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("all|current|NAME|PID|PATH");
  if (inspect_app(app)) return kExitOk;
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
    if (!(interval >= 0.1 && interval <= 3600)) throw CLI::ValidationError("--interval", "must be between 0.1 and 3600 seconds");
    o.interval = std::chrono::milliseconds(static_cast<long long>(interval * 1000 + 0.5));
    for (const auto& p : split_list(protos)) {
      if (!add_proto(o.protos, p) || p == "raw" || p == "raw4" || p == "raw6") {
        throw CLI::ValidationError("--proto", "unknown protocol '" + p + "' (tcp, tcp4, tcp6, udp, udp4, udp6, unix, inet, inet6)");
      }
    }
    if (auto mode = parse_color_mode(color)) o.color = *mode;
    else throw CLI::ValidationError("--color", "unknown value '" + color + "' (auto, always, never)");
    if (auto method = parse_owner_method(owners_from)) o.owner_method = *method;
    else throw CLI::ValidationError("--owners-from", "unknown value '" + owners_from + "' (auto, ebpf, proc)");
    if (auto selectors = parse_netns_option(netns)) o.netns = std::move(*selectors);
    else throw CLI::ValidationError(selectors.error().message);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::fputs(version_text().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "%s: %s; see '%s --help'\n", as_tcpview ? "tcpview" : "sockscope", terminal_safe(e.what()).c_str(), me);
    return kExitUsage;
  }
  return -1;
}

int run_watch_view(const WatchOptions& o) {
  // Each refresh builds tables of the same size as the last: keep freed memory in the heap for the
  // next one rather than mapping fresh zeroed pages (page faults were ~10% of a refresh's CPU at
  // 100k sockets). Memory stays flat: the same blocks are reused. Buffers over 32 MiB (beyond
  // ~250k sockets) are still mapped and given back.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);

  // Names first: DNS starts its own thread; failures leave the view numeric.
  std::optional<Names> names;
  std::string names_problem;
  if (auto created = Names::create(Names::Options{})) names.emplace(std::move(*created));
  else names_problem = created.error().message;

  tui::ViewSettings settings;
  settings.interval = o.interval;
  settings.resolve = !o.no_resolve && names.has_value();
  settings.highlight_refreshes = o.highlight;
  settings.as_root = geteuid() == 0;
  const bool chose_protos = o.protos.tcp4 || o.protos.tcp6 || o.protos.udp4 || o.protos.udp6 || o.protos.unix_;
  if (chose_protos) settings.protos = o.protos;

  // The collector thread is the only caller: the eBPF iterator is loaded once and kept. When it is
  // required, a refusal ends here, in one line, before the terminal is taken over.
  auto collector_state = std::make_shared<CollectorState>();
  if (o.owner_method == OwnerMethod::Ebpf && !collector_state->ebpf()) {
    std::fprintf(stderr, "sockscope: cannot find socket owners: %s\n", terminal_safe(collector_state->failure()).c_str());
    return kExitFailure;
  }

  // The collector, the namespace plan and the capture of short-lived connections, shared with the
  // window. A --netns naming nothing is a usage error, said before the terminal is taken over; the
  // note that other namespaces cannot be entered goes to stderr now and to the status bar.
  view::LiveFeedOptions feed_options;
  feed_options.interval = settings.interval;
  feed_options.unix_sockets = settings.protos.unix_;
  feed_options.highlight_refreshes = settings.highlight_refreshes;
  feed_options.owner_method = o.owner_method;
  feed_options.netns = o.netns;
  feed_options.collector = collector_state;
  auto started = view::LiveFeed::start(std::move(feed_options));
  if (!started) {
    std::fprintf(stderr, "sockscope: %s; see 'sockscope watch --help'\n", terminal_safe(started.error().message).c_str());
    return kExitUsage;
  }
  view::LiveFeed& feed = **started;
  if (!feed.netns_note().empty()) std::fprintf(stderr, "sockscope: %s\n", feed.netns_note().c_str());
  settings.notice = feed.notice();
  view::SnapshotPump& pump = feed.pump();

  auto opened = tui::NcursesTerminal::open();
  if (!opened) {
    std::fprintf(stderr, "sockscope: %s; 'sockscope list' prints the endpoints instead\n",
                 terminal_safe(opened.error().message).c_str());
    return kExitFailure;
  }
  tui::NcursesTerminal& term = **opened;
  const TerminalEnv env = TerminalEnv::current();
  settings.color = use_color(o.color, true, term.has_color(), env);
  settings.utf8 = locale_is_utf8(env);

  LocalLookups local;
  tui::ViewServices services;
  services.names = names ? &*names : nullptr;
  services.request_name = [&](const IpAddress& a) {
    if (names) names->request(a);
  };
  services.local = &local;
  services.control = [&](const view::CollectControl& c) { pump.control(c); };
  services.arrange = [&](view::RowArranger a) { pump.arrange_with(std::move(a)); };
  // In its own namespace: entered on a worker thread for the one SOCK_DESTROY, never this thread.
  services.close_connection = destroy_tcp_in_netns;
  services.send_signal = send_signal;
  services.process_details = [](int pid) { return read_process_details(pid); };
  services.copy_to_clipboard = [&](std::string_view text) { term.send_raw(tui::osc52_sequence(text)); };
  services.write_file = view::write_text_file;

  int stopped_by = 0;
  try {
    tui::LiveView view(settings, services);
    if (!names_problem.empty()) view.on_collect_error("names unavailable: " + names_problem, tui::Clock::now());
    tui::LoopInputs in{term, pump, [] { return tui::Clock::now(); }, tui::NcursesTerminal::stop_flag()};
    stopped_by = tui::run_live_loop(view, in);
  } catch (const std::exception& e) {
    term.restore();
    std::fprintf(stderr, "sockscope: the live view failed: %s\n", terminal_safe(e.what()).c_str());
    return kExitFailure;
  }
  // The screen goes back before the collector thread is joined (a collection may still run).
  term.restore();
  return stopped_by ? 128 + stopped_by : kExitOk;
}

int run_watch(std::vector<std::string> args) {
  WatchOptions o;
  if (int done = parse_watch_options(std::move(args), o, false); done >= 0) return done;
  return run_watch_view(o);
}

int run_tcpview(std::vector<std::string> args) {
  WatchOptions o;
  if (int done = parse_watch_options(std::move(args), o, true); done >= 0) return done;
  return run_watch_view(o);
}

}  // namespace sockscope::cli
