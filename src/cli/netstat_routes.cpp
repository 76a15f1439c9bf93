// `sockscope netstat -r`: the routing tables from rtnetlink, as Windows' `route print` or BSD's table.
#include <cstdio>
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/netstat_host_names.hpp"
#include "cli/netstat_sections.hpp"
#include "collect/rtnl_links.hpp"
#include "collect/rtnl_routes.hpp"
#include "present/netstat_routes_text.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

int print_routes(bool bsd, bool numeric, std::FILE* out) {
  auto links = dump_links();
  if (!links) {
    std::fprintf(stderr, "sockscope netstat: cannot read interfaces: %s\n", terminal_safe(links.error().message).c_str());
    return kExitFailure;
  }
  auto routes = dump_routes();
  if (!routes) {
    std::fprintf(stderr, "sockscope netstat: cannot read routes: %s\n", terminal_safe(routes.error().message).c_str());
    return kExitFailure;
  }
  // route print shows numbers only; the BSD table names hosts unless -n.
  const std::string text =
      bsd ? format_bsd_routes(*links, *routes, hosts_file_namer(numeric)) : format_route_print(*links, *routes);
  std::fputs(text.c_str(), out);
  std::fflush(out);
  return kExitOk;
}

}  // namespace sockscope::cli
