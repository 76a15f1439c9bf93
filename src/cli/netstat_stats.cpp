// `sockscope netstat -s` and `-e`: protocol counters from /proc, interface counters from rtnetlink.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/netstat_sections.hpp"
#include "collect/proc_snmp_read.hpp"
#include "collect/rtnl_links.hpp"
#include "present/netstat_stats_text.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

int print_statistics(const std::vector<std::string>& protocols, std::FILE* out) {
  std::vector<StatSection> sections;
  for (const auto& p : protocols) {
    const auto s = stat_section_named(p);
    if (!s) {
      std::fprintf(stderr, "sockscope netstat: unknown protocol for -s: %s\n", terminal_safe(p).c_str());
      return kExitUsage;
    }
    sections.push_back(*s);
  }
  if (sections.empty()) sections.assign(std::begin(kAllStatSections), std::end(kAllStatSections));

  auto counters = read_protocol_counters();
  if (!counters) {
    std::fprintf(stderr, "sockscope netstat: cannot read protocol statistics: %s\n",
                 terminal_safe(counters.error().message).c_str());
    return kExitFailure;
  }
  const std::string text = format_protocol_statistics(*counters, sections);
  std::fputs(text.c_str(), out);
  std::fflush(out);
  return kExitOk;
}

int print_ethernet_stats(std::FILE* out) {
  auto links = dump_links();
  if (!links) {
    std::fprintf(stderr, "sockscope netstat: cannot read interface statistics: %s\n",
                 terminal_safe(links.error().message).c_str());
    return kExitFailure;
  }
  const std::string text = format_interface_statistics(*links);
  std::fputs(text.c_str(), out);
  std::fflush(out);
  return kExitOk;
}

}  // namespace sockscope::cli
