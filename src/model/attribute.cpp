// Joins endpoints to the processes holding them, by socket inode (and namespace, where known).
#include "model/attribute.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

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

bool inode_shared_across_namespaces(const std::vector<Endpoint>& endpoints, std::span<const NetnsRows> rows) {
  if (rows.size() < 2) return false;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> seen;  // (inode, namespace)
  for (const NetnsRows& r : rows) {
    for (std::size_t i = r.begin; i < r.end && i < endpoints.size(); ++i) {
      if (endpoints[i].inode != 0) seen.emplace_back(endpoints[i].inode, r.netns);
    }
  }
  std::ranges::sort(seen);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    if (seen[i].first == seen[i - 1].first && seen[i].second != seen[i - 1].second) return true;
  }
  return false;
}

}  // namespace sockscope
