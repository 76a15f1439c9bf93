// Where a snapshot's rows are (namespace of a row by binary search) and what a namespace is called.
#include "model/netns.hpp"

#include <algorithm>
#include <functional>

#include "model/snapshot.hpp"

namespace sockscope {

std::string_view netns_label(const NetnsInfo* info, std::uint64_t inode, std::uint64_t init_inode) {
  if (info && !info->names.empty()) return info->names.front();
  if (info && !info->container_name.empty()) return info->container_name;
  if (inode != 0 && inode == init_inode) return "host";
  return {};
}

namespace {
// The range holding row `index`, or null.
const NetnsRows* rows_of(const std::vector<NetnsRows>& rows, std::size_t index) {
  // Ranges are ordered by begin (one per namespace dumped, the raw rows' after them).
  auto it = std::ranges::upper_bound(rows, index, {}, &NetnsRows::begin);
  if (it == rows.begin()) return nullptr;
  --it;
  return index < it->end ? &*it : nullptr;
}
}  // namespace

std::uint64_t Snapshot::netns_inode_of(std::size_t index) const {
  if (index >= endpoints.size()) return 0;
  if (netns_rows.empty()) return current_netns;  // only the current namespace was collected
  const NetnsRows* r = rows_of(netns_rows, index);
  return r ? r->netns : 0;
}

const NetnsInfo* Snapshot::netns_of(std::size_t index) const {
  if (index >= endpoints.size() || netns_rows.empty()) return nullptr;
  const NetnsRows* r = rows_of(netns_rows, index);
  if (!r) return nullptr;
  // The collector lists namespaces in the order of their ranges: usually a direct hit.
  const auto at = static_cast<std::size_t>(r - netns_rows.data());
  if (at < namespaces.size() && namespaces[at].inode == r->netns) return &namespaces[at];
  const auto it = std::ranges::find(namespaces, r->netns, &NetnsInfo::inode);
  return it == namespaces.end() ? nullptr : &*it;
}

namespace {
// endpoints.size() (out of range) for an endpoint not held in `endpoints`.
std::size_t index_in(const std::vector<Endpoint>& endpoints, const Endpoint& e) {
  const Endpoint* p = &e;
  if (endpoints.empty() || std::less<>{}(p, endpoints.data()) || !std::less<>{}(p, endpoints.data() + endpoints.size())) {
    return endpoints.size();
  }
  return static_cast<std::size_t>(p - endpoints.data());
}
}  // namespace

std::uint64_t Snapshot::netns_inode_of(const Endpoint& e) const { return netns_inode_of(index_in(endpoints, e)); }
const NetnsInfo* Snapshot::netns_of(const Endpoint& e) const { return netns_of(index_in(endpoints, e)); }

}  // namespace sockscope
