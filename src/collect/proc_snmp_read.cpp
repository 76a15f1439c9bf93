// Reading /proc/net/snmp, /proc/net/snmp6 and /proc/net/netstat into ProtocolCounters.
#include "collect/proc_snmp_read.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "collect/proc_read_file.hpp"
#include "parse/snmp.hpp"

namespace sockscope {
namespace {

Result<std::string> read_whole(const std::string& path) {
  std::string text;
  if (const int err = read_file_at(AT_FDCWD, path.c_str(), text)) return fail(path + ": " + std::strerror(err), err);
  return text;
}

Result<void> add_file(ProtocolCounters& into, const std::string& path, bool two_line) {
  auto text = read_whole(path);
  if (!text) return std::unexpected(text.error());
  auto parsed = two_line ? parse_snmp_pairs(*text) : parse_snmp6(*text);
  if (!parsed) return fail(path + ": " + parsed.error().message, EBADMSG);
  merge_counters(into, *parsed);
  return {};
}

}  // namespace

Result<ProtocolCounters> read_protocol_counters(bool extended, const std::string& proc_root) {
  ProtocolCounters out;
  if (auto r = add_file(out, proc_root + "/net/snmp", true); !r) return std::unexpected(r.error());
  if (auto r = add_file(out, proc_root + "/net/snmp6", false); !r) {
    if (r.error().code != ENOENT) return std::unexpected(r.error());
    out.has_ipv6 = false;
  }
  if (extended) {
    if (auto r = add_file(out, proc_root + "/net/netstat", true); !r) return std::unexpected(r.error());
  }
  return out;
}

}  // namespace sockscope
