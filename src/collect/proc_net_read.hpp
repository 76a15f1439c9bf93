// Socket enumeration from the /proc/net tables: the fallback source, and raw sockets always.
#pragma once

#include <string>
#include <vector>

#include "collect/query.hpp"
#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

// Reads /proc/net/{tcp,tcp6,udp,udp6,unix} per the query (raw excluded). proc_root is "/proc"
// except in tests. Missing tables (e.g. no IPv6) are skipped, not errors.
Result<std::vector<Endpoint>> read_proc_net(const SocketQuery& query, const std::string& proc_root = "/proc");

// Reads /proc/net/raw and raw6 per the query's inet4/inet6.
std::vector<Endpoint> read_proc_raw(const SocketQuery& query, const std::string& proc_root = "/proc");

}  // namespace sockscope
