// A network namespace found on the host: its inode, a file that opens it, its names, a process in it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sockscope {

struct NetnsInfo {
  std::uint64_t inode = 0;  // the namespace's identity (the number in "net:[INODE]")
  // A file that opens it (for setns): /run/netns/NAME, a bind mount, /proc/PID/ns/net or
  // /proc/PID/fd/N; whoever opens it checks the inode, since PIDs and mounts are reused.
  std::string path;
  std::vector<std::string> names;  // `ip netns` names, sorted; empty for most
  std::int32_t pid = 0;            // the lowest PID of a process inside, 0 when none
  bool current = false;            // the namespace sockscope itself runs in
  friend bool operator==(const NetnsInfo&, const NetnsInfo&) = default;
};

}  // namespace sockscope
