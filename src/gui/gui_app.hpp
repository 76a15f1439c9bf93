// sockscope-gui: options, the display check, the collector thread and the window wired together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/netns_select.hpp"
#include "view/model_state.hpp"

namespace sockscope::gui {

struct GuiOptions {
  std::chrono::milliseconds interval{1000};
  bool no_resolve = false;
  std::vector<NetnsSelector> netns;  // --netns, as the terminal view's
};

// Parses the arguments after the program name: the options, or an exit code when done (--help,
// --version: 0; a bad argument: 2, said in one line on stderr).
struct ParsedGuiArgs {
  std::optional<GuiOptions> options;
  int exit_code = 0;
};
ParsedGuiArgs parse_gui_args(const std::vector<std::string>& args);

// The program: returns its exit code (0 also when a signal closed the window).
int run_gui(int argc, char** argv);

}  // namespace sockscope::gui
