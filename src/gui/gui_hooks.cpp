// install_hooks: the dump, screenshot, trace and input probe behind SOCKSCOPE_GUI_* variables.
#include "gui/gui_hooks.hpp"

#include <time.h>

#include <QApplication>
#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QTableView>
#include <QWindow>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "gui/main_window.hpp"
#include "view/view_export.hpp"

namespace sockscope::gui {

namespace {

long long monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

long long thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<long long>(ts.tv_sec) * 1'000'000'000LL + ts.tv_nsec;
}

const char* highlight_word(RowStatus s) {
  switch (s) {
    case RowStatus::New: return "new";
    case RowStatus::StateChanged: return "changed";
    case RowStatus::Closed: return "closed";
    case RowStatus::Alive: break;
  }
  return "alive";
}

// Written whole, then renamed: a reader never sees half a file.
void write_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << content;
  }
  std::rename(tmp.c_str(), path.c_str());
}

// The rows as the window shows them, "highlight<TAB>cells" per line, after the status bar and the
// platform the window is on (and whether the display shows it: exposed).
std::string dump_rows(MainWindow& w) {
  const view::LiveModel& m = w.live_model();
  std::string out = "# " + w.status_text().toStdString() + "\n";
  const QWindow* handle = w.windowHandle();
  out += "# platform " + QGuiApplication::platformName().toStdString() +
         (handle && handle->isExposed() ? " exposed" : " not-exposed") + "\n";
  for (std::size_t k = 0; k < m.row_count(); ++k) {
    const view::RowView r = m.row(k);
    out += highlight_word(r.highlight);
    out += '\t';
    out += view::row_as_text(m.state(), *r.row, m.cell_context());
    out += '\n';
  }
  return out;
}

enum class Input { Scroll, Sort };

// What the probe thread posts: a request for one input, stamped when posted.
class InputRequest final : public QEvent {
 public:
  static QEvent::Type kind() {
    static const auto type = static_cast<QEvent::Type>(QEvent::registerEventType());
    return type;
  }
  InputRequest(Input input, long long posted_ns) : QEvent(kind()), input(input), posted_ns(posted_ns) {}
  Input input;
  long long posted_ns;
};

class Hooks final : public QObject {
 public:
  explicit Hooks(MainWindow& window) : QObject(&window), window_(window) {
    const char* dump = std::getenv("SOCKSCOPE_GUI_DUMP");
    const char* shot = std::getenv("SOCKSCOPE_GUI_SCREENSHOT");
    const char* trace = std::getenv("SOCKSCOPE_GUI_TRACE");
    const char* probe = std::getenv("SOCKSCOPE_GUI_INPUT_PROBE");
    if (dump && *dump) dump_ = dump;
    if (shot && *shot) shot_ = shot;
    if (trace && *trace) trace_ = std::fopen(trace, "we");
    if (!dump_.empty() || !shot_.empty() || trace_) window.on_refreshed = [this] { refreshed(); };
    int scroll_ms = 0, sort_ms = 0;
    if (trace_ && probe && std::sscanf(probe, "%d,%d", &scroll_ms, &sort_ms) == 2 && scroll_ms > 0 && sort_ms > 0) {
      probe_ = std::thread([this, scroll_ms, sort_ms] { post_requests(scroll_ms, sort_ms); });
    }
  }
  ~Hooks() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (probe_.joinable()) probe_.join();
    if (trace_) std::fclose(trace_);
  }

  bool event(QEvent* e) override {
    if (e->type() != InputRequest::kind()) return QObject::event(e);
    const auto* request = static_cast<InputRequest*>(e);
    const long long started = monotonic_ns(), cpu = thread_cpu_ns();
    if (request->input == Input::Scroll) scroll();
    else sort();
    std::fprintf(trace_, "%s %lld %lld %lld %lld\n", request->input == Input::Scroll ? "scroll" : "sort", request->posted_ns,
                 started, monotonic_ns(), thread_cpu_ns() - cpu);
    return true;
  }

 private:
  void refreshed() {
    if (trace_) {
      const long long end = monotonic_ns();
      std::fprintf(trace_, "refresh %lld %lld %d\n", end - static_cast<long long>(window_.last_refresh_ms() * 1e6), end,
                   window_.table_model().rowCount());
    }
    if (!shot_.empty()) {
      const std::string tmp = shot_ + ".tmp";
      if (window_.grab().save(QString::fromStdString(tmp), "PNG")) std::rename(tmp.c_str(), shot_.c_str());
    }
    if (!dump_.empty()) write_atomically(dump_, dump_rows(window_));
  }

  // Page Down (then, every 50 presses, Page Up) on the table, as the keyboard would send it.
  void scroll() {
    QTableView* table = window_.table_view();
    const Qt::Key key = (scrolls_++ / 50) % 2 ? Qt::Key_PageUp : Qt::Key_PageDown;
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier);
    QApplication::sendEvent(table, &press);
    QApplication::sendEvent(table, &release);
  }

  // A left click on a column header (two columns in turn; each click on one flips its order).
  void sort() {
    QHeaderView* header = window_.table_view()->horizontalHeader();
    const int x = (sorts_++ % 2) ? header->width() / 3 : 10;
    const QPoint at(x, header->height() / 2);
    const QPoint global = header->viewport()->mapToGlobal(at);
    QMouseEvent press(QEvent::MouseButtonPress, at, global, Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QMouseEvent release(QEvent::MouseButtonRelease, at, global, Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(header->viewport(), &press);
    QApplication::sendEvent(header->viewport(), &release);
  }

  void post_requests(int scroll_ms, int sort_ms) {
    long long next_scroll = monotonic_ns(), next_sort = next_scroll + sort_ms * 1'000'000LL;
    std::unique_lock lock(mutex_);
    while (!stop_) {
      const long long next = std::min(next_scroll, next_sort);
      wake_.wait_for(lock, std::chrono::nanoseconds(std::max(0LL, next - monotonic_ns())));
      if (stop_) break;
      const long long now = monotonic_ns();
      if (now >= next_scroll) {
        QCoreApplication::postEvent(this, new InputRequest(Input::Scroll, monotonic_ns()));
        next_scroll = now + scroll_ms * 1'000'000LL;
      }
      if (now >= next_sort) {
        QCoreApplication::postEvent(this, new InputRequest(Input::Sort, monotonic_ns()));
        next_sort = now + sort_ms * 1'000'000LL;
      }
    }
  }

  MainWindow& window_;
  std::string dump_, shot_;
  std::FILE* trace_ = nullptr;
  int scrolls_ = 0, sorts_ = 0;
  std::thread probe_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

}  // namespace

void install_hooks(MainWindow& window) {
  const char* vars[] = {"SOCKSCOPE_GUI_DUMP", "SOCKSCOPE_GUI_SCREENSHOT", "SOCKSCOPE_GUI_TRACE"};
  for (const char* v : vars) {
    if (const char* value = std::getenv(v); value && *value) {
      new Hooks(window);  // owned by the window
      return;
    }
  }
}

}  // namespace sockscope::gui
