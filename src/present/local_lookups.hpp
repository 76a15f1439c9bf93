// Memoized host-local lookups presenters need per row: uid -> user, ifindex -> name, cgroup id ->
// path, time -> local text.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sockscope {

class CgroupPaths;

// ISO 8601 local time with offset, seconds precision: "2024-05-01T12:34:56+02:00".
void append_local_time(std::string& out, std::int64_t unix_ms);

// A local time as text, held by value (at most 63 bytes): a cache shared by threads may drop times
// another thread is still writing out, so it hands out copies, without a heap allocation per cell.
class TimeText {
 public:
  explicit TimeText(std::string_view text);
  std::string_view view() const { return {text_, size_}; }
  operator std::string_view() const { return view(); }
  friend bool operator==(const TimeText& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& os, const TimeText& t) { return os << t.view(); }

 private:
  char text_[63];
  unsigned char size_;
};

// Safe to share between threads: each cache is guarded by a lock, and the slow system lookups run
// outside it. Views of user and interface names stay valid for its life (entries are never dropped).
class LocalLookups {
 public:
  using Lookup = std::function<std::optional<std::string>(std::uint32_t)>;

  LocalLookups();  // the system's: getpwuid_r, if_indextoname and the first cgroup2 mount
  // Injected, for tests; cgroup paths under `cgroup_mount` (nullopt: every id is unreachable).
  LocalLookups(Lookup user_name, Lookup interface_name, std::optional<std::string> cgroup_mount = std::nullopt);
  ~LocalLookups();

  // The user's name, or the uid as text when it has none.
  std::string_view user_name(std::uint32_t uid);
  // The interface's name; nullopt for index 0 or an interface this namespace does not know.
  std::optional<std::string_view> interface_name(std::uint32_t ifindex);
  // append_local_time, remembered per value (many rows share one process).
  TimeText local_time(std::int64_t unix_ms);
  // The cgroup v2 path of an id as ss shows it (resolve/cgroup_paths.hpp); nullopt for id 0. The
  // hierarchy is walked on the first id asked for, not before.
  std::optional<std::string_view> cgroup_path(std::uint64_t id);

 private:
  Lookup user_lookup_;
  Lookup interface_lookup_;
  bool system_cgroup_mount_ = false;            // find the mount on first use
  std::optional<std::string> cgroup_mount_;
  std::unique_ptr<CgroupPaths> cgroups_;       // made on first use
  std::mutex mutex_;  // guards the maps and cgroups_
  std::unordered_map<std::uint32_t, std::string> users_;
  std::unordered_map<std::uint32_t, std::optional<std::string>> interfaces_;
  std::unordered_map<std::int64_t, TimeText> times_;
};

}  // namespace sockscope
