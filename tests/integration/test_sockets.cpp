// Sockets the integration tests make for themselves, and small text helpers for reading tool output.
#include "test_sockets.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <sstream>

namespace sockscope::testing {

bool make_address(const std::string& addr, int port, sockaddr_storage& ss, socklen_t& len) {
  ss = {};
  if (addr.find(':') != std::string::npos) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof *sa;
    return inet_pton(AF_INET6, addr.c_str(), &sa->sin6_addr) == 1;
  }
  auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
  sa->sin_family = AF_INET;
  sa->sin_port = htons(static_cast<std::uint16_t>(port));
  len = sizeof *sa;
  return inet_pton(AF_INET, addr.c_str(), &sa->sin_addr) == 1;
}

namespace {

// A socket of `type` bound to addr:port, or -1.
int bound_socket(int type, const std::string& addr, int port) {
  sockaddr_storage ss;
  socklen_t len = 0;
  if (!make_address(addr, port, ss, len)) return -1;
  int fd = socket(ss.ss_family, type, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

int tcp_listen(const std::string& addr, int port, int backlog) {
  int fd = bound_socket(SOCK_STREAM, addr, port);
  if (fd >= 0 && listen(fd, backlog) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int tcp_bound(const std::string& addr, int port) { return bound_socket(SOCK_STREAM, addr, port); }

int tcp_connect(const std::string& addr, int port) {
  sockaddr_storage ss;
  socklen_t len = 0;
  if (!make_address(addr, port, ss, len)) return -1;
  int fd = socket(ss.ss_family, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (connect(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int udp_bind(const std::string& addr, int port) { return bound_socket(SOCK_DGRAM, addr, port); }

int unix_listen(const std::string& path) {
  sockaddr_un sa{};
  if (path.empty() || path.size() >= sizeof sa.sun_path) return -1;
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sa.sun_family = AF_UNIX;
  std::memcpy(sa.sun_path, path.data(), path.size());
  if (path[0] == '@') sa.sun_path[0] = '\0';
  const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + path.size());
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), len) != 0 || listen(fd, 4) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int local_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return -1;
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return -1;
}

std::uint64_t socket_inode(int fd) {
  struct stat st{};
  return fstat(fd, &st) == 0 ? st.st_ino : 0;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace sockscope::testing
