// Parsers for the kernel's per-protocol socket counts (/proc/net/protocols, /proc/net/sockstat).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sockscope {

// Sockets in use in the reader's network namespace, per protocol family the collectors dump.
// Used to size buffers before a dump, so a count that is a little off only costs a reallocation.
struct SocketCounts {
  std::size_t tcp = 0, tcp6 = 0, udp = 0, udp6 = 0, raw = 0, raw6 = 0;
  std::size_t unix_sockets = 0;  // UNIX plus UNIX-STREAM (kernels 6.x count them apart)
  std::size_t tcp_time_wait = 0; // not in TCP's count: time-wait sockets are not full sockets
  bool found = false;            // some protocol row was recognised
};

// Adds the "sockets" column of /proc/net/protocols rows (header, then one row per protocol:
// name, size, sockets, ...) to `counts`. Unknown protocols and malformed rows are skipped.
void add_protocol_counts(std::string_view protocols_text, SocketCounts& counts);

// Sets counts.tcp_time_wait from the "TCP: inuse N orphan N tw N ..." line of /proc/net/sockstat.
void add_sockstat_counts(std::string_view sockstat_text, SocketCounts& counts);

// The open files of the whole host, from /proc/sys/fs/file-nr ("allocated  free  maximum"): the
// first number. An upper bound of the descriptors a /proc fd scan reads. nullopt if malformed.
std::optional<std::size_t> parse_open_files(std::string_view file_nr_text);

}  // namespace sockscope
