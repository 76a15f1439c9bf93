// How many endpoints a collection pass will find, from the kernel's per-protocol counters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "collect/query.hpp"
#include "parse/socket_counts.hpp"

namespace sockscope {

// The kernel's per-protocol socket counters, from <proc_root>/net/protocols and sockstat: two
// small reads. counts.found is false when they cannot be read.
SocketCounts read_socket_counts(const std::string& proc_root = "/proc");

// An estimate (with some slack) of the rows a dump per `query` returns. Reserving this up front
// saves the doubling growth of the endpoint vector, whose old and new blocks would otherwise both
// be live at the peak (at 100k sockets, tens of MiB). 0 when the counters were not read.
std::size_t estimate_endpoint_count(const SocketQuery& query, const SocketCounts& counts);

// Open files on the whole host (<proc_root>/sys/fs/file-nr): what a /proc fd scan will read at
// most, since it covers every process. nullopt when it cannot be read.
std::optional<std::size_t> estimate_open_files(const std::string& proc_root = "/proc");

}  // namespace sockscope
