// What the desktop window asks of the outside world beyond the live model's services, injected so
// tests drive the window with fakes (no clipboard owner, no dialogs, no pkexec).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "view/model_services.hpp"

namespace sockscope::gui {

struct GuiServices : view::ModelServices {
  std::function<void(std::string_view)> copy_to_clipboard;
  // Asks a yes/no question (default: a QMessageBox); true = go ahead.
  std::function<bool(const std::string& title, const std::string& text)> confirm;
  // Reports an outcome (default: a QMessageBox).
  std::function<void(const std::string& title, const std::string& text)> report;
  // Asks where to save (default: a file dialog); "" = cancelled.
  std::function<std::string()> choose_save_path;
  // Starts a privileged helper (default: detached; argv[0] is "pkexec").
  std::function<void(const std::vector<std::string>& argv)> run_privileged;
  std::string sockscope_path = "sockscope";  // the CLI that pkexec runs
  // The icon a desktop entry names for this program (executable path, process name): a theme
  // name or an absolute path, "" if none (default: the XDG applications directories).
  std::function<std::string(const std::string& exe, const std::string& name)> desktop_icon;
};

}  // namespace sockscope::gui
