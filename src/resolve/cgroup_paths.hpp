// cgroup v2 ids and paths, as ss finds and shows them: an id is the kernel's 64-bit file handle of
// the cgroup's directory (what INET_DIAG_CGROUP_ID and INET_DIAG_BC_CGROUP_COND carry), a path is
// relative to the first cgroup2 mount ("/" its root, "/system.slice/ssh.service").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sockscope {

// The mount point of this mount namespace's first cgroup2 mount (/proc/self/mountinfo).
std::optional<std::string> cgroup2_mount_point();

// The id of the cgroup at `path`, as `ss ... cgroup PATH` reads PATH: the path as written (absolute,
// or relative to the working directory), else under the cgroup2 mount. nullopt: no such directory,
// or not a cgroup2 one (any other file system's handle is not 8 bytes, or is no cgroup's id).
std::optional<std::uint64_t> cgroup_id_of(std::string_view path, const std::string& mount_point);

// id -> path, from one walk of the hierarchy (directories only, never crossing into another
// mount), walked again for an id it has not seen, at most once per `rewalk_every`. An id no walk
// finds (a cgroup removed since the socket was made) reads "unreachable:HEX" as in ss. Views stay
// valid for its life. Not thread-safe: callers share it under their own lock (LocalLookups).
class CgroupPaths {
 public:
  explicit CgroupPaths(std::optional<std::string> mount_point,
                       std::chrono::milliseconds rewalk_every = std::chrono::seconds(1));
  std::string_view path_of(std::uint64_t id);

 private:
  void walk();
  std::optional<std::string> mount_;
  std::chrono::milliseconds rewalk_every_;
  std::optional<std::chrono::steady_clock::time_point> walked_;
  std::unordered_map<std::uint64_t, std::string> paths_;
  std::unordered_map<std::uint64_t, std::string> unreachable_;
};

}  // namespace sockscope
