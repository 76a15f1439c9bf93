// `sockscope netstat -m`, `-g` (`-g -s`) and `--routing-statistics`: BSD's displays from Linux's /proc files.
#include <cstdio>
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/netstat_sections.hpp"
#include "collect/proc_net_extras_read.hpp"
#include "collect/proc_snmp_read.hpp"
#include "present/netstat_extras_text.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

namespace {

int cannot(const char* what, const Error& e) {
  std::fprintf(stderr, "sockscope netstat: cannot read %s: %s\n", what, terminal_safe(e.message).c_str());
  return kExitFailure;
}

int put(const std::string& text, std::FILE* out) {
  std::fputs(text.c_str(), out);
  std::fflush(out);
  return kExitOk;
}

}  // namespace

int print_socket_memory(std::FILE* out) {
  auto m = read_socket_memory();
  if (!m) return cannot("socket memory statistics", m.error());
  return put(format_socket_memory(*m), out);
}

int print_multicast_routing(bool statistics, std::FILE* out) {
  auto r = read_multicast_routing();
  if (!r) return cannot("multicast routing tables", r.error());
  if (!statistics) return put(format_multicast_routing(*r), out);
  auto c = read_protocol_counters(true);
  if (!c) return cannot("protocol statistics", c.error());
  return put(format_multicast_statistics(*r, *c), out);
}

int print_routing_statistics(std::FILE* out) {
  auto s = read_routing_statistics();
  if (!s) return cannot("routing statistics", s.error());
  return put(format_routing_statistics(*s), out);
}

}  // namespace sockscope::cli
