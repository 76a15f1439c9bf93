// Reading netstat's BSD displays from /proc: socket memory (-m), multicast routing (-g), routing statistics.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/netstat_tables.hpp"
#include "parse/netstat_extras.hpp"

namespace sockscope {

// proc_root is "/proc" except in tests. A file the kernel lacks is left out (the optional empty or
// the flag false); a file that exists but cannot be read or parsed is an error naming it.
Result<SocketMemory> read_socket_memory(const std::string& proc_root = "/proc");
Result<MulticastRouting> read_multicast_routing(const std::string& proc_root = "/proc");
Result<RoutingStatistics> read_routing_statistics(const std::string& proc_root = "/proc");

}  // namespace sockscope
