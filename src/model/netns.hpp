// A network namespace found on the host (inode, a file that opens it, names, a process in it), and which rows came from it.
#pragma once

#include <cstddef>
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

// Rows [begin, end) of a dump came from namespace `netns`. Endpoint has no room for the namespace
// (it is 128 bytes without a hole; 8 more would cost 800 kB per 100k sockets), so a dump or a
// snapshot says it per namespace: sockets of one namespace are contiguous anyway.
struct NetnsRows {
  std::uint64_t netns = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const NetnsRows&, const NetnsRows&) = default;
};

}  // namespace sockscope
