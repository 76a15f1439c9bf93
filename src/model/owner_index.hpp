// Socket inode -> holding processes: a flat sorted array with an open-addressing table over it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {

// A socket's key for the owner join when the namespace it lives in is known (the eBPF iterator
// reads it from the socket itself): the namespace's inode in the upper half, the socket's in the
// lower. sockfs numbers sockets from one host-wide 32-bit counter (the kernel's get_next_ino), so
// the inode alone is unique only until that counter wraps; with its namespace a socket can no
// longer take another namespace's row of the same number. Namespace inodes are 32-bit too (nsfs,
// proc_inum). An inode beyond 32 bits (no sockfs inode is) is kept whole, namespace left out.
constexpr std::uint64_t socket_key(std::uint64_t netns, std::uint64_t inode) {
  return inode > 0xffffffffu || netns > 0xffffffffu ? inode : (netns << 32) | inode;
}

// One socket descriptor: inode `inode` is open in process `owner.process` as fd `owner.fd`.
// (`inode` holds a socket_key where the scan knew each socket's namespace; OwnerScan says which.)
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
