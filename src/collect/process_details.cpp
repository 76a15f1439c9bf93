// /proc/PID/cwd, /proc/PID/cgroup and the parent chain of one process.
#include "collect/process_details.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "collect/proc_read_file.hpp"
#include "collect/process_ancestry.hpp"

namespace sockscope {

namespace {

std::string why(int err) {
  if (err == EACCES || err == EPERM) return "not permitted (another user's process: run as root)";
  if (err == ENOENT || err == ESRCH) return "the process has exited";
  return std::strerror(err);
}

}  // namespace

ProcessDetails read_process_details(int pid, const std::string& proc_root) {
  ProcessDetails d;
  const std::string dir = proc_root + "/" + std::to_string(pid);
  std::string problems;
  auto note = [&](const char* what, int err) {
    if (!problems.empty()) problems += "; ";
    problems += std::string(what) + ": " + why(err);
  };

  std::string link(4096, '\0');
  for (;;) {
    const ssize_t n = readlink((dir + "/cwd").c_str(), link.data(), link.size());
    if (n < 0) {
      note("working directory", errno);
      link.clear();
      break;
    }
    if (static_cast<std::size_t>(n) < link.size()) {
      link.resize(static_cast<std::size_t>(n));
      break;
    }
    link.resize(link.size() * 2);
  }
  d.cwd = std::move(link);

  if (const int err = read_file_at(AT_FDCWD, (dir + "/cgroup").c_str(), d.cgroup); err != 0) {
    d.cgroup.clear();
    note("cgroup", err);
  }
  d.ancestry = read_ancestry(pid, proc_root);
  d.error = std::move(problems);
  return d;
}

}  // namespace sockscope
