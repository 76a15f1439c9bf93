// Network namespace discovery over /proc, /run/netns and mountinfo, and the --netns lookups it needs.
#include "collect/netns_discovery.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "collect/proc_read_file.hpp"
#include "parse/mountinfo.hpp"
#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};
using DirPtr = std::unique_ptr<DIR, DirCloser>;

// Every entry name of a directory but "." and ".."; empty when it cannot be read.
std::vector<std::string> entries(const std::string& dir) {
  std::vector<std::string> out;
  DirPtr d(::opendir(dir.c_str()));
  if (!d) return out;
  while (const dirent* e = ::readdir(d.get())) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) out.emplace_back(e->d_name);
  }
  return out;
}

std::vector<int> pids_under(const std::string& proc_root) {
  std::vector<int> pids;
  for (const std::string& name : entries(proc_root)) {
    if (auto pid = proc_text::to_unsigned<unsigned>(name); pid && *pid > 0 && *pid <= 0x7fffffffu) pids.push_back(static_cast<int>(*pid));
  }
  std::ranges::sort(pids);
  return pids;
}

// Namespace files all live on the one nsfs superblock: a file on another device is no namespace
// (an `ip netns add` placeholder whose mount failed, say).
struct NsFile {
  std::uint64_t inode = 0;
  bool ok = false;
};

NsFile stat_ns(const std::string& path, dev_t nsfs_dev) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_dev != nsfs_dev) return {};
  return {static_cast<std::uint64_t>(st.st_ino), true};
}

class Found {
 public:
  // Adds or completes the namespace `inode`; earlier paths win, being the more stable kind.
  NetnsInfo& at(std::uint64_t inode, const std::string& path) {
    auto [it, fresh] = by_inode_.try_emplace(inode);
    if (fresh) {
      it->second.inode = inode;
      it->second.path = path;
    }
    return it->second;
  }
  bool has(std::uint64_t inode) const { return by_inode_.contains(inode); }
  std::vector<NetnsInfo> take() {
    std::vector<NetnsInfo> out;
    for (auto& [inode, ns] : by_inode_) {
      std::ranges::sort(ns.names);
      out.push_back(std::move(ns));
    }
    std::ranges::stable_partition(out, &NetnsInfo::current);
    return out;
  }

 private:
  std::map<std::uint64_t, NetnsInfo> by_inode_;
};

void add_named(Found& found, const std::string& netns_dir, dev_t nsfs_dev) {
  for (const std::string& name : entries(netns_dir)) {
    const std::string path = netns_dir + "/" + name;
    if (const NsFile ns = stat_ns(path, nsfs_dev); ns.ok) found.at(ns.inode, path).names.push_back(name);
  }
}

// Each process's namespace; returns, per mount namespace, one PID to read mountinfo through.
std::vector<int> add_processes(Found& found, const std::string& proc_root, const std::vector<int>& pids, dev_t nsfs_dev) {
  std::set<std::uint64_t> mount_namespaces;
  std::vector<int> mount_readers;
  for (int pid : pids) {
    const std::string dir = proc_root + "/" + std::to_string(pid);
    const NsFile ns = stat_ns(dir + "/ns/net", nsfs_dev);
    if (!ns.ok) continue;  // gone, a kernel thread's missing ns, or not ours to read
    NetnsInfo& info = found.at(ns.inode, dir + "/ns/net");
    if (info.pid == 0) info.pid = pid;  // PIDs come in ascending order: the lowest one
    if (const NsFile mnt = stat_ns(dir + "/ns/mnt", nsfs_dev); mnt.ok && mount_namespaces.insert(mnt.inode).second) {
      mount_readers.push_back(pid);
    }
  }
  return mount_readers;
}

void add_mounts(Found& found, const std::string& proc_root, const std::vector<int>& readers, dev_t nsfs_dev) {
  struct stat own_mnt {};
  const bool have_own = ::stat("/proc/self/ns/mnt", &own_mnt) == 0;
  std::string text;
  for (int pid : readers) {
    const std::string dir = proc_root + "/" + std::to_string(pid);
    if (read_file_at(AT_FDCWD, (dir + "/mountinfo").c_str(), text) != 0) continue;
    struct stat mnt {};
    const bool ours = have_own && ::stat((dir + "/ns/mnt").c_str(), &mnt) == 0 && mnt.st_ino == own_mnt.st_ino;
    for (const NsfsMount& m : nsfs_net_mounts(text)) {
      if (found.has(m.inode)) continue;
      // Another mount namespace's mount points are reached through one of its processes' root.
      const std::string path = ours ? m.mount_point : dir + "/root" + m.mount_point;
      // Over-mounted or unmounted since: the path no longer leads to that namespace.
      if (const NsFile ns = stat_ns(path, nsfs_dev); ns.ok && ns.inode == m.inode) found.at(m.inode, path);
    }
  }
}

void add_descriptors(Found& found, const std::string& proc_root, const std::vector<int>& pids) {
  char target[64];
  for (int pid : pids) {
    const std::string fd_dir = proc_root + "/" + std::to_string(pid) + "/fd";
    DirPtr d(::opendir(fd_dir.c_str()));
    if (!d) continue;
    const int dfd = ::dirfd(d.get());
    while (const dirent* e = ::readdir(d.get())) {
      const ssize_t n = ::readlinkat(dfd, e->d_name, target, sizeof target);
      if (n <= 0 || static_cast<std::size_t>(n) >= sizeof target) continue;
      const auto inode = net_ns_link_inode(std::string_view(target, static_cast<std::size_t>(n)));
      if (inode && !found.has(*inode)) found.at(*inode, fd_dir + "/" + e->d_name);
    }
  }
}

}  // namespace

std::vector<NetnsInfo> discover_netns(const NetnsDiscoveryOptions& options) {
  Found found;
  struct stat self {};
  if (::stat("/proc/self/ns/net", &self) != 0) return {};
  const dev_t nsfs_dev = self.st_dev;
  NetnsInfo& current = found.at(static_cast<std::uint64_t>(self.st_ino), "/proc/self/ns/net");
  current.current = true;
  add_named(found, options.netns_dir, nsfs_dev);
  const std::vector<int> pids = pids_under(options.proc_root);
  const std::vector<int> mount_readers = add_processes(found, options.proc_root, pids, nsfs_dev);
  add_mounts(found, options.proc_root, mount_readers, nsfs_dev);
  if (options.scan_descriptors) add_descriptors(found, options.proc_root, pids);
  return found.take();
}

Result<NetnsInfo> lookup_netns(const NetnsSelector& selector, const std::string& proc_root) {
  struct stat self {};
  if (::stat("/proc/self/ns/net", &self) != 0) return fail(std::string("/proc/self/ns/net: ") + std::strerror(errno), errno);
  NetnsInfo ns;
  ns.path = selector.kind == NetnsSelector::Kind::Pid ? proc_root + "/" + std::to_string(selector.pid) + "/ns/net" : selector.text;
  struct stat st {};
  if (::stat(ns.path.c_str(), &st) != 0) {
    const int err = errno;
    if (selector.kind == NetnsSelector::Kind::Pid && err == ENOENT) return fail("no such process", ESRCH);
    return fail(ns.path + ": " + std::strerror(err), err);
  }
  // Only nsfs files have the nsfs device; its kind of namespace the file itself tells.
  if (st.st_dev != self.st_dev) return fail(ns.path + ": not a namespace file", EINVAL);
  const int fd = ::open(ns.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ns.path + ": " + std::strerror(errno), errno);
  const int type = ::ioctl(fd, NS_GET_NSTYPE);
  ::close(fd);
  if (type != CLONE_NEWNET) return fail(ns.path + ": not a network namespace", EINVAL);
  if (selector.kind == NetnsSelector::Kind::Pid) ns.pid = selector.pid;
  ns.inode = static_cast<std::uint64_t>(st.st_ino);
  ns.current = st.st_ino == self.st_ino;
  return ns;
}

Result<std::vector<NetnsInfo>> resolve_netns(std::span<const std::string> args, const NetnsDiscoveryOptions& options) {
  std::vector<NetnsSelector> selectors;
  for (const std::string& a : args) {
    auto s = parse_netns_selector(a);
    if (!s) return std::unexpected(s.error());
    selectors.push_back(std::move(*s));
  }
  const std::vector<NetnsInfo> found = discover_netns(options);
  return select_netns(found, selectors, [&](const NetnsSelector& s) { return lookup_netns(s, options.proc_root); });
}

}  // namespace sockscope
