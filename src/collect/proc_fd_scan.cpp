// Finds socket holders by reading /proc/PID/fd links, then describes those processes from /proc/PID.
#include "collect/proc_fd_scan.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "collect/proc_read_file.hpp"
#include "parse/cgroup.hpp"
#include "parse/mountinfo.hpp"
#include "parse/proc_pid.hpp"
#include "parse/proc_text.hpp"

namespace sockscope {
namespace {

// What one scanning thread found besides the links; merged once all threads are done.
struct WorkerResult {
  std::vector<Process> holders;
  int denied = 0;
  std::vector<NsDescriptor> namespace_files;  // when asked for
};

// Every socket descriptor found, from all threads, in one vector sized up front: per-thread
// vectors would have to be copied into one at the end, doubling the scan's memory at its peak.
// Until the processes are ordered, Owner::process holds the pid.
class SharedLinks {
 public:
  explicit SharedLinks(std::size_t expected) { links_.reserve(expected); }
  void append(const std::vector<InodeOwner>& batch) {
    std::lock_guard lock(mutex_);
    links_.insert(links_.end(), batch.begin(), batch.end());
  }
  std::vector<InodeOwner> take() { return std::move(links_); }

 private:
  std::mutex mutex_;
  std::vector<InodeOwner> links_;
};

struct ScanContext {
  int proc_fd = -1;
  std::int64_t btime = 0;  // 0 = unknown
  long clk_tck = 100;
  bool details = true;
};

bool denied_errno(int e) { return e == EACCES || e == EPERM; }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// The names in a directory, read with getdents64 straight into a buffer: fdopendir would add an
// fstat and two fcntl calls per directory, a third of the system calls of a scan on a quiet host
// (where one such scan is most of `sockscope list`'s time). The caller keeps the descriptor.
class DirNames {
 public:
  explicit DirNames(int dir_fd) : fd_(dir_fd) {}
  DirNames(const DirNames&) = delete;
  DirNames& operator=(const DirNames&) = delete;

  // The next name, or nullptr at the end (or when the directory went away meanwhile).
  const char* next() {
    while (pos_ >= len_) {
      const ssize_t n = ::getdents64(fd_, buf_, sizeof buf_);
      if (n <= 0) return nullptr;
      len_ = static_cast<std::size_t>(n);
      pos_ = 0;
    }
    const auto* de = reinterpret_cast<const dirent64*>(buf_ + pos_);
    pos_ += de->d_reclen;
    return de->d_name;
  }

 private:
  int fd_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
  alignas(dirent64) char buf_[32768];  // what readdir uses
};

std::vector<int> list_pids(int proc_fd) {
  std::vector<int> pids;
  // Its own descriptor: reading moves the directory offset.
  Fd dir(::openat(proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return pids;
  DirNames names(dir.get());
  // /proc lists thread-group leaders only; threads hide under /proc/PID/task.
  while (const char* name = names.next()) {
    if (auto pid = proc_text::to_unsigned<unsigned>(name); pid && *pid > 0) pids.push_back(static_cast<int>(*pid));
  }
  return pids;
}

// A thread hands its links over in batches of this many, so its buffer stays small (64 KiB).
constexpr std::size_t kLinkBatch = 4096;

// Collects the socket inodes behind /proc/PID/fd/* as (inode, pid, fd): full batches go to
// `shared`, the rest stays in `links`. The number found, or -1 when the directory is gone.
long read_socket_links(int pid, int pid_fd, std::vector<InodeOwner>& links, SharedLinks& shared, bool& denied,
                       std::vector<NsDescriptor>* namespace_files) {
  links.clear();
  const Fd fd_dir(::openat(pid_fd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd_dir.get() < 0) {
    denied = denied_errno(errno);
    return -1;
  }
  DirNames names(fd_dir.get());
  long found = 0;
  // "socket:[18446744073709551615]" is 29 bytes; anything filling the buffer is a path.
  char target[64];
  while (const char* name = names.next()) {
    auto fd = proc_text::to_unsigned<unsigned>(name);
    if (!fd) continue;
    const ssize_t n = ::readlinkat(fd_dir.get(), name, target, sizeof target);
    if (n < 0) {
      if (denied_errno(errno)) {
        // The kernel checks access per process, not per descriptor: the rest would be refused
        // too (a listable but unreadable fd directory, as some sandboxes' PID 1 has).
        denied = true;
        break;
      }
      continue;  // ENOENT: closed since it was listed
    }
    if (static_cast<std::size_t>(n) >= sizeof target) continue;
    const std::string_view link(target, static_cast<std::size_t>(n));
    const auto inode = parse_socket_link(link);
    if (!inode) {
      if (namespace_files) {
        if (const auto ns = net_ns_link_inode(link)) namespace_files->push_back({*ns, pid, static_cast<int>(*fd)});
      }
      continue;
    }
    links.push_back({*inode, Owner{static_cast<std::uint32_t>(pid), static_cast<int>(*fd)}});
    ++found;
    if (links.size() == kLinkBatch) {
      shared.append(links);
      links.clear();
    }
  }
  return found;
}

std::string read_link_at(int dir_fd, const char* name) {
  std::string buf(4096, '\0');
  while (true) {
    const ssize_t n = ::readlinkat(dir_fd, name, buf.data(), buf.size());
    if (n < 0) return {};
    if (static_cast<std::size_t>(n) < buf.size()) {
      buf.resize(static_cast<std::size_t>(n));
      return buf;
    }
    buf.resize(buf.size() * 2);
  }
}

// Describes a process known to hold sockets. False when it exited meanwhile.
bool describe_process(const ScanContext& ctx, int pid, int pid_fd, std::string& buf, Process& p) {
  if (read_file_at(pid_fd, "stat", buf) != 0) return false;
  auto stat = parse_proc_stat(buf);
  if (!stat) return false;
  p.pid = pid;
  p.ppid = stat->ppid;
  p.name = std::move(stat->comm);
  p.start_ticks = stat->starttime;
  if (ctx.btime > 0 && ctx.clk_tck > 0) {
    p.start_time_ms = ctx.btime * 1000 + static_cast<std::int64_t>(stat->starttime * 1000 / ctx.clk_tck);
  }
  if (!ctx.details) return true;

  std::optional<std::uint32_t> uid;
  if (read_file_at(pid_fd, "status", buf) == 0) uid = parse_status_uid(buf);
  if (!uid) {
    // The /proc/PID directory is owned by the process's effective uid: a close second.
    struct stat st {};
    if (::fstat(pid_fd, &st) == 0) uid = st.st_uid;
  }
  p.uid = uid.value_or(0);

  if (read_file_at(pid_fd, "cmdline", buf) == 0) p.cmdline = parse_cmdline(buf);
  p.exe = read_link_at(pid_fd, "exe");
  // One small read per socket holder (not per socket), so it is always done.
  if (read_file_at(pid_fd, "cgroup", buf) == 0) p.unit = unit_from_cgroup(buf);
  return true;
}

// `batch` is the thread's reusable buffer for links.
void scan_pid(const ScanContext& ctx, int pid, WorkerResult& out, SharedLinks& shared,
              std::vector<InodeOwner>& batch, std::string& buf, bool namespace_files) {
  char name[16];
  std::snprintf(name, sizeof name, "%d", pid);
  Fd pid_fd(::openat(ctx.proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (pid_fd.get() < 0) return;  // exited since listing

  bool denied = false;
  const long found = read_socket_links(pid, pid_fd.get(), batch, shared, denied, namespace_files ? &out.namespace_files : nullptr);
  if (denied) ++out.denied;
  if (found <= 0) return;
  Process p;
  // Exited meanwhile: links already handed over are dropped with the pids nobody describes.
  if (!describe_process(ctx, pid, pid_fd.get(), buf, p)) return;
  shared.append(batch);
  out.holders.push_back(std::move(p));
}

class UserNames {
 public:
  const std::string& name(std::uint32_t uid) {
    auto [it, inserted] = cache_.try_emplace(uid);
    if (inserted) it->second = lookup(uid);
    return it->second;
  }

 private:
  static std::string lookup(std::uint32_t uid) {
    std::vector<char> buf(16384);
    while (true) {
      passwd pw{};
      passwd* result = nullptr;
      const int rc = ::getpwuid_r(uid, &pw, buf.data(), buf.size(), &result);
      if (rc == ERANGE && buf.size() < (1u << 20)) {
        buf.resize(buf.size() * 2);
        continue;
      }
      if (rc == 0 && result && result->pw_name) return result->pw_name;
      return std::to_string(uid);
    }
  }
  std::unordered_map<std::uint32_t, std::string> cache_;
};

// Measured on 2 cores, 100k socket fds over 8 processes: one thread ~420 ms, two ~210 ms.
// The work is all syscalls (readdir + one readlinkat per fd), so more threads than cores gain nothing.
unsigned thread_count(std::size_t pids, unsigned max_threads) {
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<std::size_t>({2u, hw, pids, max_threads}));
}

}  // namespace

namespace {

bool open_context(bool details, const Fd& proc_fd, ScanContext& ctx) {
  if (proc_fd.get() < 0) return false;
  ctx.proc_fd = proc_fd.get();
  ctx.clk_tck = ::sysconf(_SC_CLK_TCK);
  ctx.details = details;
  std::string buf;
  if (read_file_at(ctx.proc_fd, "stat", buf) == 0) ctx.btime = parse_btime(buf).value_or(0);
  return true;
}

// Runs work(result) on up to `n_threads` threads (the calling one included), one result each.
template <class Work>
std::vector<WorkerResult> run_workers(unsigned n_threads, Work work) {
  std::vector<WorkerResult> results(std::max(1u, n_threads));
  std::vector<std::jthread> helpers;
  for (std::size_t t = 1; t < results.size(); ++t) helpers.emplace_back(work, std::ref(results[t]));
  work(results[0]);
  return results;
}

// Orders the described processes, names their users and turns each link's pid into an index into
// scan.processes; links of processes that could not be described go.
void finish_scan(OwnerScan& scan, std::vector<WorkerResult> results, std::vector<InodeOwner> links, bool details) {
  std::size_t n_holders = 0;
  for (const WorkerResult& r : results) n_holders += r.holders.size();
  scan.processes.reserve(n_holders);
  for (WorkerResult& r : results) {
    scan.processes_denied += r.denied;
    for (const NsDescriptor& d : r.namespace_files) {
      if (std::ranges::find(scan.namespace_files, d.inode, &NsDescriptor::inode) == scan.namespace_files.end())
        scan.namespace_files.push_back(d);
    }
    std::move(r.holders.begin(), r.holders.end(), std::back_inserter(scan.processes));
  }
  results.clear();
  std::sort(scan.processes.begin(), scan.processes.end(),
            [](const Process& a, const Process& b) { return a.pid < b.pid; });
  if (details) {
    UserNames users;
    for (Process& p : scan.processes) p.user = users.name(p.uid);
  }

  std::size_t kept = 0;
  // Links come grouped by process: remember the last lookup.
  int last_pid = -1;
  std::ptrdiff_t last_index = -1;
  for (const InodeOwner& l : links) {
    const int pid = static_cast<int>(l.owner.process);
    if (pid != last_pid) {
      last_pid = pid;
      const auto it = std::lower_bound(scan.processes.begin(), scan.processes.end(), pid,
                                       [](const Process& p, int key) { return p.pid < key; });
      last_index = it == scan.processes.end() || it->pid != pid ? -1 : it - scan.processes.begin();
    }
    if (last_index < 0) continue;
    links[kept++] = {l.inode, Owner{static_cast<std::uint32_t>(last_index), l.owner.fd}};
  }
  links.resize(kept);
  scan.by_inode = OwnerIndex(std::move(links));
}

}  // namespace

OwnerScan scan_socket_owners(const std::string& proc_root, bool details, std::size_t expected_sockets,
                             unsigned max_threads, bool namespace_files) {
  OwnerScan scan;
  Fd proc_fd(::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ScanContext ctx;
  if (!open_context(details, proc_fd, ctx)) return scan;

  const std::vector<int> pids = list_pids(ctx.proc_fd);
  SharedLinks shared(expected_sockets);
  std::atomic<std::size_t> next{0};
  // Processes differ wildly in descriptor count, so threads take PIDs one at a time.
  auto results = run_workers(thread_count(pids.size(), max_threads), [&](WorkerResult& out) {
    std::string buf;
    std::vector<InodeOwner> batch;
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < pids.size();)
      scan_pid(ctx, pids[i], out, shared, batch, buf, namespace_files);
  });
  finish_scan(scan, std::move(results), shared.take(), details);
  return scan;
}

OwnerScan owners_from_links(std::vector<InodeOwner> links, const std::string& proc_root, bool details,
                            unsigned max_threads) {
  OwnerScan scan;
  Fd proc_fd(::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ScanContext ctx;
  if (!open_context(details, proc_fd, ctx)) return scan;

  std::vector<int> pids;
  for (const InodeOwner& l : links) {
    const int pid = static_cast<int>(l.owner.process);
    if (pids.empty() || pids.back() != pid) pids.push_back(pid);
  }
  std::sort(pids.begin(), pids.end());
  pids.erase(std::unique(pids.begin(), pids.end()), pids.end());

  std::atomic<std::size_t> next{0};
  // Describing costs a few reads per process: a second thread pays only for many processes.
  const unsigned threads = pids.size() < 64 ? 1u : thread_count(pids.size(), max_threads);
  auto results = run_workers(threads, [&](WorkerResult& out) {
    std::string buf;
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < pids.size();) {
      char name[16];
      std::snprintf(name, sizeof name, "%d", pids[i]);
      Fd pid_fd(::openat(ctx.proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (pid_fd.get() < 0) continue;  // exited since the iterator saw it
      Process p;
      if (describe_process(ctx, pids[i], pid_fd.get(), buf, p)) out.holders.push_back(std::move(p));
    }
  });
  finish_scan(scan, std::move(results), std::move(links), details);
  return scan;
}

}  // namespace sockscope
