// Joins endpoints to the processes holding them, by socket inode.
#include "model/attribute.hpp"

#include <algorithm>
#include <tuple>

namespace sockscope {

void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index,
                      const std::vector<Process>& processes) {
  for (Endpoint& e : endpoints) {
    e.owners.clear();
    // TIME_WAIT and request sockets report inode 0; no process holds them.
    if (e.inode == 0) continue;
    for (const InodeOwner& h : index.holders(e.inode)) {
      if (h.owner.process < processes.size()) e.owners.push_back(h.owner);
    }
    // The common case, one holder, is done; the index is ordered by process index, which need
    // not be pid order.
    if (e.owners.size() < 2) continue;
    const auto key = [&](const Owner& o) { return std::tuple(processes[o.process].pid, o.fd); };
    std::sort(e.owners.begin(), e.owners.end(), [&](const Owner& a, const Owner& b) { return key(a) < key(b); });
    // The same descriptor reported twice (e.g. an index built from overlapping scans) is one holder.
    e.owners.erase(std::unique(e.owners.begin(), e.owners.end(),
                               [&](const Owner& a, const Owner& b) { return key(a) == key(b); }),
                   e.owners.end());
  }
}

}  // namespace sockscope
