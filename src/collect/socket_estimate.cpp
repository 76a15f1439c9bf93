// Estimating a dump's size from /proc/net/protocols and /proc/net/sockstat.
#include "collect/socket_estimate.hpp"

#include <fcntl.h>

#include "collect/proc_read_file.hpp"
#include "parse/socket_counts.hpp"

namespace sockscope {

SocketCounts read_socket_counts(const std::string& proc_root) {
  SocketCounts c;
  std::string buf;
  if (read_file_at(AT_FDCWD, (proc_root + "/net/protocols").c_str(), buf) == 0) add_protocol_counts(buf, c);
  if (c.found && read_file_at(AT_FDCWD, (proc_root + "/net/sockstat").c_str(), buf) == 0) add_sockstat_counts(buf, c);
  return c;
}

std::size_t estimate_endpoint_count(const SocketQuery& q, const SocketCounts& c) {
  if (!c.found) return 0;
  const bool time_wait = (q.tcp_states & state_bit(TcpState::TimeWait)) != 0;
  std::size_t n = 0;
  if (q.tcp && q.tcp_states != 0) {
    n += (q.inet4 ? c.tcp : 0) + (q.inet6 ? c.tcp6 : 0);
    if (time_wait) n += c.tcp_time_wait;  // one count for both families
  }
  if (q.udp) n += (q.inet4 ? c.udp : 0) + (q.inet6 ? c.udp6 : 0);
  if (q.raw) n += (q.inet4 ? c.raw : 0) + (q.inet6 ? c.raw6 : 0);
  if (q.unix_sockets) n += c.unix_sockets;
  // Slack for sockets opened between this read and the dump, and for request (SYN_RECV) sockets,
  // which no counter covers. Reserved but untouched pages of a large block cost no memory.
  return n + n / 8 + 64;
}

std::optional<std::size_t> estimate_open_files(const std::string& proc_root) {
  std::string buf;
  if (read_file_at(AT_FDCWD, (proc_root + "/sys/fs/file-nr").c_str(), buf) != 0) return std::nullopt;
  return parse_open_files(buf);
}

}  // namespace sockscope
