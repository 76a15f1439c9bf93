// sockscope-gui-bench: the desktop window's GUI-thread time per refresh at 100k sockets (the model
// swap: apply the table, move the rows in place, status bar), with the real collector thread
// diffing and arranging synthetic snapshots (1% churn per refresh), offscreen.
// Usage: sockscope-gui-bench [SOCKETS] [REFRESHES]
#include <QApplication>
#include <QTableView>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gui/main_window.hpp"
#include "micro_synthetic.hpp"
#include "view/snapshot_pump.hpp"

using namespace sockscope;

namespace {

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  const std::size_t sockets = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const int refreshes = argc > 2 ? std::atoi(argv[2]) : 15;
  Snapshot a = micro::loopback_snapshot(sockets / 2);
  a.taken_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  Snapshot b = a;
  for (std::size_t i = 0; i < b.endpoints.size() / 100; ++i) {
    Endpoint& e = b.endpoints[i * 100];
    e.cookie += 1'000'000'007;
    e.inode += 1'000'000'007;
  }
  int n = 0;
  view::SnapshotPump::Source source = [&](bool) -> Result<Snapshot> {
    Snapshot s = (n % 2) ? b : a;
    s.taken_at = a.taken_at + std::chrono::seconds(++n);
    return s;
  };
  view::CollectControl initial;
  initial.interval = std::chrono::milliseconds(300);
  view::SnapshotPump pump(source, initial, DiffOptions{});
  QApplication app(argc, argv);
  view::ViewSettings settings;
  settings.resolve = false;
  settings.as_root = true;
  gui::GuiServices services;
  services.control = [&](const view::CollectControl& c) { pump.control(c); };
  services.arrange = [&](view::RowArranger r) { pump.arrange_with(std::move(r)); };
  gui::MainWindow window(settings, services, pump, [] { return view::Clock::now(); });
  window.show();
  std::vector<double> ms;
  window.on_refreshed = [&] {
    if (window.table_model().rowCount() > 0 && ms.empty()) {
      // A selection and a scroll position in the middle, as a user would have them.
      window.table_view()->selectRow(window.table_model().rowCount() / 2);
      window.table_view()->scrollTo(window.table_model().index(window.table_model().rowCount() / 2, 0));
    }
    ms.push_back(window.last_refresh_ms());
    if (static_cast<int>(ms.size()) >= refreshes) app.quit();
  };
  app.exec();
  const double first = ms.front();
  std::vector<double> rest(ms.begin() + 1, ms.end());
  std::ranges::sort(rest);
  std::printf("rows %d  refreshes %zu  first %.1f ms  median %.1f ms  max %.1f ms  (GUI thread per refresh)  RSS %ld MiB\n",
              window.table_model().rowCount(), ms.size(), first, rest[rest.size() / 2], rest.back(), rss_kib() / 1024);
  return 0;
}
