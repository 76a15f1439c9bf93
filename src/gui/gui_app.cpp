// run_gui: everything the window needs from the system, and the test hooks (model dump, screenshot).
#include "gui/gui_app.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <unistd.h>

#include <QApplication>
#include <QClipboard>
#include <QMessageBox>
#include <QProcess>
#include <QSocketNotifier>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "collect/netns_plan.hpp"
#include "collect/netns_sockets.hpp"
#include "collect/process_details.hpp"
#include "gui/display_check.hpp"
#include "gui/gui_hooks.hpp"
#include "gui/main_window.hpp"
#include "gui/privileged.hpp"
#include "present/local_lookups.hpp"
#include "present/sanitize.hpp"
#include "resolve/system_names.hpp"
#include "view/live_feed.hpp"
#include "view/view_export.hpp"

namespace sockscope::gui {

namespace {

constexpr const char* kUsage =
    "Usage: sockscope gui [-i SECONDS] [-n] [--netns NS]...\n"
    "The desktop window: TCPView for Linux on sockscope's live view.\n"
    "  -i, --interval SECONDS  seconds between refreshes (0.1 to 3600; default 1)\n"
    "  -n, --no-resolve        start with numeric addresses and ports (Ctrl+R turns names on)\n"
    "  --netns all|current|NAME|PID|PATH\n"
    "                          only these network namespaces: all, current, an ip netns NAME, a PID\n"
    "                          (its namespace) or a namespace file PATH (repeatable; default: all as\n"
    "                          root, else the current one, as the status bar then says)\n"
    "  -h, --help              this text\n"
    "  -V, --version           the version\n";

int g_signal_pipe[2] = {-1, -1};

void on_signal(int) {
  const char byte = 1;
  [[maybe_unused]] auto n = write(g_signal_pipe[1], &byte, 1);
}

Result<void> send_signal(int pid, int sig) {
  if (pid <= 0) return fail("no such process", ESRCH);
  if (::kill(pid, sig) != 0) return fail(std::strerror(errno), errno);
  return {};
}

std::string sockscope_beside_me() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto cli = self.parent_path() / "sockscope";
    if (access(cli.c_str(), X_OK) == 0) return cli.string();
  }
  return "sockscope";
}

}  // namespace

ParsedGuiArgs parse_gui_args(const std::vector<std::string>& args) {
  GuiOptions o;
  std::vector<std::string> netns;
  auto bad = [](const std::string& why) {
    std::fprintf(stderr, "sockscope gui: %s; see 'sockscope gui --help'\n", terminal_safe(why).c_str());
    return ParsedGuiArgs{std::nullopt, 2};
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return {std::nullopt, 0};
    }
    if (a == "-V" || a == "--version") {
      std::printf("sockscope %s\n", SOCKSCOPE_VERSION);
      return {std::nullopt, 0};
    }
    if (a == "-n" || a == "--no-resolve" || a == "--numeric") {
      o.no_resolve = true;
    } else if (a == "-i" || a == "--interval" || a.starts_with("--interval=")) {
      std::string value;
      if (a.starts_with("--interval=")) value = a.substr(11);
      else if (i + 1 < args.size()) value = args[++i];
      else return bad(a + " needs a number of seconds");
      char* end = nullptr;
      const double seconds = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || !(seconds >= 0.1 && seconds <= 3600)) {
        return bad("--interval: '" + value + "' is not between 0.1 and 3600 seconds");
      }
      o.interval = std::chrono::milliseconds(static_cast<long long>(seconds * 1000 + 0.5));
    } else if (a == "--netns" || a.starts_with("--netns=")) {
      std::string value;
      if (a.starts_with("--netns=")) value = a.substr(8);
      else if (i + 1 < args.size()) value = args[++i];
      else return bad("--netns needs all, current, a NAME, a PID or a PATH");
      netns.push_back(std::move(value));
    } else {
      return bad("unknown argument '" + a + "'");
    }
  }
  auto selectors = parse_netns_option(netns);
  if (!selectors) return bad(selectors.error().message);  // "--netns TEXT: why"
  o.netns = std::move(*selectors);
  return {o, 0};
}

int run_gui(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const ParsedGuiArgs parsed = parse_gui_args(args);
  if (!parsed.options) return parsed.exit_code;
  const GuiOptions& o = *parsed.options;

  // Before QApplication: without a display Qt would abort with a long message about plugins.
  const DisplayChoice display = choose_display(display_env_from_environment(), system_display_probe());
  if (!display.problem.empty()) {
    std::fprintf(stderr, "sockscope gui: %s\n", display.problem.c_str());
    return 3;  // as the CLI's "cannot run at all" (kExitFailure)
  }
  if (!display.platform.empty()) setenv("QT_QPA_PLATFORM", display.platform.c_str(), 1);  // the one that answers
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // as the terminal view: refreshes reuse the same blocks
  mallopt(M_TRIM_THRESHOLD, 256 << 20);

  std::optional<Names> names;
  std::string names_problem;
  if (auto created = Names::create(Names::Options{})) names.emplace(std::move(*created));
  else names_problem = created.error().message;

  view::ViewSettings settings;
  settings.interval = o.interval;
  settings.resolve = !o.no_resolve && names.has_value();
  settings.as_root = geteuid() == 0;

  // The collector, the namespace plan and the capture of short-lived connections, as the terminal
  // view has them. A --netns naming nothing ends here; what cannot be entered or captured is said
  // once, on stderr and in the status bar.
  view::LiveFeedOptions feed_options;
  feed_options.interval = settings.interval;
  feed_options.unix_sockets = settings.protos.unix_;
  feed_options.highlight_refreshes = settings.highlight_refreshes;
  feed_options.netns = o.netns;
  auto started = view::LiveFeed::start(std::move(feed_options));
  if (!started) {
    std::fprintf(stderr, "sockscope gui: %s; see 'sockscope gui --help'\n", terminal_safe(started.error().message).c_str());
    return 2;
  }
  view::LiveFeed& feed = **started;
  if (!feed.netns_note().empty()) std::fprintf(stderr, "sockscope gui: %s\n", feed.netns_note().c_str());
  settings.notice = feed.notice();
  view::SnapshotPump& pump = feed.pump();

  QApplication::setOrganizationName("sockscope");
  QApplication::setApplicationName("sockscope-gui");
  QApplication::setDesktopFileName("sockscope");
  QApplication app(argc, argv);

  LocalLookups local;
  GuiServices services;
  services.names = names ? &*names : nullptr;
  services.request_name = [&](const IpAddress& a) {
    if (names) names->request(a);
  };
  services.local = &local;
  services.control = [&](const view::CollectControl& c) { pump.control(c); };
  services.arrange = [&](view::RowArranger a) { pump.arrange_with(std::move(a)); };
  services.close_connection = destroy_tcp_in_netns;
  services.send_signal = send_signal;
  services.process_details = [](int pid) { return read_process_details(pid); };
  services.write_file = view::write_text_file;
  services.copy_to_clipboard = [](std::string_view text) {
    QApplication::clipboard()->setText(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
  };
  services.sockscope_path = sockscope_beside_me();
  services.run_privileged = [](const std::vector<std::string>& argv) {
    QStringList rest;
    for (std::size_t i = 1; i < argv.size(); ++i) rest << QString::fromStdString(argv[i]);
    QProcess::startDetached(QString::fromStdString(argv.front()), rest);
  };

  services.confirm = [](const std::string& title, const std::string& text) {
    return QMessageBox::question(QApplication::activeWindow(), QString::fromStdString(title),
                                 QString::fromStdString(text)) == QMessageBox::Yes;
  };
  services.report = [](const std::string& title, const std::string& text) {
    QMessageBox::information(QApplication::activeWindow(), QString::fromStdString(title), QString::fromStdString(text));
  };
  MainWindow window(settings, services, pump, [] { return view::Clock::now(); });
  if (!names_problem.empty()) std::fprintf(stderr, "sockscope gui: names unavailable: %s\n", terminal_safe(names_problem).c_str());

  // Test and benchmark hooks (SOCKSCOPE_GUI_DUMP, _SCREENSHOT, _TRACE, _INPUT_PROBE).
  install_hooks(window);

  // SIGTERM, SIGINT, SIGHUP close the window as its close button would (settings saved).
  if (pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) == 0) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &sa, nullptr);
  }
  QSocketNotifier stop(g_signal_pipe[0], QSocketNotifier::Read);
  QObject::connect(&stop, &QSocketNotifier::activated, &window, [&window] {
    char buf[16];
    [[maybe_unused]] auto n = read(g_signal_pipe[0], buf, sizeof buf);
    window.close();
  });

  window.show();
  const int code = app.exec();
  return code;
}

}  // namespace sockscope::gui
