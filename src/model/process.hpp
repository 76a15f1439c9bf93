// A process that holds sockets: identity, executable, command line, user, start time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockscope {

struct Process {
  int pid = 0;
  int ppid = 0;
  std::uint32_t uid = 0;
  std::string name;                  // comm (up to 15 bytes of anything the process chose)
  std::string exe;                   // readlink /proc/PID/exe; "" when not visible
  std::vector<std::string> cmdline;  // argv; empty for kernel threads or when not visible
  std::string user;                  // user name for uid, or the number as text
  std::uint64_t start_ticks = 0;     // /proc/PID/stat starttime: clock ticks since boot
  std::int64_t start_time_ms = 0;    // Unix time in milliseconds (boot time + start_ticks)
  std::string unit;                  // systemd unit or container it runs in, from /proc/PID/cgroup; "" unknown
  std::string container;             // its container, "RUNTIME NAME" or "RUNTIME SHORT_ID" ("docker web"); "" none
  friend bool operator==(const Process&, const Process&) = default;
};

// argv joined with single spaces, as ps shows it.
std::string joined_cmdline(const Process& p);

}  // namespace sockscope
