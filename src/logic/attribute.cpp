// Joins endpoints to the processes holding them, by socket inode.
#include "logic/attribute.hpp"

#include <algorithm>
#include <tuple>


namespace sockscope {

void attribute_owners(std::vector<Endpoint>& endpoints,
                      const std::unordered_map<std::uint64_t, std::vector<Owner>>& by_inode,
                      const std::vector<Process>& processes) {
  for (Endpoint& e : endpoints) {
    e.owners.clear();
    // TIME_WAIT and request sockets report inode 0; no process holds them.
    if (e.inode == 0) continue;
    const auto it = by_inode.find(e.inode);
    if (it == by_inode.end()) continue;
    for (const Owner& o : it->second) {
      if (o.process < processes.size()) e.owners.push_back(o);
    }
    std::sort(e.owners.begin(), e.owners.end(), [&](const Owner& a, const Owner& b) {
      return std::tuple(processes[a.process].pid, a.fd) < std::tuple(processes[b.process].pid, b.fd);
    });
    // The same descriptor reported twice (e.g. an index built from overlapping scans) is one holder.
    e.owners.erase(std::unique(e.owners.begin(), e.owners.end(),
                               [&](const Owner& a, const Owner& b) {
                                 return processes[a.process].pid == processes[b.process].pid && a.fd == b.fd;
                               }),
                   e.owners.end());
  }
}

}  // namespace sockscope
