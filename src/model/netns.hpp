// A network namespace found on the host (inode, a file that opens it, names, a process in it), and which rows came from it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
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
  // The container whose namespace it is, as its process `pid` says: "docker web" (runtime and
  // the runtime's name, else its short id) and that name alone; both "" when none.
  std::string container;
  std::string container_name;
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

// What a row's netns_name column says: the first `ip netns` name, else the container's name, else
// "host" for the init namespace (the one PID 1 is in); "" when none applies. `info` may be null
// (a namespace collected without discovery: the current one).
std::string_view netns_label(const NetnsInfo* info, std::uint64_t inode, std::uint64_t init_inode);

}  // namespace sockscope
