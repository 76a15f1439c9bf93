// Joins endpoints to the processes holding them, by socket inode.
#pragma once

#include <vector>

#include "model/owner_index.hpp"
#include "model/endpoint.hpp"
#include "model/process.hpp"

namespace sockscope {

// Sets Endpoint::owners from the inode index; endpoints with inode 0 or no holder get none.
// Owners are ordered by (pid, fd); owners whose process index is out of range, and repeats of one
// (pid, fd), are dropped.
void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index,
                      const std::vector<Process>& processes);

}  // namespace sockscope
