// A process's icon as the desktop names it: the Icon= of the desktop entry whose Exec (or TryExec)
// runs that program.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sockscope::gui {

// The keys of a desktop entry's [Desktop Entry] group that name its program and icon.
struct DesktopEntry {
  std::string exec_program;  // Exec's program (first word, quotes and an `env VAR=...` prefix removed)
  std::string try_exec;
  std::string icon;  // a theme icon name or an absolute path
  bool hidden = false;  // Hidden=true: deleted for this user
};
DesktopEntry parse_desktop_entry(std::string_view text);

// The Icon= of the entry that runs `exe` (an absolute path, matched exactly first) or a program of
// that base name or named `process_name`; "" if none. `dirs` are applications directories, searched
// in order (the first match wins, as XDG_DATA_HOME comes before XDG_DATA_DIRS).
std::string desktop_icon_for(const std::string& exe, const std::string& process_name, const std::vector<std::string>& dirs);

// $XDG_DATA_HOME/applications, then each of $XDG_DATA_DIRS (default /usr/local/share:/usr/share)/applications.
std::vector<std::string> xdg_application_dirs();

}  // namespace sockscope::gui
