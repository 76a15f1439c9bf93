// Walks /proc/PID/stat's ppid links upwards, describing each process on the way.
#include "collect/process_ancestry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "collect/proc_read_file.hpp"
#include "parse/cgroup.hpp"
#include "parse/proc_pid.hpp"

namespace sockscope {

namespace {

std::string read_link(int dir_fd, const char* name) {
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

bool describe(int proc_fd, int pid, std::string& buf, Process& p) {
  char name[16];
  std::snprintf(name, sizeof name, "%d", pid);
  const int dir = ::openat(proc_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return false;
  bool ok = false;
  if (read_file_at(dir, "stat", buf) == 0) {
    if (auto stat = parse_proc_stat(buf)) {
      ok = true;
      p.pid = pid;
      p.ppid = stat->ppid;
      p.name = std::move(stat->comm);
      p.start_ticks = stat->starttime;
      if (read_file_at(dir, "status", buf) == 0) p.uid = parse_status_uid(buf).value_or(0);
      if (read_file_at(dir, "cmdline", buf) == 0) p.cmdline = parse_cmdline(buf);
      if (read_file_at(dir, "cgroup", buf) == 0) p.unit = unit_from_cgroup(buf);
      p.exe = read_link(dir, "exe");
    }
  }
  ::close(dir);
  return ok;
}

}  // namespace

Process read_process(int pid, const std::string& proc_root) {
  Process p;
  if (pid <= 0) return p;
  const int proc_fd = ::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) return p;
  std::string buf;
  if (!describe(proc_fd, pid, buf, p)) p = Process{};
  ::close(proc_fd);
  return p;
}

std::vector<Process> read_ancestry(int pid, const std::string& proc_root) {
  std::vector<Process> chain;
  if (pid <= 0) return chain;
  const int proc_fd = ::open(proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) return chain;
  std::string buf;
  for (int next = pid; next > 0 && chain.size() < kMaxAncestry;) {
    // A pid seen before means the tree changed under us (or is fake): stop rather than loop.
    if (std::any_of(chain.begin(), chain.end(), [&](const Process& p) { return p.pid == next; })) break;
    Process p;
    if (!describe(proc_fd, next, buf, p)) break;
    next = p.ppid;
    chain.push_back(std::move(p));
  }
  ::close(proc_fd);
  return chain;
}

}  // namespace sockscope
