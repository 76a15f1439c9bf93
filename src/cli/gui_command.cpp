// `sockscope gui`: exec sockscope-gui beside this binary first, then from PATH.
#include "cli/gui_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "cli/exit_codes.hpp"

namespace sockscope::cli {

std::string gui_program_beside(const std::string& self) {
  if (self.empty()) return {};
  const auto candidate = std::filesystem::path(self).parent_path() / "sockscope-gui";
  return access(candidate.c_str(), X_OK) == 0 ? candidate.string() : std::string();
}

int run_gui(std::vector<std::string> args) {
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const std::string beside = gui_program_beside(ec ? std::string() : self);
  std::vector<char*> argv;
  std::string name = "sockscope-gui";
  argv.push_back(name.data());
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (!beside.empty()) execv(beside.c_str(), argv.data());
  else execvp(name.c_str(), argv.data());
  if (errno == ENOENT) {
    std::fprintf(stderr, "sockscope: the desktop window is not installed (sockscope-gui, Debian package "
                         "sockscope-gui); 'sockscope watch' is the live view in a terminal\n");
  } else {
    std::fprintf(stderr, "sockscope: cannot run sockscope-gui: %s\n", std::strerror(errno));
  }
  return kExitFailure;
}

}  // namespace sockscope::cli
