// cgroup v2 ids from paths (name_to_handle_at) and paths from ids (a walk of the hierarchy).
#include "resolve/cgroup_paths.hpp"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "parse/mountinfo.hpp"

namespace sockscope {

namespace {

// The 8-byte handle of `path` under `dir` (AT_FDCWD or an open directory), nullopt otherwise.
std::optional<std::uint64_t> handle_id(int dir, const char* path) {
  struct {
    file_handle fh;
    unsigned char bytes[sizeof(std::uint64_t)];
  } h{};
  h.fh.handle_bytes = sizeof(std::uint64_t);
  int mount_id = 0;
  if (::name_to_handle_at(dir, path, &h.fh, &mount_id, 0) != 0) return std::nullopt;
  if (h.fh.handle_bytes != sizeof(std::uint64_t)) return std::nullopt;
  std::uint64_t id = 0;
  std::memcpy(&id, h.fh.f_handle, sizeof id);
  return id;
}

}  // namespace

std::optional<std::string> cgroup2_mount_point() {
  std::ifstream in("/proc/self/mountinfo");
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return first_mount_point(text.str(), "cgroup2");
}

std::optional<std::uint64_t> cgroup_id_of(std::string_view path, const std::string& mount_point) {
  const std::string p(path);
  if (p.empty() || p.find('\0') != std::string::npos) return std::nullopt;
  if (auto id = handle_id(AT_FDCWD, p.c_str())) return id;
  std::size_t skip = 0;
  while (skip < p.size() && p[skip] == '/') ++skip;
  if (skip == p.size() || mount_point.empty()) return std::nullopt;
  const int dir = ::open(mount_point.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return std::nullopt;
  auto id = handle_id(dir, p.c_str() + skip);
  ::close(dir);
  return id;
}

CgroupPaths::CgroupPaths(std::optional<std::string> mount_point, std::chrono::milliseconds rewalk_every)
    : mount_(std::move(mount_point)), rewalk_every_(rewalk_every) {}

namespace {

// nftw has no user pointer: the walk in progress, one at a time (CgroupPaths is used under a lock,
// and this guards separate instances on separate threads).
thread_local std::unordered_map<std::uint64_t, std::string>* walk_into = nullptr;
thread_local std::size_t walk_prefix = 0;

int on_entry(const char* path, const struct stat*, int type, FTW*) {
  if (type != FTW_D) return 0;
  if (auto id = handle_id(AT_FDCWD, path)) {
    std::string_view rel(path + walk_prefix);
    walk_into->try_emplace(*id, rel.empty() ? std::string("/") : std::string(rel));  // views stay valid
  }
  return 0;  // an unreadable corner of the tree does not end the walk
}

}  // namespace

void CgroupPaths::walk() {
  walked_ = std::chrono::steady_clock::now();
  if (!mount_) return;
  walk_into = &paths_;
  walk_prefix = mount_->size();
  ::nftw(mount_->c_str(), on_entry, 64, FTW_MOUNT | FTW_PHYS);
  walk_into = nullptr;
}

std::string_view CgroupPaths::path_of(std::uint64_t id) {
  if (auto it = paths_.find(id); it != paths_.end()) return it->second;
  if (!walked_ || std::chrono::steady_clock::now() - *walked_ >= rewalk_every_) {
    walk();
    if (auto it = paths_.find(id); it != paths_.end()) return it->second;
  }
  if (auto it = unreachable_.find(id); it != unreachable_.end()) return it->second;
  char buf[40];
  std::snprintf(buf, sizeof buf, "unreachable:%llx", static_cast<unsigned long long>(id));
  return unreachable_.try_emplace(id, buf).first->second;
}

}  // namespace sockscope
