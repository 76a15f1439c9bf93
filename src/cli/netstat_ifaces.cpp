// `sockscope netstat --interfaces`: the BSD interface display, once or as a running per-interval count.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/netstat_host_names.hpp"
#include "cli/netstat_sections.hpp"
#include "collect/rtnl_links.hpp"
#include "present/netstat_ifaces_text.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {
namespace {

Result<std::vector<InterfaceInfo>> read_links() {
  auto links = dump_links();
  if (!links) {
    std::fprintf(stderr, "sockscope netstat: cannot read interfaces: %s\n", terminal_safe(links.error().message).c_str());
  }
  return links;
}

bool has_interface(const std::vector<InterfaceInfo>& links, const std::string& name) {
  for (const auto& l : links) {
    if (l.name == name) return true;
  }
  return false;
}

}  // namespace

int print_interfaces(const InterfaceView& view, std::FILE* out) {
  auto links = read_links();
  if (!links) return kExitFailure;
  if (view.iface && !has_interface(*links, *view.iface)) {
    std::fprintf(stderr, "sockscope netstat: no such interface: %s; see 'sockscope netstat /?'\n",
                 terminal_safe(*view.iface).c_str());
    return kExitUsage;
  }
  if (view.interval <= 0) {
    const std::string text =
        format_interface_table(*links, InterfaceTableOptions{view.drops, view.iface}, hosts_file_namer(view.numeric));
    std::fputs(text.c_str(), out);
    std::fflush(out);
    return kExitOk;
  }

  InterfaceWatch watch(view.iface, view.drops);
  // Samples on a fixed schedule, so slow reads do not make the intervals drift.
  auto due = std::chrono::steady_clock::now();
  for (int printed = 0;;) {
    const std::string text = watch.next(*links);
    std::fputs(text.c_str(), out);
    // A reader that went away (a closed pipe) ends the display quietly.
    if (std::fflush(out) != 0 || std::ferror(out)) return kExitOk;
    if (view.iterations > 0 && ++printed >= view.iterations) return kExitOk;
    due += std::chrono::seconds(view.interval);
    std::this_thread::sleep_until(due);
    links = read_links();
    if (!links) return kExitFailure;
  }
}

}  // namespace sockscope::cli
