// Whole-file reads for /proc relative to a directory fd.
#include "collect/proc_read_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace sockscope {

int read_file_at(int dirfd, const char* path, std::string& out) {
  out.clear();
  const int fd = ::openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno;
  std::size_t used = 0;
  if (out.capacity() < 4096) out.reserve(4096);
  out.resize(out.capacity());
  int err = 0;
  while (true) {
    if (used == out.size()) out.resize(out.size() * 2);
    const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n > 0) {
      used += static_cast<std::size_t>(n);
    } else if (n == 0) {
      break;
    } else if (errno != EINTR) {
      err = errno;
      break;
    }
  }
  ::close(fd);
  out.resize(err ? 0 : used);
  return err;
}

}  // namespace sockscope
