// Joins endpoints to the processes holding them, by socket inode (and namespace, where known).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "model/owner_index.hpp"
#include "model/endpoint.hpp"
#include "model/netns.hpp"
#include "model/process.hpp"

namespace sockscope {

// Sets Endpoint::owners from the inode index; endpoints with inode 0 or no holder get none.
// Owners are ordered by (pid, fd); owners whose process index is out of range, and repeats of one
// (pid, fd), are dropped.
void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index,
                      const std::vector<Process>& processes);

// The same for an index keyed by socket_key(namespace, inode): each endpoint is looked up in the
// namespace it was dumped from — `rows` gives the namespace of ranges of `endpoints`, and those in
// no range are in `other_netns` (the collecting thread's own).
void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index, const std::vector<Process>& processes,
                      std::span<const NetnsRows> rows, std::uint64_t other_netns);

// Whether one socket inode number appears in the rows of two namespaces. sockfs numbers sockets
// from one host-wide counter, so that happens only once it has wrapped around; only then does the
// owner join need each socket's namespace (reading it costs the eBPF walk three reads per socket).
bool inode_shared_across_namespaces(const std::vector<Endpoint>& endpoints, std::span<const NetnsRows> rows);

}  // namespace sockscope
