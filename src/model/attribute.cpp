// Joins endpoints to the processes holding them, by socket inode (and namespace, where known).
#include "model/attribute.hpp"

#include <algorithm>
#include <tuple>

namespace sockscope {

namespace {

void attribute_one(Endpoint& e, std::uint64_t lookup, const OwnerIndex& index, const std::vector<Process>& processes) {
  e.owners.clear();
  // TIME_WAIT and request sockets report inode 0; no process holds them.
  if (e.inode == 0) return;
  for (const InodeOwner& h : index.holders(lookup)) {
    if (h.owner.process < processes.size()) e.owners.push_back(h.owner);
  }
  // The common case, one holder, is done; the index is ordered by process index, which need
  // not be pid order.
  if (e.owners.size() < 2) return;
  const auto key = [&](const Owner& o) { return std::tuple(processes[o.process].pid, o.fd); };
  std::sort(e.owners.begin(), e.owners.end(), [&](const Owner& a, const Owner& b) { return key(a) < key(b); });
  // The same descriptor reported twice (e.g. an index built from overlapping scans) is one holder.
  e.owners.erase(std::unique(e.owners.begin(), e.owners.end(),
                             [&](const Owner& a, const Owner& b) { return key(a) == key(b); }),
                 e.owners.end());
}

}  // namespace

void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index,
                      const std::vector<Process>& processes) {
  for (Endpoint& e : endpoints) attribute_one(e, e.inode, index, processes);
}

void attribute_owners(std::vector<Endpoint>& endpoints, const OwnerIndex& index, const std::vector<Process>& processes,
                      std::span<const NetnsRows> rows, std::uint64_t other_netns) {
  std::vector<NetnsRows> ranges(rows.begin(), rows.end());
  std::ranges::sort(ranges, {}, &NetnsRows::begin);
  auto range = ranges.begin();
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    while (range != ranges.end() && range->end <= i) ++range;
    const bool inside = range != ranges.end() && range->begin <= i;
    attribute_one(endpoints[i], socket_key(inside ? range->netns : other_netns, endpoints[i].inode), index, processes);
  }
}

}  // namespace sockscope
