// ncursesw painting (colour pairs per role), key and mouse decoding, and terminal restoration on every exit path.
#include "tui/ncurses_terminal.hpp"

#include <curses.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstring>
#include <iterator>
#include <string>

namespace sockscope::tui {

const char* curses_library_version() { return curses_version(); }

namespace {

volatile std::sig_atomic_t g_stop = 0;
termios g_saved_termios{};
bool g_have_termios = false;
// The handlers found at open(), put back by restore(): once the terminal is gone, a signal must not
// land in our flag (or _exit) while the process goes on with other work (an exporter, another view).
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[std::size(kSignals)]{};

// A second signal while the loop is busy: restore what we can with async-signal-safe calls only.
void on_signal(int sig) {
  if (g_stop != 0) {
    static const char reset[] = "\x1b[?1000l\x1b[?1002l\x1b[?1006l\x1b[0m\x1b[?25h\x1b[?1049l\r\n";
    [[maybe_unused]] auto n = write(STDOUT_FILENO, reset, sizeof reset - 1);
    if (g_have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
    _exit(128 + sig);
  }
  g_stop = sig;
}

void install_handlers() {
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: poll() returns EINTR and the loop sees the flag
  for (std::size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &sa, &g_previous[i]);
}

void restore_handlers() {
  for (std::size_t i = 0; i < std::size(kSignals); ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

enum Pair : short { kHeader = 1, kNew, kClosed, kChanged, kStatus, kHint, kDialog, kInput };

void init_pairs() {
  start_color();
  use_default_colors();
  init_pair(kHeader, COLOR_BLACK, COLOR_CYAN);
  init_pair(kNew, COLOR_BLACK, COLOR_GREEN);
  init_pair(kClosed, COLOR_WHITE, COLOR_RED);
  init_pair(kChanged, COLOR_BLACK, COLOR_YELLOW);
  init_pair(kStatus, COLOR_WHITE, COLOR_BLUE);
  init_pair(kHint, COLOR_CYAN, -1);
  init_pair(kDialog, COLOR_WHITE, COLOR_BLUE);
  init_pair(kInput, COLOR_BLACK, COLOR_WHITE);
}

attr_t curses_attr(const Attr& a, bool color) {
  attr_t out = A_NORMAL;
  if (a.bold) out |= A_BOLD;
  if (a.reverse) out |= A_REVERSE;
  if (color) {
    switch (a.role) {
      case Role::Normal: break;
      case Role::Header: out |= COLOR_PAIR(kHeader); break;
      case Role::New: out |= COLOR_PAIR(kNew); break;
      case Role::Closed: out |= COLOR_PAIR(kClosed); break;
      case Role::Changed: out |= COLOR_PAIR(kChanged); break;
      case Role::Status: out |= COLOR_PAIR(kStatus); break;
      case Role::Hint: out |= COLOR_PAIR(kHint); break;
      case Role::Dialog: out |= COLOR_PAIR(kDialog); break;
      case Role::Input: out |= COLOR_PAIR(kInput); break;
    }
  } else {
    // Monochrome: bars stand out by reversal; rows carry their change in the marker column.
    if (a.role == Role::Header || a.role == Role::Status || a.role == Role::Input) out ^= A_REVERSE;
    if (a.role == Role::Header) out |= A_BOLD;
  }
  return out;
}

std::optional<Key> decode(int kind, wint_t ch) {
  if (kind == OK) {
    switch (ch) {
      case L'\n': case L'\r': return Key::special(KeyKind::Enter);
      case 27: return Key::special(KeyKind::Escape);
      case 127: case 8: return Key::special(KeyKind::Backspace);
      case L'\t': return Key::special(KeyKind::Tab);
      default: return Key::chr(static_cast<char32_t>(ch));
    }
  }
  if (kind != KEY_CODE_YES) return std::nullopt;
  switch (ch) {
    case KEY_UP: return Key::special(KeyKind::Up);
    case KEY_DOWN: return Key::special(KeyKind::Down);
    case KEY_LEFT: return Key::special(KeyKind::Left);
    case KEY_RIGHT: return Key::special(KeyKind::Right);
    case KEY_PPAGE: return Key::special(KeyKind::PageUp);
    case KEY_NPAGE: return Key::special(KeyKind::PageDown);
    case KEY_HOME: return Key::special(KeyKind::Home);
    case KEY_END: return Key::special(KeyKind::End);
    case KEY_ENTER: return Key::special(KeyKind::Enter);
    case KEY_BACKSPACE: return Key::special(KeyKind::Backspace);
    case KEY_DC: return Key::special(KeyKind::Delete);
    case KEY_RESIZE: return Key::resize(COLS, LINES);
    case KEY_MOUSE: {
      MEVENT ev;
      if (getmouse(&ev) != OK) return std::nullopt;
      if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) return Key::click(ev.x, ev.y);
      if (ev.bstate & BUTTON4_PRESSED) return Key::special(KeyKind::WheelUp);
#ifdef BUTTON5_PRESSED
      if (ev.bstate & BUTTON5_PRESSED) return Key::special(KeyKind::WheelDown);
#endif
      return std::nullopt;
    }
    default:
      if (ch >= KEY_F(1) && ch <= KEY_F(12)) return Key::fn(static_cast<int>(ch) - KEY_F(0));
      return std::nullopt;
  }
}

}  // namespace

const volatile std::sig_atomic_t* NcursesTerminal::stop_flag() { return &g_stop; }

Result<std::unique_ptr<NcursesTerminal>> NcursesTerminal::open() {
  if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return fail("the live view needs a terminal");
  std::setlocale(LC_ALL, "");
  g_have_termios = tcgetattr(STDIN_FILENO, &g_saved_termios) == 0;
  g_stop = 0;
  // Ours before ncurses', so ncurses leaves SIGINT/SIGTERM to us.
  install_handlers();
  // newterm, not initscr: a terminal type ncurses does not know is an error to report, not an exit.
  SCREEN* screen = newterm(nullptr, stdout, stdin);
  if (!screen) {
    restore_handlers();
    const char* term = std::getenv("TERM");
    return fail(std::string("cannot drive this terminal (TERM=") + (term ? term : "") + ")");
  }
  std::unique_ptr<NcursesTerminal> t(new NcursesTerminal());
  t->active_ = true;
  set_escdelay(25);
  raw();  // Ctrl+C, Ctrl+S, Ctrl+Z arrive as keys
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  curs_set(0);
  mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
                | BUTTON5_PRESSED
#endif
            ,
            nullptr);
  mouseinterval(0);
  t->color_ = has_colors();
  if (t->color_) init_pairs();
  return t;
}

NcursesTerminal::~NcursesTerminal() { restore(); }

void NcursesTerminal::restore() {
  if (!active_) return;
  active_ = false;
  mousemask(0, nullptr);
  curs_set(1);
  endwin();
  if (g_have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
  restore_handlers();
}

std::pair<int, int> NcursesTerminal::size() const { return {COLS, LINES}; }

void NcursesTerminal::paint(const Grid& grid) {
  const int h = std::min(grid.height(), LINES);
  const int w = std::min(grid.width(), COLS);
  std::string run;
  for (int y = 0; y < h; ++y) {
    int x = 0;
    while (x < w) {
      const Attr a = grid.at(x, y).attr;
      const int start = x;
      run.clear();
      while (x < w && grid.at(x, y).attr == a) run += grid.at(x++, y).text;
      attrset(curses_attr(a, color_));
      mvaddstr(y, start, run.c_str());  // the bottom-right cell returns ERR but is drawn
    }
  }
  attrset(A_NORMAL);
  refresh();
}

std::optional<Key> NcursesTerminal::next_key(std::chrono::milliseconds timeout, int wake_fd) {
  nodelay(stdscr, TRUE);
  wint_t ch = 0;
  int kind = get_wch(&ch);
  if (kind != ERR) return decode(kind, ch);
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_fd, POLLIN, 0}};
  const int n = poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
  // EINTR: a signal (the loop checks the stop flag) or SIGWINCH (ncurses then reports KEY_RESIZE).
  if (n < 0 && errno != EINTR) return std::nullopt;
  kind = get_wch(&ch);
  if (kind != ERR) return decode(kind, ch);
  return std::nullopt;
}

void NcursesTerminal::send_raw(std::string_view bytes) {
  std::fflush(stdout);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(STDOUT_FILENO, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace sockscope::tui
