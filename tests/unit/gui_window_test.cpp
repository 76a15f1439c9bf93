// The desktop window under Qt's offscreen platform, on scripted snapshots and a fake clock: rows,
// highlight colours and their lifetimes, sort, filter, selection kept across refreshes; Close
// Connection and End Process on exactly the selected rows (fake engine); save and copy formats;
// the privilege banner's pkexec argv (fake runner); the display check and the arguments.
#include <gtest/gtest.h>

// The suppressions of tests/lsan_qt.supp, built in: ctest's ENVIRONMENT list does not reliably
// carry LSAN_OPTIONS through gtest_discover_tests, and fontconfig's cache (uninstrumented, kept
// until exit) would fail every window test under ASan. Only these two system libraries.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\nleak:libdbus-1.so\n"; }

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QDialog>
#include <QPlainTextEdit>
#include <QHeaderView>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <csignal>
#include <cstdlib>
#include <deque>
#include <map>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gui/desktop_icon.hpp"
#include "gui/display_check.hpp"
#include "gui/endpoint_table.hpp"
#include "gui/gui_app.hpp"
#include "gui/main_window.hpp"
#include "gui/privileged.hpp"
#include "logic/short_lived.hpp"
#include "view_test_support.hpp"

namespace sockscope::testing {
namespace {

QApplication& app() {
  // The offscreen platform: no display needed, the same as CI's and as nobody's.
  setenv("QT_QPA_PLATFORM", "offscreen", 1);
  static int argc = 1;
  static char name[] = "gui_window_test";
  static char* argv[] = {name, nullptr};
  static QApplication* a = [] {
    QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location, not the user's
    // ... in /tmp: as nobody, HOME is not writable.
    const std::string settings = std::filesystem::temp_directory_path() / ("gui_settings_" + std::to_string(getpid()));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, QString::fromStdString(settings));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, QString::fromStdString(settings));
    auto* created = new QApplication(argc, argv);
    QApplication::setOrganizationName("sockscope-test");
    return created;
  }();
  return *a;
}

// The collector thread's part, scripted: each snapshot is diffed here as the pump would.
class ScriptFeed final : public view::SnapshotFeed {
 public:
  std::optional<Result<view::FeedItem>> take() override {
    if (items_.empty()) return std::nullopt;
    auto item = std::move(items_.front());
    items_.pop_front();
    return item;
  }
  void control(const view::CollectControl& c) override { controls.push_back(c); }
  void push(std::vector<Endpoint> eps) {
    ++seconds_;
    DiffOptions options;
    options.highlight_refreshes = 3;
    table_ = std::make_shared<const LiveTable>(
        advance(*table_, make_snapshot(kWallStart + std::chrono::seconds(seconds_), std::move(eps)), options));
    items_.push_back(view::FeedItem{table_, 0, {}});
  }
  // With the capture's events, as the pump does (pick_short_lived, then the one diff).
  void push(std::vector<Endpoint> eps, const std::vector<ConnEvent>& events) {
    ++seconds_;
    DiffOptions options;
    options.highlight_refreshes = 3;
    auto cur = make_snapshot(kWallStart + std::chrono::seconds(seconds_), std::move(eps));
    ShortLivedOptions sl;
    sl.boot_to_unix_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(kWallStart.time_since_epoch()).count();
    const ShortLivedPick pick = pick_short_lived(*table_, *cur, events, sl);
    DiffScratch scratch;
    auto next = std::make_shared<LiveTable>(advance(*table_, cur, options, scratch, pick.rows));
    next->events.capturing = true;
    next->events.short_lived += pick.seen;
    table_ = next;
    items_.push_back(view::FeedItem{table_, 0, {}});
  }
  std::vector<view::CollectControl> controls;

 private:
  LiveTablePtr table_ = std::make_shared<const LiveTable>();
  std::deque<Result<view::FeedItem>> items_;
  int seconds_ = 0;
};

std::vector<Endpoint> base() {
  return {owned(tcp4("0.0.0.0", 80, "0.0.0.0", 0, TcpState::Listen, 1), {0}),
          owned(tcp4("10.0.0.1", 80, "10.0.0.9", 51234, TcpState::Established, 2), {0}),
          owned(tcp6("::", 22, "::", 0, TcpState::Listen, 3), {2}),
          owned(udp4("0.0.0.0", 68, 4), {2})};
}

Endpoint curl(TcpState st = TcpState::Established) { return owned(tcp4("10.0.0.1", 44321, "10.0.0.2", 80, st, 5), {1}); }

std::vector<Endpoint> plus(std::vector<Endpoint> eps, Endpoint e) {
  eps.push_back(std::move(e));
  return eps;
}

// A window over a ScriptFeed with every effect recorded.
class WindowTest : public ::testing::Test {
 protected:
  void open(bool as_root = true) {
    app();
    view::ViewSettings settings;
    settings.resolve = false;
    settings.as_root = as_root;
    gui::GuiServices s;
    s.close_connection = [this](const Endpoint& e, const NetnsInfo*) -> Result<void> {
      closed.push_back(e);
      return {};
    };
    s.send_signal = [this](int pid, int sig) -> Result<void> {
      signalled.emplace_back(pid, sig);
      return {};
    };
    s.write_file = view::write_text_file;
    s.control = [this](const view::CollectControl& c) { feed.control(c); };
    s.copy_to_clipboard = [this](std::string_view t) { clipboard = std::string(t); };
    s.confirm = [this](const std::string&, const std::string& text) {
      asked.push_back(text);
      return answer;
    };
    s.report = [this](const std::string&, const std::string& text) { reports.push_back(text); };
    s.process_details = [](int pid) {
      ProcessDetails d;
      d.cwd = "/srv/www";
      d.cgroup = "0::/system.slice/nginx.service\n";
      Process self = process(pid, "nginx", "/usr/sbin/nginx", {"nginx"});
      self.ppid = 1;
      d.ancestry = {self, process(1, "systemd", "/usr/lib/systemd/systemd", {"/sbin/init"})};
      return d;
    };
    s.run_privileged = [this](const std::vector<std::string>& argv) { privileged.push_back(argv); };
    s.sockscope_path = "/usr/bin/sockscope";
    s.choose_save_path = [this] { return save_path; };
    s.desktop_icon = [this](const std::string& exe, const std::string& name) {
      icon_asked.push_back(exe + "|" + name);
      return icon;
    };
    window = std::make_unique<gui::MainWindow>(settings, s, feed, [this] { return now; });
    window->show();
  }
  void refresh(std::vector<Endpoint> eps) {
    now += std::chrono::seconds(1);
    feed.push(std::move(eps));
    ASSERT_TRUE(window->take_from_feed());
  }
  int col(std::string_view key) const {
    return static_cast<int>(view::find_view_column(window->live_model().state().catalog, key));
  }
  std::string cell(int row, std::string_view key) const {
    auto& m = window->table_model();
    return m.data(m.index(row, col(key))).toString().toStdString();
  }
  // "process:pid:colour" per row as the table shows it; colour from the background role.
  std::vector<std::string> rows() const {
    std::vector<std::string> out;
    auto& m = window->table_model();
    const QPalette p = window->palette();
    for (int r = 0; r < m.rowCount(); ++r) {
      std::string s = cell(r, "process") + ":" + cell(r, "pid");
      const QVariant bg = m.data(m.index(r, 0), Qt::BackgroundRole);
      if (bg.isValid()) {
        const QColor c = bg.value<QColor>();
        if (c == *gui::highlight_background(RowStatus::New, p)) s += ":green";
        else if (c == *gui::highlight_background(RowStatus::StateChanged, p)) s += ":yellow";
        else if (c == *gui::highlight_background(RowStatus::Closed, p)) s += ":red";
        else s += ":?";
      }
      out.push_back(s);
    }
    return out;
  }
  void select_rows(std::initializer_list<int> rows_to_select) {
    QTableView* t = window->table_view();
    t->clearSelection();
    for (int r : rows_to_select) {
      t->selectionModel()->select(t->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
  }
  std::uint64_t cookie_at(int row) const {
    const LiveRow* r = window->live_model().find_row(window->table_model().row_id(row));
    return r ? r->endpoint().cookie : 0;
  }
  int row_with_pid(const std::string& pid, std::string_view local_port = {}) const {
    for (int r = 0; r < window->table_model().rowCount(); ++r) {
      if (cell(r, "pid") == pid && (local_port.empty() || cell(r, "local_port") == local_port)) return r;
    }
    return -1;
  }

  ScriptFeed feed;
  view::Clock::time_point now{};
  std::unique_ptr<gui::MainWindow> window;
  std::vector<Endpoint> closed;
  std::vector<std::pair<int, int>> signalled;
  std::string clipboard;
  bool answer = true;
  std::vector<std::string> asked, reports;
  std::vector<std::vector<std::string>> privileged;
  std::string save_path, icon;
  std::vector<std::string> icon_asked;
};

TEST_F(WindowTest, TitleColumnsAndRowsByProcessName) {
  open();
  EXPECT_EQ(window->windowTitle().toStdString(), "sockscope");
  refresh(base());
  EXPECT_EQ(rows(), (std::vector<std::string>{"nginx:100", "nginx:100", "sshd:300", "sshd:300"}));
  // TCPView's columns and sockscope's own: each catalog column is a table column, shown or hidden.
  auto& m = window->table_model();
  EXPECT_EQ(static_cast<std::size_t>(m.columnCount()), window->live_model().state().catalog.size());
  EXPECT_EQ(m.headerData(col("process"), Qt::Horizontal).toString().toStdString(), "Process Name");
  EXPECT_FALSE(window->table_view()->horizontalHeader()->isSectionHidden(col("local_port")));
  EXPECT_TRUE(window->status_text().contains("Endpoints: 4 shown of 4")) << window->status_text().toStdString();
  EXPECT_TRUE(window->status_text().contains("Update: 1 s"));
}

TEST_F(WindowTest, NewGreenChangedYellowClosedRedForTheHighlightLifetime) {
  open();
  refresh(base());
  refresh(plus(base(), curl(TcpState::SynSent)));
  EXPECT_EQ(rows()[0], "curl:200:green");
  refresh(plus(base(), curl(TcpState::SynSent)));
  refresh(plus(base(), curl(TcpState::SynSent)));
  EXPECT_EQ(rows()[0], "curl:200:green");  // third refresh of its life
  refresh(plus(base(), curl(TcpState::SynSent)));
  EXPECT_EQ(rows()[0], "curl:200");  // faded
  refresh(plus(base(), curl(TcpState::Established)));
  EXPECT_EQ(rows()[0], "curl:200:yellow");
  refresh(base());
  EXPECT_EQ(rows()[0], "curl:200:red");
  refresh(base());
  refresh(base());
  EXPECT_EQ(rows()[0], "curl:200:red");
  refresh(base());
  EXPECT_EQ(rows().size(), 4u);  // the tombstone left
  EXPECT_EQ(rows()[0], "nginx:100");
}

TEST_F(WindowTest, ShortLivedConnectionIsARedRowWithOwnerLifetimeAndBytesAndCounted) {
  open();
  refresh(base());
  ConnEvent e;
  e.kind = ConnEventKind::Closed;
  e.cookie = 77;
  e.local = ip4("10.0.0.1");
  e.remote = ip4("10.0.0.2");
  e.local_port = 40000;
  e.remote_port = 80;
  e.open_ns = 1'500'000'000;  // 1.5 s after the first refresh's wall time, for 3.2 ms
  e.close_ns = e.open_ns + 3'200'000;
  e.tcp.bytes_received = 1234;
  e.owner = ConnOwner{4242, 4242, 1000, 0, "beacon"};
  now += std::chrono::seconds(1);
  feed.push(base(), {e});
  ASSERT_TRUE(window->take_from_feed());
  const int r = row_with_pid("4242");
  ASSERT_GE(r, 0);
  EXPECT_EQ(rows()[static_cast<std::size_t>(r)], "beacon:4242:red");
  EXPECT_EQ(cell(r, "state"), "SHORT-LIVED");  // the same cell text as the terminal view's
  EXPECT_EQ(cell(r, "lifetime"), "3.2 ms");
  EXPECT_EQ(cell(r, "bytes_received"), "1234");
  EXPECT_TRUE(window->status_text().contains("1 short-lived")) << window->status_text().toStdString();
  // Gone after the highlight lifetime, as every closed row; the count stays.
  for (int i = 0; i < 3; ++i) refresh(base());
  EXPECT_EQ(row_with_pid("4242"), -1);
  EXPECT_TRUE(window->status_text().contains("1 short-lived")) << window->status_text().toStdString();
}

TEST_F(WindowTest, HighlightColoursFollowTheDesktopPalette) {
  app();
  QPalette light, dark;
  light.setColor(QPalette::Base, Qt::white);
  dark.setColor(QPalette::Base, QColor(30, 30, 30));
  const QColor l = *gui::highlight_background(RowStatus::New, light);
  const QColor d = *gui::highlight_background(RowStatus::New, dark);
  EXPECT_GT(l.lightness(), 150);  // a pale green on white
  EXPECT_LT(d.lightness(), 100);  // a dark green on a dark desktop: light text stays readable
  EXPECT_GT(d.green(), d.red());
  EXPECT_FALSE(gui::highlight_background(RowStatus::Alive, light).has_value());
}

TEST_F(WindowTest, HeaderClickSortsAndTheSearchBoxFilters) {
  open();
  refresh(plus(base(), curl()));
  window->table_view()->sortByColumn(col("pid"), Qt::DescendingOrder);
  EXPECT_EQ(rows(), (std::vector<std::string>{"sshd:300", "sshd:300", "curl:200", "nginx:100", "nginx:100"}));
  refresh(plus(base(), curl()));  // the order holds across refreshes
  EXPECT_EQ(rows()[2], "curl:200");
  window->set_filter_text("curl");  // plain text: a quick find
  EXPECT_EQ(rows(), (std::vector<std::string>{"curl:200"}));
  window->set_filter_text("pid = 100");  // the filter language, as the live view's '/'
  EXPECT_EQ(rows(), (std::vector<std::string>{"nginx:100", "nginx:100"}));
  window->set_filter_text("");
  window->set_protocol(2, false);  // UDP v4 off
  EXPECT_EQ(rows().size(), 4u);
  window->set_state_choice(2);  // Listening
  EXPECT_EQ(rows(), (std::vector<std::string>{"sshd:300", "nginx:100"}));
  window->set_state_choice(0);
  window->set_show_unconnected(false);
  EXPECT_EQ(rows(), (std::vector<std::string>{"curl:200", "nginx:100"}));
}

TEST_F(WindowTest, SelectionAndCurrentRowFollowTheirEndpointsAcrossRefreshes) {
  open();
  refresh(base());
  const int sshd = row_with_pid("300", "22");
  ASSERT_GE(sshd, 0);
  select_rows({sshd});
  window->table_view()->setCurrentIndex(window->table_model().index(sshd, 0));
  const auto before = window->selected_ids();
  ASSERT_EQ(before.size(), 1u);
  // curl sorts first: every row below it moves down one.
  refresh(plus(base(), curl()));
  EXPECT_EQ(window->selected_ids(), before);
  EXPECT_EQ(window->table_view()->currentIndex().row(), sshd + 1);
  EXPECT_EQ(cell(window->table_view()->currentIndex().row(), "local_port"), "22");
  // Sorting moves it too; the selection stays on it.
  window->table_view()->sortByColumn(col("pid"), Qt::DescendingOrder);
  EXPECT_EQ(window->selected_ids(), before);
  // A row that leaves takes its selection with it (after its red lifetime).
  auto no_sshd = base();
  no_sshd.erase(no_sshd.begin() + 2);
  for (int i = 0; i < 4; ++i) refresh(no_sshd);
  EXPECT_TRUE(window->selected_ids().empty());
}

TEST_F(WindowTest, CloseConnectionActsOnExactlyTheSelectedTcpRowsAfterAsking) {
  open();
  refresh(plus(base(), curl()));
  const int a = row_with_pid("200"), b = row_with_pid("100", "80"), udp = row_with_pid("300", "68");
  ASSERT_GE(a, 0);
  select_rows({a, b, udp});
  answer = false;
  window->close_connections();
  EXPECT_TRUE(closed.empty());  // declined: nothing happens
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_NE(asked[0].find("Close 2 TCP connections?"), std::string::npos) << asked[0];
  answer = true;
  window->close_connections();
  ASSERT_EQ(closed.size(), 2u);
  std::vector<std::uint64_t> cookies{closed[0].cookie, closed[1].cookie};
  std::ranges::sort(cookies);
  const std::uint64_t nginx_cookie = cookie_at(b);
  std::vector<std::uint64_t> want{5, nginx_cookie};
  std::ranges::sort(want);
  EXPECT_EQ(cookies, want);
  ASSERT_EQ(reports.size(), 1u);  // one report, a line per row
  EXPECT_NE(reports[0].find("10.0.0.1:44321 -> 10.0.0.2:80  ESTABLISHED: closed"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("not a TCP connection"), std::string::npos) << reports[0];
}

TEST_F(WindowTest, EndProcessSignalsEachSelectedOwnerOnce) {
  open();
  refresh(plus(base(), curl()));
  select_rows({0, 1, 2});  // curl, nginx, nginx
  window->end_processes();
  std::ranges::sort(signalled);
  EXPECT_EQ(signalled, (std::vector<std::pair<int, int>>{{100, SIGTERM}, {200, SIGTERM}}));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("Process 100: SIGTERM sent"), std::string::npos) << reports[0];
}

TEST_F(WindowTest, CopyAndSaveAsTextCsvAndJson) {
  open();
  refresh(plus(base(), curl()));
  select_rows({0, 1});
  window->copy_rows();
  std::istringstream lines(clipboard);
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_EQ(first.substr(0, first.find('\t')), "curl");
  EXPECT_NE(first.find("\t10.0.0.2\t"), std::string::npos) << first;
  EXPECT_EQ(second.substr(0, second.find('\t')), "nginx");

  const auto dir = std::filesystem::temp_directory_path() / ("gui_save_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  window->save_as((dir / "rows.csv").string());
  const std::string csv = read(dir / "rows.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 6);  // header + 5 rows
  EXPECT_NE(csv.find("curl"), std::string::npos);
  window->save_as((dir / "rows.json").string());
  const auto json = nlohmann::json::parse(read(dir / "rows.json"), nullptr, false);
  ASSERT_FALSE(json.is_discarded());
  EXPECT_EQ(json.is_array() ? json.size() : json.value("endpoints", nlohmann::json::array()).size(), 5u);
  window->save_as((dir / "rows.txt").string());
  EXPECT_NE(read(dir / "rows.txt").find("nginx"), std::string::npos);
  window->save_as((dir / "missing" / "x.txt").string());
  ASSERT_EQ(reports.size(), 1u);  // the failure is reported, not swallowed
  std::filesystem::remove_all(dir);
}

TEST_F(WindowTest, UnprivilegedShowsTheBannerAndClosesThroughPkexec) {
  open(/*as_root=*/false);
  EXPECT_TRUE(window->privilege_banner_shown());
  refresh(plus(base(), curl()));
  select_rows({row_with_pid("200"), row_with_pid("300", "68")});
  QPushButton* button = nullptr;
  for (QPushButton* b : window->findChildren<QPushButton*>()) {
    if (b->text().startsWith("Close as Administrator")) button = b;
  }
  ASSERT_NE(button, nullptr);
  QTest::mouseClick(button, Qt::LeftButton);
  ASSERT_EQ(privileged.size(), 1u);  // the UDP row is not a connection to close
  EXPECT_EQ(privileged[0], (std::vector<std::string>{"pkexec", "/usr/bin/sockscope", "close", "--local", "10.0.0.1:44321",
                                                     "--remote", "10.0.0.2:80", "--proto", "tcp4", "--netns", "current", "--yes"}));
  EXPECT_TRUE(closed.empty());  // nothing closed by the window itself
}

TEST_F(WindowTest, RootHasNoBanner) {
  open(/*as_root=*/true);
  EXPECT_FALSE(window->privilege_banner_shown());
}

TEST_F(WindowTest, PropertiesDialogShowsTheProcessAndCopies) {
  open();
  refresh(base());
  const int nginx = row_with_pid("100", "80");
  window->table_view()->setCurrentIndex(window->table_model().index(nginx, 0));
  window->show_properties();
  auto* dialog = window->findChild<QDialog*>("properties");
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->windowTitle().toStdString(), "Process Properties");
  auto* body = dialog->findChild<QPlainTextEdit*>();
  ASSERT_NE(body, nullptr);
  const std::string text = body->toPlainText().toStdString();
  for (const char* want : {"nginx", "100", "/usr/sbin/nginx", "www-data", "/srv/www", "systemd"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << " missing from\n" << text;
  }
  QPushButton* copy = nullptr;
  for (QPushButton* b : dialog->findChildren<QPushButton*>()) {
    if (b->text() == "&Copy") copy = b;
  }
  ASSERT_NE(copy, nullptr);
  QTest::mouseClick(copy, Qt::LeftButton);
  EXPECT_EQ(clipboard, body->toPlainText().toStdString());
  dialog->close();
}

TEST_F(WindowTest, PropertiesDialogShowsTheIconItsDesktopEntryNames) {
  const auto dir = std::filesystem::temp_directory_path() / ("gui_icon_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  open();
  QImage square(32, 32, QImage::Format_ARGB32);
  square.fill(Qt::blue);
  icon = (dir / "nginx.png").string();
  ASSERT_TRUE(square.save(QString::fromStdString(icon)));
  refresh(base());
  window->table_view()->setCurrentIndex(window->table_model().index(row_with_pid("100", "80"), 0));
  window->show_properties();
  auto* dialog = window->findChild<QDialog*>("properties");
  ASSERT_NE(dialog, nullptr);
  ASSERT_EQ(icon_asked.size(), 1u);
  EXPECT_EQ(icon_asked[0], "/usr/sbin/nginx|nginx");  // asked for the process's executable and name
  auto* image = dialog->findChild<QLabel*>("process-icon");
  ASSERT_NE(image, nullptr);
  EXPECT_FALSE(image->pixmap().isNull());
  EXPECT_EQ(image->pixmap().toImage().pixelColor(16, 16), QColor(Qt::blue));
  delete dialog;
  // No entry names one (and the offscreen platform has no icon theme): no icon, the text alone.
  icon.clear();
  window->show_properties();
  dialog = window->findChild<QDialog*>("properties");
  ASSERT_NE(dialog, nullptr);
  EXPECT_EQ(dialog->findChild<QLabel*>("process-icon"), nullptr);
  delete dialog;
  std::filesystem::remove_all(dir);
}

TEST(GuiDesktopIcon, EntriesAreReadForTheirProgramAndIcon) {
  auto e = gui::parse_desktop_entry(
      "# comment\n[Desktop Entry]\nName=Web\nExec=env MOZ_X=1 \"/usr/lib/fire fox/firefox\" %u\nIcon=firefox\n"
      "Icon[de]=feuerfuchs\n[Desktop Action new]\nExec=other\nIcon=wrong\n");
  EXPECT_EQ(e.exec_program, "/usr/lib/fire fox/firefox");
  EXPECT_EQ(e.icon, "firefox");
  EXPECT_FALSE(e.hidden);
  e = gui::parse_desktop_entry("[Desktop Entry]\r\nTryExec=nginx\r\nExec=nginx -g daemon\r\nIcon=/opt/n.png\r\nHidden=true\r\n");
  EXPECT_EQ(e.try_exec, "nginx");
  EXPECT_EQ(e.exec_program, "nginx");
  EXPECT_EQ(e.icon, "/opt/n.png");
  EXPECT_TRUE(e.hidden);
  EXPECT_EQ(gui::parse_desktop_entry("Exec=x\nIcon=y\n").icon, "");  // outside the group
}

TEST(GuiDesktopIcon, TheEntryThatRunsTheProgramNamesTheIcon) {
  const auto dir = std::filesystem::temp_directory_path() / ("gui_apps_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "sub");
  auto write = [&](const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; };
  write(dir / "a-other-nginx.desktop", "[Desktop Entry]\nExec=/opt/other/nginx\nIcon=by-name\n");
  write(dir / "nginx.desktop", "[Desktop Entry]\nExec=/usr/sbin/nginx -g x\nIcon=exact\n");
  write(dir / "sub" / "firefox.desktop", "[Desktop Entry]\nExec=env A=1 firefox %u\nIcon=firefox\n");
  write(dir / "gone.desktop", "[Desktop Entry]\nExec=/usr/bin/gone\nIcon=gone\nHidden=true\n");
  write(dir / "notes.txt", "[Desktop Entry]\nExec=/usr/bin/notes\nIcon=notes\n");
  const std::vector<std::string> dirs{(dir / "missing").string(), dir.string()};
  EXPECT_EQ(gui::desktop_icon_for("/usr/sbin/nginx", "nginx", dirs), "exact");  // the executable first
  EXPECT_EQ(gui::desktop_icon_for("/srv/nginx", "nginx", dirs), "by-name");
  EXPECT_EQ(gui::desktop_icon_for("/usr/lib/firefox/firefox", "GeckoMain", dirs), "firefox");
  EXPECT_EQ(gui::desktop_icon_for("", "firefox", dirs), "firefox");
  EXPECT_EQ(gui::desktop_icon_for("/usr/bin/gone", "gone", dirs), "");   // Hidden
  EXPECT_EQ(gui::desktop_icon_for("/usr/bin/notes", "notes", dirs), "");  // not a .desktop file
  EXPECT_EQ(gui::desktop_icon_for("/usr/bin/sshd", "sshd", dirs), "");
  std::filesystem::remove_all(dir);
}

// The menus as TCPView has them, each action where the issue puts it.
TEST_F(WindowTest, MenusFileEditViewProcess) {
  open();
  std::vector<std::string> menus;
  std::map<std::string, std::vector<std::string>> items;
  for (QAction* m : window->menuBar()->actions()) {
    const std::string title = m->text().remove('&').toStdString();
    menus.push_back(title);
    QMenu* menu = m->menu();
    ASSERT_NE(menu, nullptr);
    for (QAction* a : menu->actions()) {
      if (!a->isSeparator()) items[title].push_back(a->text().remove('&').toStdString());
    }
  }
  EXPECT_EQ(menus, (std::vector<std::string>{"File", "Edit", "View", "Process"}));
  EXPECT_EQ(items["File"], (std::vector<std::string>{"Save As…", "Exit"}));
  EXPECT_EQ(items["Edit"], (std::vector<std::string>{"Copy Rows", "Find…"}));
  EXPECT_EQ(items["View"], (std::vector<std::string>{"Update Speed", "Pause", "Refresh Now", "Resolve Addresses",
                                                     "Show Unconnected Endpoints", "Columns"}));
  EXPECT_EQ(items["Process"], (std::vector<std::string>{"Properties…", "End Process…", "Close Connection…"}));
}

// TCPView's keys: F5 refresh, Ctrl+R names, Ctrl+S save, Ctrl+F find, Space pause, Delete close.
TEST_F(WindowTest, TcpviewShortcutsReachTheirActions) {
  open();
  refresh(plus(base(), curl()));
  QApplication::setActiveWindow(window.get());
  QTableView* table = window->table_view();
  table->setFocus();
  const bool resolving = window->live_model().state().settings.resolve;
  QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier);
  EXPECT_NE(window->live_model().state().settings.resolve, resolving);
  QTest::keyClick(table, Qt::Key_R, Qt::ControlModifier);
  EXPECT_EQ(window->live_model().state().settings.resolve, resolving);

  const auto dir = std::filesystem::temp_directory_path() / ("gui_keys_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  save_path = (dir / "rows.csv").string();
  QTest::keyClick(table, Qt::Key_S, Qt::ControlModifier);
  EXPECT_TRUE(std::filesystem::exists(save_path));
  std::filesystem::remove_all(dir);

  select_rows({row_with_pid("200")});
  table->setFocus();
  QTest::keyClick(table, Qt::Key_Delete);
  ASSERT_EQ(asked.size(), 1u);  // Close Connection asks first
  EXPECT_NE(asked[0].find("Close 1 TCP connection?"), std::string::npos) << asked[0];
  EXPECT_EQ(closed.size(), 1u);

  auto* search = window->findChild<QLineEdit*>();
  ASSERT_NE(search, nullptr);
  QTest::keyClick(table, Qt::Key_F, Qt::ControlModifier);
  EXPECT_TRUE(search->hasFocus());
  // Typing in the search box: Space and Delete are text there, not Pause and Close.
  QTest::keyClicks(search, "pid = 100");
  EXPECT_FALSE(window->live_model().state().settings.paused);
  QTest::keyClick(search, Qt::Key_Home);
  QTest::keyClick(search, Qt::Key_Delete);
  EXPECT_EQ(search->text().toStdString(), "id = 100");
  EXPECT_EQ(asked.size(), 1u);
}

// Columns moved and hidden come back in the next window (QSettings), with the sort.
TEST_F(WindowTest, ColumnOrderHiddenColumnsAndSortAreRememberedBetweenRuns) {
  QSettings().clear();
  open();
  QHeaderView* header = window->table_view()->horizontalHeader();
  window->set_column_shown(static_cast<std::size_t>(col("pid")), false);
  header->moveSection(header->visualIndex(col("state")), 0);  // State first
  window->table_view()->sortByColumn(col("local_port"), Qt::DescendingOrder);
  window->close();  // saves, as the close button does
  window.reset();

  open();
  header = window->table_view()->horizontalHeader();
  EXPECT_TRUE(header->isSectionHidden(col("pid")));
  EXPECT_EQ(header->logicalIndex(0), col("state"));
  EXPECT_EQ(window->live_model().state().visible.front(), static_cast<std::size_t>(col("state")));
  EXPECT_EQ(window->live_model().state().sort_column, static_cast<std::size_t>(col("local_port")));
  EXPECT_TRUE(window->live_model().state().sort_descending);
  window.reset();
  QSettings().clear();
}

// A palette change (the desktop switching to dark) recolours the highlights at once.
TEST_F(WindowTest, HighlightsFollowAPaletteChangeOfTheWindow) {
  open();
  refresh(base());
  refresh(plus(base(), curl()));
  auto& m = window->table_model();
  const QColor light = m.data(m.index(0, 0), Qt::BackgroundRole).value<QColor>();
  QPalette dark = window->palette();
  dark.setColor(QPalette::Base, QColor(30, 30, 30));
  window->setPalette(dark);
  const QColor now = m.data(m.index(0, 0), Qt::BackgroundRole).value<QColor>();
  EXPECT_LT(now.lightness(), light.lightness());
  EXPECT_EQ(now, *gui::highlight_background(RowStatus::New, dark));
}

TEST(GuiPkexec, Ipv6AddressesInBrackets) {
  Endpoint e = tcp6("2001:db8::1", 443, "2001:db8::2", 50000, TcpState::Established, 9);
  const auto argv = gui::pkexec_close_argv("sockscope", e);
  EXPECT_EQ(argv[4], "[2001:db8::1]:443");
  EXPECT_EQ(argv[6], "[2001:db8::2]:50000");
  EXPECT_EQ(argv[8], "tcp6");
}

TEST_F(WindowTest, ShortcutsPauseRefreshAndColumnsHide) {
  open();
  refresh(base());
  QApplication::setActiveWindow(window.get());
  window->table_view()->setFocus();
  QTest::keyClick(window->table_view(), Qt::Key_Space);
  EXPECT_TRUE(window->live_model().state().settings.paused);
  EXPECT_TRUE(window->status_text().contains("Paused"));
  const std::size_t controls = feed.controls.size();
  QTest::keyClick(window->table_view(), Qt::Key_F5);
  ASSERT_GT(feed.controls.size(), controls);
  EXPECT_TRUE(feed.controls.back().refresh_now);
  window->set_interval(std::chrono::seconds(5));
  EXPECT_FALSE(window->live_model().state().settings.paused);
  EXPECT_TRUE(window->status_text().contains("Update: 5 s"));
  window->set_column_shown(static_cast<std::size_t>(col("pid")), false);
  EXPECT_TRUE(window->table_view()->horizontalHeader()->isSectionHidden(col("pid")));
  const auto& visible = window->live_model().state().visible;
  EXPECT_EQ(std::ranges::find(visible, static_cast<std::size_t>(col("pid"))), visible.end());
}

// A fake system: the AF_UNIX addresses something listens on, and whether Qt's wayland plugin is there.
gui::DisplayProbe fake_probe(std::vector<std::string> listening, bool wayland_plugin = true) {
  gui::DisplayProbe p;
  p.listening = [listening](const std::string& a) { return std::ranges::find(listening, a) != listening.end(); };
  p.wayland_plugin = [wayland_plugin] { return wayland_plugin; };
  return p;
}

TEST(GuiDisplay, NoDisplayAtAllIsSaidInOneLine) {
  const auto c = gui::choose_display({}, fake_probe({}));
  EXPECT_NE(c.problem.find("no display: neither DISPLAY nor WAYLAND_DISPLAY is set"), std::string::npos) << c.problem;
  EXPECT_EQ(c.problem.find('\n'), std::string::npos);
  EXPECT_NE(gui::choose_display({"", "", nullptr, nullptr, ""}, fake_probe({})).problem, "");
}

TEST(GuiDisplay, WaylandDisplayWithoutACompositorIsSaidNotLeftToQtsAbort) {
  gui::DisplayEnv env;
  env.wayland_display = "wayland-7";
  env.xdg_runtime_dir = "/run/user/1000";
  auto c = gui::choose_display(env, fake_probe({}));
  EXPECT_EQ(c.problem, "no display: no Wayland compositor listens at /run/user/1000/wayland-7 (WAYLAND_DISPLAY=wayland-7) "
                       "(run it in a desktop session, or 'sockscope watch' in a terminal)");
  // The same with the platform chosen explicitly, and with a silent X server beside it.
  env.qpa_platform = "wayland";
  EXPECT_NE(gui::choose_display(env, fake_probe({})).problem.find("QT_QPA_PLATFORM=wayland, but no Wayland compositor listens at /run/user/1000/wayland-7"), std::string::npos);
  env.qpa_platform = nullptr;
  env.display = ":3";
  c = gui::choose_display(env, fake_probe({}));
  EXPECT_NE(c.problem.find("wayland-7"), std::string::npos) << c.problem;
  EXPECT_NE(c.problem.find("no X server listens at /tmp/.X11-unix/X3 (DISPLAY=:3)"), std::string::npos) << c.problem;
  // A relative name needs XDG_RUNTIME_DIR; an absolute one does not.
  env = {};
  env.wayland_display = "wayland-0";
  EXPECT_NE(gui::choose_display(env, fake_probe({})).problem.find("XDG_RUNTIME_DIR, which is not set"), std::string::npos);
  env.wayland_display = "/tmp/wl/socket";
  EXPECT_EQ(gui::choose_display(env, fake_probe({"/tmp/wl/socket"})).platform, "wayland");
  // QT_QPA_PLATFORM=wayland without WAYLAND_DISPLAY: libwayland's default name, wayland-0.
  env = {};
  env.qpa_platform = "wayland";
  env.xdg_runtime_dir = "/run/user/5";
  EXPECT_NE(gui::choose_display(env, fake_probe({})).problem.find("/run/user/5/wayland-0 (WAYLAND_DISPLAY is not set)"), std::string::npos);
  EXPECT_EQ(gui::choose_display(env, fake_probe({"/run/user/5/wayland-0"})).problem, "");
  // Control bytes in the variable do not reach the terminal.
  env = {};
  env.wayland_display = "w\x1b[2J";
  env.xdg_runtime_dir = "/run";
  EXPECT_EQ(gui::choose_display(env, fake_probe({})).problem.find('\x1b'), std::string::npos);
}

TEST(GuiDisplay, TheDisplayThatAnswersIsTheOneQtIsGiven) {
  gui::DisplayEnv env;
  env.display = ":0";
  env.wayland_display = "wayland-0";
  env.xdg_runtime_dir = "/run/user/1000";
  const std::string wl = "/run/user/1000/wayland-0";
  // Both answer: Qt's own preference. One answers: that one (Qt would otherwise abort on the other).
  EXPECT_EQ(gui::choose_display(env, fake_probe({wl, "@/tmp/.X11-unix/X0"})).platform, "");
  EXPECT_EQ(gui::choose_display(env, fake_probe({wl, "/tmp/.X11-unix/X0"})).platform, "");
  EXPECT_EQ(gui::choose_display(env, fake_probe({wl})).platform, "wayland");
  EXPECT_EQ(gui::choose_display(env, fake_probe({"@/tmp/.X11-unix/X0"})).platform, "xcb");
  // Without Qt's wayland plugin: X (Xwayland) when it answers, else a line naming the package.
  EXPECT_EQ(gui::choose_display(env, fake_probe({wl, "@/tmp/.X11-unix/X0"}, false)).platform, "xcb");
  env.display = nullptr;
  EXPECT_NE(gui::choose_display(env, fake_probe({wl}, false)).problem.find("apt-get install qt6-wayland"), std::string::npos);
  // X over TCP cannot be checked cheaply: left to Qt.
  env = {};
  env.display = "localhost:10.0";
  EXPECT_EQ(gui::choose_display(env, fake_probe({})).problem, "");
  // An explicit platform is honoured; only wayland and xcb are checked.
  env = {};
  env.qpa_platform = "offscreen";
  EXPECT_EQ(gui::choose_display(env, fake_probe({})).problem, "");
  env.qpa_platform = "xcb";
  EXPECT_NE(gui::choose_display(env, fake_probe({})).problem.find("DISPLAY is not set"), std::string::npos);
  env.qpa_platform = "wayland;xcb";
  EXPECT_EQ(gui::choose_display(env, fake_probe({})).problem, "");
}

TEST(GuiArgs, IntervalNumericAndOneLineErrors) {
  auto ok = gui::parse_gui_args({"-i", "2.5", "-n"});
  ASSERT_TRUE(ok.options);
  EXPECT_EQ(ok.options->interval, std::chrono::milliseconds(2500));
  EXPECT_TRUE(ok.options->no_resolve);
  EXPECT_EQ(gui::parse_gui_args({"--interval", "0"}).exit_code, 2);
  EXPECT_EQ(gui::parse_gui_args({"--frobnicate"}).exit_code, 2);
  EXPECT_EQ(gui::parse_gui_args({"-i"}).exit_code, 2);
}

TEST(GuiArgs, NetnsIsRepeatableAndABadOneIsAUsageError) {
  auto ok = gui::parse_gui_args({"--netns", "current", "--netns=1234", "--netns", "blue"});
  ASSERT_TRUE(ok.options);
  ASSERT_EQ(ok.options->netns.size(), 3u);
  EXPECT_EQ(ok.options->netns[0].kind, NetnsSelector::Kind::Current);
  EXPECT_EQ(ok.options->netns[1].kind, NetnsSelector::Kind::Pid);
  EXPECT_EQ(ok.options->netns[2].kind, NetnsSelector::Kind::Name);
  EXPECT_TRUE(gui::parse_gui_args({}).options->netns.empty());  // every namespace as root, else the current one
  EXPECT_EQ(gui::parse_gui_args({"--netns"}).exit_code, 2);
  EXPECT_EQ(gui::parse_gui_args({"--netns", ""}).exit_code, 2);
}

}  // namespace
}  // namespace sockscope::testing
