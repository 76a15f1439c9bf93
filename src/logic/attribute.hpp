// Joins endpoints to the processes holding them, by socket inode.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "model/endpoint.hpp"
#include "model/process.hpp"

namespace sockscope {

// Sets Endpoint::owners from the inode index; endpoints with inode 0 or no holder get none.
// Owners are ordered by (pid, fd).
void attribute_owners(std::vector<Endpoint>& endpoints,
                      const std::unordered_map<std::uint64_t, std::vector<Owner>>& by_inode,
                      const std::vector<Process>& processes);

}  // namespace sockscope
