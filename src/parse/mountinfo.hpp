// Parser for /proc/PID/mountinfo: the nsfs bind mounts that keep network namespaces alive, and
// where a filesystem type (cgroup2) is mounted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope {

struct NsfsMount {
  std::uint64_t inode = 0;  // the namespace's inode, from the mount's root "net:[INODE]"
  std::string mount_point;  // octal escapes (\040 ...) decoded; raw bytes otherwise
  friend bool operator==(const NsfsMount&, const NsfsMount&) = default;
};

// Every mount of filesystem type nsfs whose root names a network namespace ("net:[4026532356]";
// some kernels write "/net:[...]"), in file order, as `ip netns add` and `unshare --net=FILE`
// leave them. Other namespace types and malformed lines are skipped.
std::vector<NsfsMount> nsfs_net_mounts(std::string_view mountinfo_text);

// The mount point (escapes decoded) of the first mount of that filesystem type, in file order, as
// ss and iproute2 find the cgroup2 hierarchy ("cgroup2"); nullopt when there is none.
std::optional<std::string> first_mount_point(std::string_view mountinfo_text, std::string_view fstype);

// "net:[4026532356]" (the target of /proc/PID/ns/net and of /proc/PID/fd links to a namespace)
// -> 4026532356; nullopt for anything else.
std::optional<std::uint64_t> net_ns_link_inode(std::string_view link_target);

// Decodes the kernel's mountinfo escapes: \ooo (three octal digits) -> that byte.
std::string unescape_mountinfo(std::string_view field);

}  // namespace sockscope
