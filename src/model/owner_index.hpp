// Socket inode -> holding processes: a flat sorted array with an open-addressing table over it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {

// One socket descriptor: inode `inode` is open in process `owner.process` as fd `owner.fd`.
struct InodeOwner {
  std::uint64_t inode = 0;
  Owner owner;
  friend bool operator==(const InodeOwner&, const InodeOwner&) = default;
};

// Built once per collection from every socket descriptor found. Compared with a node-based
// std::unordered_map<inode, std::vector<Owner>> (about 100 bytes and two allocations per socket),
// this holds 16 bytes per descriptor plus 4-6 bytes per distinct inode, in two allocations, and a
// lookup touches two cache lines.
class OwnerIndex {
 public:
  OwnerIndex() = default;
  // Any order; sorted here by (inode, process, fd). Exact duplicates are kept (attribution drops them).
  explicit OwnerIndex(std::vector<InodeOwner> entries);

  // The descriptors holding `inode`, ordered by (process, fd); empty if none.
  std::span<const InodeOwner> holders(std::uint64_t inode) const;
  bool contains(std::uint64_t inode) const { return !holders(inode).empty(); }

  std::size_t inode_count() const { return inodes_; }        // distinct inodes
  std::span<const InodeOwner> entries() const { return entries_; }  // sorted by (inode, process, fd)
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<InodeOwner> entries_;
  std::vector<std::uint32_t> slots_;  // 1 + index of an inode's first entry; 0 = free
  std::size_t inodes_ = 0;
  unsigned shift_ = 64;               // hash bits = 64 - shift_
};

}  // namespace sockscope
