// Sockets the integration tests make for themselves, and small text helpers for reading tool output.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sockscope::testing {

// The address (IPv4 or IPv6 text) and port as a sockaddr of the right family; false when it does not parse.
bool make_address(const std::string& addr, int port, sockaddr_storage& ss, socklen_t& len);

// Each returns the descriptor, or -1 on failure. The family follows the address: one with a ':' is
// IPv6. Port 0 lets the kernel choose (read it back with local_port).
int tcp_listen(const std::string& addr, int port, int backlog = 16);
int tcp_bound(const std::string& addr, int port);  // bound, not listening: the kernel's BOUND state
int tcp_connect(const std::string& addr, int port);
int udp_bind(const std::string& addr, int port);
// A listening UNIX stream socket; a leading '@' makes it abstract.
int unix_listen(const std::string& path);

int local_port(int fd);              // -1 when unknown
std::uint64_t socket_inode(int fd);  // 0 when unknown

std::vector<std::string> split_lines(const std::string& text);  // without the newlines, no empty last line
std::vector<std::string> split_words(const std::string& line);  // on runs of blanks

}  // namespace sockscope::testing
