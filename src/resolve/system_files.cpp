// Loading /etc/services and /etc/hosts.
#include "resolve/system_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

namespace sockscope {

namespace {

// Ad-blocking hosts files reach a few MB; far beyond that something is wrong.
constexpr std::size_t kMaxFileSize = 64u << 20;

// nullopt = the file does not exist.
Result<std::optional<std::string>> read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
    const int err = errno;
    return fail("cannot open " + path + ": " + std::strerror(err), err);
  }
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail("cannot read " + path + ": " + std::strerror(err), err);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > kMaxFileSize) {
      ::close(fd);
      return fail(path + " is larger than 64 MiB", EFBIG);
    }
  }
  ::close(fd);
  return std::optional<std::string>(std::move(text));
}

}  // namespace

Result<ServiceTable> load_services(const std::string& path) {
  auto text = read_small_file(path);
  if (!text) return std::unexpected(text.error());
  if (!*text) return ServiceTable{};
  return parse_services(**text);
}

Result<HostTable> load_hosts(const std::string& path) {
  auto text = read_small_file(path);
  if (!text) return std::unexpected(text.error());
  if (!*text) return HostTable{};
  return parse_hosts(**text);
}

}  // namespace sockscope
