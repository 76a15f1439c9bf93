// Parsers for per-process /proc files (stat, status, cmdline, fd links) and /proc/stat btime.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope {

struct ProcStat {
  int pid = 0;
  std::string comm;  // raw bytes between the first '(' and the last ')'
  char state = '?';
  int ppid = 0;
  std::uint64_t starttime = 0;  // field 22: clock ticks after boot
};

// /proc/PID/stat. nullopt when truncated or malformed.
std::optional<ProcStat> parse_proc_stat(std::string_view text);

// Real uid from the "Uid:" line of /proc/PID/status.
std::optional<std::uint32_t> parse_status_uid(std::string_view text);

// /proc/PID/cmdline: NUL-separated argv. Trailing NULs (the terminator, and the padding left
// by processes that rewrote their argv area) are dropped; a rewritten single string with
// spaces stays one element.
std::vector<std::string> parse_cmdline(std::string_view raw);

// "socket:[12345]" -> 12345; any other link target -> nullopt.
std::optional<std::uint64_t> parse_socket_link(std::string_view link);

// "btime N" from /proc/stat: boot time in seconds since the epoch.
std::optional<std::int64_t> parse_btime(std::string_view proc_stat_text);

}  // namespace sockscope
