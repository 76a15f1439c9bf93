// The --version text: optional parts from the generated build_info.hpp, library versions from
// the libraries themselves where they can say (run time), else from the headers built against.
#include "cli/version_text.hpp"

#include <ares.h>
#include <fmt/core.h>
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/Version.hpp>
#include <filesystem>
#include <system_error>

#include "cli/build_info.hpp"
#include "tui/ncurses_terminal.hpp"

#if SOCKSCOPE_BUILD_EBPF
#include <bpf/libbpf.h>
#endif

namespace sockscope::cli {

namespace {

// Whether sockscope-gui sits next to this binary (as the packages install it) or in the install bindir.
bool gui_installed() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && std::filesystem::exists(self.parent_path() / "sockscope-gui", ec)) return true;
  return std::filesystem::exists(std::filesystem::path(SOCKSCOPE_BINDIR) / "sockscope-gui", ec);
}

}  // namespace

std::string version_text() {
  std::string out = std::string("sockscope ") + SOCKSCOPE_VERSION + "\n";
#if SOCKSCOPE_BUILD_EBPF
  out += "eBPF: built (owner scan and connection events; used when root and the kernel allow it)\n";
#else
  out += "eBPF: not built (owners from /proc, connection events from sock_diag)\n";
#endif
  const bool installed = gui_installed();
  if (SOCKSCOPE_BUILD_GUI) out += installed ? "GUI: built, sockscope-gui installed\n" : "GUI: built, sockscope-gui not installed\n";
  else out += installed ? "GUI: not built here, sockscope-gui installed\n" : "GUI: not built\n";
  out += SOCKSCOPE_BUILD_SERVE ? "exporter: built (sockscope serve)\n" : "exporter: not built\n";
  out += "libraries:\n";
  out += std::string("  libmnl ") + SOCKSCOPE_LIBMNL_VERSION + "\n";
  out += std::string("  c-ares ") + ares_version(nullptr) + "\n";
  out += fmt::format("  fmt {}.{}.{}\n", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
  out += std::string("  CLI11 ") + CLI11_VERSION + "\n";
  out += std::string("  SQLite ") + sqlite3_libversion() + "\n";
  out += std::string("  ncursesw ") + tui::curses_library_version() + "\n";
#if SOCKSCOPE_BUILD_EBPF
  out += fmt::format("  libbpf {}.{}\n", libbpf_major_version(), libbpf_minor_version());
#endif
  out += std::string("  nlohmann-json ") + SOCKSCOPE_NLOHMANN_JSON_VERSION + "\n";
  return out;
}

}  // namespace sockscope::cli
