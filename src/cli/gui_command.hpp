// `sockscope gui`: runs the desktop window, a separate program (sockscope-gui) so that the command
// line tool needs no Qt.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

// Where sockscope-gui is: beside this program (`self`, e.g. /usr/bin/sockscope), else "" (PATH).
std::string gui_program_beside(const std::string& self);

// Replaces this process with sockscope-gui and `args`; returns only on failure (exit code 3,
// said in one line).
int run_gui(std::vector<std::string> args);

}  // namespace sockscope::cli
