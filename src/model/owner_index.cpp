// OwnerIndex: sort the (inode, owner) pairs once, then hash each distinct inode to its first pair.
#include "model/owner_index.hpp"

#include <algorithm>
#include <bit>
#include <tuple>

namespace sockscope {
namespace {

// Fibonacci hashing: socket inodes are nearly consecutive numbers, which the multiply spreads.
std::size_t slot_of(std::uint64_t inode, unsigned shift) {
  return static_cast<std::size_t>((inode * 0x9E3779B97F4A7C15ull) >> shift);
}

}  // namespace

OwnerIndex::OwnerIndex(std::vector<InodeOwner> entries) : entries_(std::move(entries)) {
  std::sort(entries_.begin(), entries_.end(), [](const InodeOwner& a, const InodeOwner& b) {
    return std::tie(a.inode, a.owner.process, a.owner.fd) < std::tie(b.inode, b.owner.process, b.owner.fd);
  });
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (i == 0 || entries_[i].inode != entries_[i - 1].inode) ++inodes_;
  }
  if (inodes_ == 0) return;
  // Load factor at most 0.8: linear probing stays within a cache line or two.
  const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, inodes_ + inodes_ / 4));
  shift_ = 64u - static_cast<unsigned>(std::countr_zero(size));
  slots_.assign(size, 0);
  const std::size_t mask = size - 1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0 && entries_[i].inode == entries_[i - 1].inode) continue;
    std::size_t s = slot_of(entries_[i].inode, shift_);
    while (slots_[s] != 0) s = (s + 1) & mask;
    slots_[s] = static_cast<std::uint32_t>(i + 1);
  }
}

std::span<const InodeOwner> OwnerIndex::holders(std::uint64_t inode) const {
  if (slots_.empty()) return {};
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = slot_of(inode, shift_);; s = (s + 1) & mask) {
    const std::uint32_t v = slots_[s];
    if (v == 0) return {};
    const std::size_t first = v - 1;
    if (entries_[first].inode != inode) continue;
    std::size_t last = first + 1;
    while (last < entries_.size() && entries_[last].inode == inode) ++last;
    return std::span<const InodeOwner>(entries_).subspan(first, last - first);
  }
}

}  // namespace sockscope
