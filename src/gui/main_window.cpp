// MainWindow: the widgets, the feed taken on the GUI thread, and the actions worded for a desktop.
#include "gui/main_window.hpp"

#include <unistd.h>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSocketNotifier>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>
#include <csignal>
#include <set>

#include "gui/desktop_icon.hpp"
#include "gui/privileged.hpp"
#include "present/sanitize.hpp"
#include "view/process_properties.hpp"

namespace sockscope::gui {

namespace {

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

constexpr std::uint32_t kUnconnectedStates =
    state_bit(TcpState::Listen) | state_bit(TcpState::Close) | state_bit(TcpState::BoundInactive);

std::string outcome_text(const view::CommandResult& r) {
  switch (r.outcome) {
    case view::Outcome::Done: return "done";
    case view::Outcome::Gone: return "already gone";
    case view::Outcome::NoSuchRow: return "no longer shown";
    case view::Outcome::NotApplicable: return "not a TCP connection (" + r.detail + ")";
    case view::Outcome::AlreadyClosed: return "already closed";
    case view::Outcome::NotPermitted: return "not permitted (" + r.detail + ")";
    case view::Outcome::NotSupported: return "this kernel cannot close sockets (no CONFIG_INET_DIAG_DESTROY)";
    case view::Outcome::Failed: return "failed: " + r.detail;
    case view::Outcome::Unavailable: return "unavailable";
  }
  return "?";
}

}  // namespace

std::vector<StateChoice> state_choices() {
  return {{"All states", kAllStates},
          {"Established", state_bit(TcpState::Established)},
          {"Listening", state_bit(TcpState::Listen)},
          {"Opening (SYN)", state_bit(TcpState::SynSent) | state_bit(TcpState::SynRecv) | state_bit(TcpState::NewSynRecv)},
          {"Closing", state_bit(TcpState::FinWait1) | state_bit(TcpState::FinWait2) | state_bit(TcpState::TimeWait) |
                          state_bit(TcpState::CloseWait) | state_bit(TcpState::LastAck) | state_bit(TcpState::Closing)},
          {"Time wait", state_bit(TcpState::TimeWait)},
          {"Close wait", state_bit(TcpState::CloseWait)},
          {"Unconnected (UDP, bound)", state_bit(TcpState::Close) | state_bit(TcpState::BoundInactive)}};
}

MainWindow::MainWindow(view::ViewSettings settings, GuiServices services, view::SnapshotFeed& feed,
                       std::function<view::Clock::time_point()> now)
    : model_(settings, services), services_(std::move(services)), feed_(feed), now_(std::move(now)) {
  setWindowTitle("sockscope");
  setWindowIcon(QIcon::fromTheme("sockscope"));
  resize(1200, 700);
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  build_banner(central);
  layout->addWidget(banner_);
  build_table();
  layout->addWidget(table_);
  setCentralWidget(central);
  build_actions();
  build_toolbar();
  build_menus();
  status_ = new QLabel(this);
  statusBar()->addWidget(status_, 1);
  restore_settings();
  sync_columns();

  if (feed_.wake_fd() >= 0) {
    wake_ = new QSocketNotifier(feed_.wake_fd(), QSocketNotifier::Read, this);
    connect(wake_, &QSocketNotifier::activated, this, [this] { take_from_feed(); });
  } else {
    poll_ = new QTimer(this);
    connect(poll_, &QTimer::timeout, this, [this] { take_from_feed(); });
    poll_->start(100);
  }
  // Names arrive in the background: ask for the rows in sight and repaint them now and then.
  names_ = new QTimer(this);
  connect(names_, &QTimer::timeout, this, [this] {
    if (model_.state().settings.resolve) {
      request_visible_names();
      table_->viewport()->update();
    }
  });
  names_->start(500);
  update_status();
}

MainWindow::~MainWindow() = default;

void MainWindow::build_banner(QWidget* parent) {
  banner_ = new QWidget(parent);
  banner_->setAutoFillBackground(true);
  QPalette p = banner_->palette();
  p.setColor(QPalette::Window, p.color(QPalette::ToolTipBase));
  p.setColor(QPalette::WindowText, p.color(QPalette::ToolTipText));
  banner_->setPalette(p);
  auto* row = new QHBoxLayout(banner_);
  auto* text = new QLabel(
      "Running without root: the owners of other users' sockets are hidden, and closing their connections "
      "or ending their processes is refused.",
      banner_);
  text->setWordWrap(true);
  auto* button = new QPushButton("Close as Administrator…", banner_);
  button->setToolTip("Runs 'pkexec sockscope close …' for the selected connections (polkit asks for a password)");
  connect(button, &QPushButton::clicked, this, [this] { close_as_root(); });
  row->addWidget(text, 1);
  row->addWidget(button);
  banner_->setVisible(!model_.state().settings.as_root);
}

bool MainWindow::privilege_banner_shown() const { return !banner_->isHidden(); }

void MainWindow::build_table() {
  rows_ = std::make_unique<EndpointTable>(model_);
  rows_->set_palette(palette());
  table_ = new QTableView(this);
  table_->setModel(rows_.get());
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  table_->setShowGrid(false);
  table_->setWordWrap(false);
  table_->setAlternatingRowColors(false);
  table_->verticalHeader()->setVisible(false);
  // Fixed row heights: 100k rows need no measuring.
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  QHeaderView* header = table_->horizontalHeader();
  header->setSectionsMovable(true);
  header->setHighlightSections(false);
  header->setStretchLastSection(true);
  header->setDefaultSectionSize(110);
  header->setContextMenuPolicy(Qt::CustomContextMenu);
  const auto& catalog = model_.state().catalog;
  for (std::size_t c = 0; c < catalog.size(); ++c) {
    const bool shown = std::ranges::find(model_.state().visible, c) != model_.state().visible.end();
    header->setSectionHidden(static_cast<int>(c), !shown);
    header->resizeSection(static_cast<int>(c), std::clamp(catalog[c].max_width, 6, 30) * table_->fontMetrics().averageCharWidth() + 16);
  }
  // Shown columns in the live model's order.
  for (std::size_t k = 0; k < model_.state().visible.size(); ++k) {
    header->moveSection(header->visualIndex(static_cast<int>(model_.state().visible[k])), static_cast<int>(k));
  }
  header->setSortIndicator(static_cast<int>(model_.state().sort_column),
                           model_.state().sort_descending ? Qt::DescendingOrder : Qt::AscendingOrder);
  table_->setSortingEnabled(true);
  connect(header, &QHeaderView::sectionMoved, this, [this] { sync_columns(); });
  connect(header, &QHeaderView::customContextMenuRequested, this, [this](const QPoint& at) {
    QMenu menu(this);
    const auto& cat = model_.state().catalog;
    for (std::size_t c = 0; c < cat.size(); ++c) {
      QAction* a = menu.addAction(qs(cat[c].title));
      a->setCheckable(true);
      a->setChecked(!table_->horizontalHeader()->isSectionHidden(static_cast<int>(c)));
      connect(a, &QAction::toggled, this, [this, c](bool on) { set_column_shown(c, on); });
    }
    menu.exec(table_->horizontalHeader()->mapToGlobal(at));
  });
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    QMenu menu(this);
    menu.addAction(properties_);
    menu.addAction(end_process_);
    menu.addAction(close_);
    menu.addSeparator();
    menu.addAction(copy_);
    menu.exec(table_->viewport()->mapToGlobal(at));
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            const std::uint64_t id = rows_->row_id(current.row());
            if (id == 0) return;
            // The table's rows are the live model's positions: no search through 100k rows per key.
            const auto position = static_cast<std::size_t>(current.row());
            if (position < model_.row_count() && model_.row(position).row->id == id) model_.select_position(position);
            else model_.select(id);
          });
  connect(table_, &QTableView::doubleClicked, this, [this] { show_properties(); });
  connect(table_->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { request_visible_names(); });
}

void MainWindow::build_actions() {
  auto make = [this](const QString& text, const QKeySequence& key, auto slot) {
    auto* a = new QAction(text, this);
    if (!key.isEmpty()) a->setShortcut(key);
    a->setShortcutContext(Qt::WindowShortcut);
    connect(a, &QAction::triggered, this, slot);
    addAction(a);
    return a;
  };
  properties_ = make("&Properties…", QKeySequence(Qt::ALT | Qt::Key_Return), [this] { show_properties(); });
  end_process_ = make("&End Process…", QKeySequence(), [this] { end_processes(); });
  close_ = make("&Close Connection…", QKeySequence(Qt::Key_Delete), [this] { close_connections(); });
  copy_ = make("&Copy Rows", QKeySequence::Copy, [this] { copy_rows(); });
  pause_ = make("&Pause", QKeySequence(Qt::Key_Space), [this](bool on) { set_paused(on); });
  pause_->setCheckable(true);
  pause_->setChecked(model_.state().settings.paused);
  resolve_ = make("&Resolve Addresses", QKeySequence(Qt::CTRL | Qt::Key_R), [this](bool on) { set_resolve(on); });
  resolve_->setCheckable(true);
  resolve_->setChecked(model_.state().settings.resolve);
  unconnected_ = make("Show &Unconnected Endpoints", QKeySequence(), [this](bool on) { set_show_unconnected(on); });
  unconnected_->setCheckable(true);
  unconnected_->setChecked(true);
  const char* names[] = {"TCP v4", "TCP v6", "UDP v4", "UDP v6", "UNIX"};
  const ProtoSet& p = model_.state().settings.protos;
  const bool on[] = {p.tcp4, p.tcp6, p.udp4, p.udp6, p.unix_};
  for (int i = 0; i < 5; ++i) {
    auto* a = new QAction(names[i], this);
    a->setCheckable(true);
    a->setChecked(on[i]);
    a->setToolTip(QString("Show %1 endpoints").arg(names[i]));
    connect(a, &QAction::toggled, this, [this, i](bool checked) { set_protocol(i, checked); });
    protocol_actions_.push_back(a);
  }
}

void MainWindow::build_toolbar() {
  QToolBar* bar = addToolBar("Main");
  bar->setObjectName("main-toolbar");
  bar->setMovable(false);
  auto* refresh = bar->addAction("Refresh");
  refresh->setToolTip("Refresh now (F5)");
  connect(refresh, &QAction::triggered, this, [this] { refresh_now(); });
  bar->addAction(pause_);
  bar->addSeparator();
  for (QAction* a : protocol_actions_) bar->addAction(a);
  bar->addSeparator();
  states_ = new QComboBox(bar);
  for (const StateChoice& c : state_choices()) states_->addItem(c.title);
  states_->setToolTip("Show these TCP states");
  connect(states_, &QComboBox::currentIndexChanged, this, [this](int i) { set_state_choice(i); });
  bar->addWidget(states_);
  search_ = new QLineEdit(bar);
  search_->setPlaceholderText("Search: text, or a filter such as  port = 443 and state = established");
  search_->setClearButtonEnabled(true);
  search_->setMinimumWidth(360);
  connect(search_, &QLineEdit::textChanged, this, [this](const QString& t) { set_filter_text(t.toStdString()); });
  bar->addWidget(search_);
}

void MainWindow::build_menus() {
  QMenu* file = menuBar()->addMenu("&File");
  QAction* save = file->addAction("&Save As…");
  save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
  connect(save, &QAction::triggered, this, [this] {
    const std::string path = services_.choose_save_path
                                 ? services_.choose_save_path()
                                 : QFileDialog::getSaveFileName(this, "Save As", "sockscope.txt",
                                                                "Text (*.txt);;CSV (*.csv);;JSON (*.json)")
                                       .toStdString();
    if (!path.empty()) save_as(path);
  });
  file->addSeparator();
  QAction* quit = file->addAction("E&xit");
  quit->setShortcut(QKeySequence::Quit);
  connect(quit, &QAction::triggered, this, &QWidget::close);

  QMenu* edit = menuBar()->addMenu("&Edit");
  edit->addAction(copy_);
  QAction* find = edit->addAction("&Find…");
  find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
  connect(find, &QAction::triggered, this, [this] {
    search_->setFocus();
    search_->selectAll();
  });

  QMenu* viewm = menuBar()->addMenu("&View");
  QMenu* speed = viewm->addMenu("&Update Speed");
  auto* group = new QActionGroup(this);
  for (int seconds : {1, 2, 5}) {
    QAction* a = speed->addAction(QString("%1 second%2").arg(seconds).arg(seconds == 1 ? "" : "s"));
    a->setCheckable(true);
    a->setData(seconds * 1000);
    a->setChecked(model_.state().settings.interval == std::chrono::milliseconds(seconds * 1000));
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, seconds] { set_interval(std::chrono::seconds(seconds)); });
    interval_actions_.push_back(a);
  }
  viewm->addAction(pause_);
  QAction* refresh = viewm->addAction("&Refresh Now");
  refresh->setShortcut(QKeySequence(Qt::Key_F5));
  connect(refresh, &QAction::triggered, this, [this] { refresh_now(); });
  viewm->addSeparator();
  viewm->addAction(resolve_);
  viewm->addAction(unconnected_);
  QMenu* cols = viewm->addMenu("&Columns");
  connect(cols, &QMenu::aboutToShow, this, [this, cols] {
    cols->clear();
    const auto& cat = model_.state().catalog;
    for (std::size_t c = 0; c < cat.size(); ++c) {
      QAction* a = cols->addAction(qs(cat[c].title));
      a->setCheckable(true);
      a->setChecked(!table_->horizontalHeader()->isSectionHidden(static_cast<int>(c)));
      connect(a, &QAction::toggled, this, [this, c](bool on) { set_column_shown(c, on); });
    }
  });

  QMenu* process = menuBar()->addMenu("&Process");
  process->addAction(properties_);
  process->addAction(end_process_);
  process->addAction(close_);
}

// --- feed and refresh

bool MainWindow::take_from_feed() {
  auto result = feed_.take();
  if (!result) return false;
  QElapsedTimer timer;
  timer.start();
  if (*result) {
    model_.apply_table(std::move((*result)->table), now_(), (*result)->arranged_version, std::move((*result)->order));
    rows_->rows_changed();
    if (!sized_ && model_.row_count() > 0) {
      sized_ = true;
      table_->resizeColumnsToContents();  // measures a sample of rows (QHeaderView's precision), not all
    }
  } else {
    model_.collect_failed(result->error().message);
  }
  last_refresh_ms_ = static_cast<double>(timer.nsecsElapsed()) / 1e6;
  update_status();
  request_visible_names();
  if (on_refreshed) on_refreshed();
  return true;
}

void MainWindow::request_visible_names() {
  const int first = std::max(0, table_->rowAt(0));
  const int last = table_->rowAt(table_->viewport()->height() - 1);
  const int count = (last < 0 ? first + 60 : last + 1) - first;
  model_.request_names(static_cast<std::size_t>(first), static_cast<std::size_t>(std::max(count, 0)));
}

void MainWindow::update_status() {
  const auto& s = model_.state();
  std::size_t established = 0, listening = 0, fresh = 0, closed = 0;
  for (std::size_t k = 0; k < model_.row_count(); ++k) {
    const view::RowView r = model_.row(k);
    const Endpoint& e = r.row->endpoint();
    if (r.highlight == RowStatus::Closed) ++closed;
    else if (e.state == TcpState::Established) ++established;
    else if (e.state == TcpState::Listen) ++listening;
    if (r.highlight == RowStatus::New) ++fresh;
  }
  QString text = QString("Endpoints: %1 shown of %2   Established: %3   Listening: %4   New: %5   Closed: %6   ")
                     .arg(model_.row_count())
                     .arg(s.table->rows.size())
                     .arg(established)
                     .arg(listening)
                     .arg(fresh)
                     .arg(closed);
  if (const std::string tally = view::event_tally_text(s.table->events); !tally.empty()) text += qs(tally) + "   ";
  if (s.settings.paused) text += "Paused";
  else text += QString("Update: %1 s").arg(static_cast<double>(s.settings.interval.count()) / 1000.0);
  if (!s.collect_error.empty()) text += "   Error: " + qs(terminal_safe(s.collect_error));
  if (!s.settings.notice.empty()) text += "   " + qs(s.settings.notice);
  status_->setText(text);
}

QString MainWindow::status_text() const { return status_->text(); }

std::vector<std::uint64_t> MainWindow::selected_ids() const {
  std::vector<std::uint64_t> ids;
  QModelIndexList rows = table_->selectionModel()->selectedRows();
  std::ranges::sort(rows, [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
  for (const QModelIndex& i : rows) {
    if (const std::uint64_t id = rows_->row_id(i.row())) ids.push_back(id);
  }
  return ids;
}

// --- settings changes

void MainWindow::set_paused(bool paused) {
  if (paused) model_.pause();
  else model_.resume();
  pause_->setChecked(paused);
  update_status();
}

void MainWindow::set_interval(std::chrono::milliseconds interval) {
  model_.set_interval(interval);
  pause_->setChecked(false);
  for (QAction* a : interval_actions_) a->setChecked(a->data().toInt() == interval.count());
  update_status();
}

void MainWindow::refresh_now() { model_.refresh_now(); }

void MainWindow::set_resolve(bool resolve) {
  model_.set_resolve(resolve);
  resolve_->setChecked(resolve);
  rows_->rows_changed();
}

void MainWindow::update_states() {
  const auto choices = state_choices();
  std::uint32_t states = choices[static_cast<std::size_t>(std::clamp<int>(state_choice_, 0, static_cast<int>(choices.size()) - 1))].states;
  if (!show_unconnected_) states &= ~kUnconnectedStates;
  model_.set_states(states);
  rows_->rows_changed();
  update_status();
}

void MainWindow::set_show_unconnected(bool show) {
  show_unconnected_ = show;
  unconnected_->setChecked(show);
  update_states();
}

void MainWindow::set_state_choice(int index) {
  state_choice_ = index;
  if (states_->currentIndex() != index) states_->setCurrentIndex(index);
  update_states();
}

void MainWindow::set_filter_text(const std::string& text) {
  model_.set_filter(text);
  rows_->rows_changed();
  update_status();
}

void MainWindow::set_protocol(int which, bool on) {
  ProtoSet p = model_.state().settings.protos;
  bool* flags[] = {&p.tcp4, &p.tcp6, &p.udp4, &p.udp6, &p.unix_};
  if (which < 0 || which > 4) return;
  *flags[which] = on;
  model_.set_protocols(p);
  protocol_actions_[static_cast<std::size_t>(which)]->setChecked(on);
  rows_->rows_changed();
  update_status();
}

void MainWindow::set_column_shown(std::size_t catalog_index, bool shown) {
  QHeaderView* header = table_->horizontalHeader();
  if (!shown && header->count() - header->hiddenSectionCount() <= 1) return;  // one column always stays
  header->setSectionHidden(static_cast<int>(catalog_index), !shown);
  sync_columns();
}

void MainWindow::sync_columns() {
  QHeaderView* header = table_->horizontalHeader();
  std::vector<std::size_t> visible;
  for (int v = 0; v < header->count(); ++v) {
    const int logical = header->logicalIndex(v);
    if (!header->isSectionHidden(logical)) visible.push_back(static_cast<std::size_t>(logical));
  }
  model_.set_columns(std::move(visible));
}

// --- actions

void MainWindow::copy_rows() {
  const auto ids = selected_ids();
  if (ids.empty() || !services_.copy_to_clipboard) return;
  services_.copy_to_clipboard(model_.copy_text(ids));
  statusBar()->showMessage(QString("%1 row(s) copied").arg(ids.size()), 4000);
}

void MainWindow::save_as(const std::string& path) {
  const view::SaveResult saved = model_.save(path, view::save_format_for(path));
  if (!saved.result.ok()) {
    if (services_.report) services_.report("Cannot Save", path + ": " + saved.result.detail);
    return;
  }
  statusBar()->showMessage(QString("Saved %1 rows to %2 (%3)")
                               .arg(saved.rows)
                               .arg(qs(path))
                               .arg(qs(view::save_format_name(saved.format))),
                           6000);
}

void MainWindow::close_connections() {
  const auto ids = selected_ids();
  std::vector<std::uint64_t> closable;
  std::string listing, skipped;
  const view::CellContext ctx = model_.cell_context();
  for (std::uint64_t id : ids) {
    const LiveRow* row = model_.find_row(id);
    if (!row) continue;
    const std::string what = view::endpoint_summary(row->endpoint(), *row->snapshot, ctx);
    const view::CommandResult check = model_.can_close(id);
    if (check.outcome == view::Outcome::Done) {
      closable.push_back(id);
      listing += "\n  " + what;
    } else {
      skipped += "\n  " + what + ": " + outcome_text(check);
    }
  }
  if (closable.empty()) {
    if (services_.report) services_.report("Close Connection", "No open TCP connection is selected." + skipped);
    return;
  }
  const std::string question = "Close " + std::to_string(closable.size()) + " TCP connection" +
                               (closable.size() == 1 ? "" : "s") + "?" + listing +
                               "\n\nThe kernel aborts them (SOCK_DESTROY): the programs see an error and the peers get a reset.";
  if (services_.confirm && !services_.confirm("Close Connection", question)) return;
  std::string report;
  bool refused = false;
  for (std::uint64_t id : closable) {
    const LiveRow* row = model_.find_row(id);
    if (!row) continue;
    const std::string what = view::endpoint_summary(row->endpoint(), *row->snapshot, ctx);
    const view::CommandResult r = model_.request_close(id);
    refused = refused || r.outcome == view::Outcome::NotPermitted;
    report += what + ": " + (r.outcome == view::Outcome::Done ? std::string("closed") : outcome_text(r)) + "\n";
  }
  report += skipped.empty() ? "" : "Skipped:" + skipped + "\n";
  if (refused && !model_.state().settings.as_root) {
    report += "\nClosing needs CAP_NET_ADMIN: use \"Close as Administrator…\" in the banner (pkexec).";
  }
  if (services_.report) services_.report("Close Connection", report);
}

void MainWindow::close_as_root() {
  if (!services_.run_privileged) return;
  std::vector<std::vector<std::string>> commands;
  std::string listing;
  for (std::uint64_t id : selected_ids()) {
    if (model_.can_close(id).outcome != view::Outcome::Done) continue;
    const LiveRow* row = model_.find_row(id);
    commands.push_back(pkexec_close_argv(services_.sockscope_path, row->endpoint()));
    listing += "\n  " + view::endpoint_summary(row->endpoint(), *row->snapshot, model_.cell_context());
  }
  if (commands.empty()) {
    if (services_.report) services_.report("Close as Administrator", "Select the TCP connections to close first.");
    return;
  }
  if (services_.confirm &&
      !services_.confirm("Close as Administrator", "Close these connections through polkit (pkexec sockscope close)?" + listing)) {
    return;
  }
  for (const auto& argv : commands) services_.run_privileged(argv);
  model_.refresh_now();
}

void MainWindow::end_processes() {
  std::set<int> pids;
  std::string listing;
  for (std::uint64_t id : selected_ids()) {
    const LiveRow* row = model_.find_row(id);
    const Process* p = row ? row->owner() : nullptr;
    if (p && pids.insert(p->pid).second) listing += "\n  " + terminal_safe(p->name) + " (" + std::to_string(p->pid) + ")";
  }
  if (pids.empty()) {
    if (services_.report) services_.report("End Process", "No process is known to hold the selected endpoints.");
    return;
  }
  if (services_.confirm &&
      !services_.confirm("End Process", "Send SIGTERM to " + std::to_string(pids.size()) + " process" +
                                            (pids.size() == 1 ? "" : "es") + "?" + listing)) {
    return;
  }
  std::string report;
  for (int pid : pids) {
    const view::CommandResult r = model_.request_kill(pid, SIGTERM);
    report += "Process " + std::to_string(pid) + ": " + (r.outcome == view::Outcome::Done ? std::string("SIGTERM sent") : outcome_text(r)) + "\n";
  }
  if (services_.report) services_.report("End Process", report);
}

void MainWindow::show_properties() {
  const QModelIndex current = table_->currentIndex();
  const LiveRow* row = model_.find_row(rows_->row_id(current.row()));
  if (!row) return;
  std::optional<ProcessDetails> details;
  if (const Process* p = row->owner(); p && services_.process_details) details = services_.process_details(p->pid);
  const Snapshot& latest = model_.table().latest ? *model_.table().latest : *row->snapshot;
  const std::vector<std::string> lines =
      view::process_properties(*row, latest, details ? &*details : nullptr, model_.cell_context());
  std::string text;
  for (const auto& l : lines) text += l + "\n";

  auto* dialog = new QDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setWindowTitle(row->owner() ? "Process Properties" : "Endpoint Properties");
  auto* layout = new QVBoxLayout(dialog);
  if (const Process* p = row->owner()) {
    // The icon of the desktop entry that runs this program, else a theme icon named as the process.
    const std::string named = services_.desktop_icon ? services_.desktop_icon(p->exe, p->name)
                                                     : desktop_icon_for(p->exe, p->name, xdg_application_dirs());
    QIcon icon;
    if (!named.empty()) icon = named.front() == '/' ? QIcon(qs(named)) : QIcon::fromTheme(qs(named));
    if (icon.isNull()) icon = QIcon::fromTheme(qs(p->name));
    if (!icon.isNull()) {
      auto* image = new QLabel(dialog);
      image->setObjectName("process-icon");
      image->setPixmap(icon.pixmap(48, 48));
      image->setToolTip(qs(named.empty() ? p->name : named));
      layout->addWidget(image);
    }
  }
  auto* body = new QPlainTextEdit(qs(text), dialog);
  body->setReadOnly(true);
  body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  body->setLineWrapMode(QPlainTextEdit::NoWrap);
  body->setMinimumSize(640, 360);
  layout->addWidget(body);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QPushButton* copy = buttons->addButton("&Copy", QDialogButtonBox::ActionRole);
  connect(copy, &QPushButton::clicked, dialog, [this, text] {
    if (services_.copy_to_clipboard) services_.copy_to_clipboard(text);
  });
  connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  layout->addWidget(buttons);
  dialog->setObjectName("properties");
  dialog->show();
}

// --- settings and events

void MainWindow::restore_settings() {
  QSettings s;
  if (const QByteArray header = s.value("table/header").toByteArray(); !header.isEmpty()) {
    sized_ = table_->horizontalHeader()->restoreState(header);
  }
  if (const QByteArray geometry = s.value("window/geometry").toByteArray(); !geometry.isEmpty()) restoreGeometry(geometry);
  // The sort indicator restored with the header: the live model sorts the same way.
  const QHeaderView* header = table_->horizontalHeader();
  model_.sort_by(static_cast<std::size_t>(std::max(0, header->sortIndicatorSection())),
                 header->sortIndicatorOrder() == Qt::DescendingOrder);
  rows_->rows_changed();
}

void MainWindow::save_settings() const {
  QSettings s;
  s.setValue("table/header", table_->horizontalHeader()->saveState());
  s.setValue("window/geometry", saveGeometry());
}

void MainWindow::closeEvent(QCloseEvent* event) {
  save_settings();
  event->accept();
}

void MainWindow::changeEvent(QEvent* event) {
  // Light and dark follow the desktop: highlight colours are blended from the current palette.
  if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
    rows_->set_palette(palette());
    table_->viewport()->update();
  }
  QMainWindow::changeEvent(event);
}

}  // namespace sockscope::gui
