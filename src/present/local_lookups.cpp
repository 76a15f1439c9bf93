// Memoized uid -> user name, ifindex -> interface name and time -> ISO 8601 local text.
#include "present/local_lookups.hpp"

#include <net/if.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <vector>

#include "resolve/cgroup_paths.hpp"

namespace sockscope {

namespace {

std::optional<std::string> system_user_name(std::uint32_t uid) {
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 1024);
  passwd pw{};
  passwd* found = nullptr;
  for (;;) {
    const int rc = getpwuid_r(static_cast<uid_t>(uid), &pw, buf.data(), buf.size(), &found);
    if (rc == ERANGE && buf.size() < (1u << 20)) {
      buf.resize(buf.size() * 2);
      continue;
    }
    if (rc != 0 || found == nullptr) return std::nullopt;
    return std::string(pw.pw_name);
  }
}

std::optional<std::string> system_interface_name(std::uint32_t ifindex) {
  char name[IF_NAMESIZE] = {};
  if (if_indextoname(ifindex, name) == nullptr) return std::nullopt;
  return std::string(name);
}

}  // namespace

void append_local_time(std::string& out, std::int64_t unix_ms) {
  // Floor division, so times before 1970 land in the right second.
  std::int64_t secs = unix_ms / 1000;
  if (unix_ms % 1000 < 0) --secs;
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, unix_ms);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
    return;
  }
  const long off = tm.tm_gmtoff;
  const long off_abs = off < 0 ? -off : off;
  char buf[64];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, off < 0 ? '-' : '+', off_abs / 3600, (off_abs / 60) % 60);
  if (n > 0) out.append(buf, static_cast<std::size_t>(n) < sizeof buf ? static_cast<std::size_t>(n) : sizeof buf - 1);
}

LocalLookups::LocalLookups() : LocalLookups(system_user_name, system_interface_name) { system_cgroup_mount_ = true; }

LocalLookups::LocalLookups(Lookup user_name, Lookup interface_name, std::optional<std::string> cgroup_mount)
    : user_lookup_(std::move(user_name)), interface_lookup_(std::move(interface_name)),
      cgroup_mount_(std::move(cgroup_mount)) {}

LocalLookups::~LocalLookups() = default;

std::optional<std::string_view> LocalLookups::cgroup_path(std::uint64_t id) {
  if (id == 0) return std::nullopt;
  std::lock_guard lock(mutex_);  // a walk is rare (first use, an unknown id at most once a second)
  if (!cgroups_) cgroups_ = std::make_unique<CgroupPaths>(system_cgroup_mount_ ? cgroup2_mount_point() : cgroup_mount_);
  return cgroups_->path_of(id);
}

TimeText::TimeText(std::string_view text) : text_{}, size_(static_cast<unsigned char>(std::min(text.size(), sizeof text_))) {
  std::memcpy(text_, text.data(), size_);
}

std::string_view LocalLookups::user_name(std::uint32_t uid) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = users_.find(uid); it != users_.end()) return it->second;
  }
  std::optional<std::string> name = user_lookup_ ? user_lookup_(uid) : std::nullopt;
  std::lock_guard lock(mutex_);
  // Another thread may have answered meanwhile: its entry stays, so views already given out hold.
  return users_.emplace(uid, name ? std::move(*name) : std::to_string(uid)).first->second;
}

std::optional<std::string_view> LocalLookups::interface_name(std::uint32_t ifindex) {
  if (ifindex == 0) return std::nullopt;
  const std::optional<std::string>* found = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = interfaces_.find(ifindex); it != interfaces_.end()) found = &it->second;
  }
  if (!found) {
    std::optional<std::string> name = interface_lookup_ ? interface_lookup_(ifindex) : std::nullopt;
    std::lock_guard lock(mutex_);
    found = &interfaces_.emplace(ifindex, std::move(name)).first->second;
  }
  if (!*found) return std::nullopt;
  return std::string_view(**found);
}

TimeText LocalLookups::local_time(std::int64_t unix_ms) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = times_.find(unix_ms); it != times_.end()) return it->second;
  }
  std::string text;
  append_local_time(text, unix_ms);
  const TimeText value(text);
  std::lock_guard lock(mutex_);
  if (times_.size() >= 8192) times_.clear();  // a long-running UI sees processes come and go
  times_.emplace(unix_ms, value);
  return value;
}

}  // namespace sockscope
