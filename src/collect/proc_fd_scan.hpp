// Finds which processes hold which sockets by reading /proc/PID/fd links, and describes those processes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/endpoint.hpp"
#include "model/process.hpp"

namespace sockscope {

struct OwnerScan {
  std::vector<Process> processes;  // only processes holding at least one socket
  std::unordered_map<std::uint64_t, std::vector<Owner>> by_inode;  // socket inode -> holders
  int processes_denied = 0;  // processes whose fd directory could not be read (EACCES/EPERM)
};

// Vanishing processes and descriptors are skipped silently.
OwnerScan scan_socket_owners(const std::string& proc_root = "/proc");

}  // namespace sockscope
