// Fixed-size blocks carved from big slabs, for values that come by the hundred thousand.
#pragma once

#include <cstddef>
#include <mutex>
#include <new>
#include <type_traits>

namespace sockscope {

// A thread-safe free list of equal blocks. At 100k TCP sockets with tcp_info, one malloc per
// socket cost ~30 ms (chunk headers, bins, and thousands of first-touch page faults on this kind of
// VM); here a block costs a pointer pop, carries no header, and slabs from 2 MiB on are offered to
// the kernel as transparent huge pages. Blocks go back to the free list for reuse (the live view
// allocates the same number every refresh); slabs are kept for the life of the process.
// Under AddressSanitizer a free block is poisoned, so a use after free is still reported.
class BlockPool {
 public:
  BlockPool(std::size_t block_size, std::size_t block_align);
  BlockPool(const BlockPool&) = delete;
  BlockPool& operator=(const BlockPool&) = delete;

  void* allocate();  // throws std::bad_alloc when the kernel refuses a slab
  void deallocate(void* p) noexcept;

  std::size_t block_size() const noexcept { return block_; }
  std::size_t slab_bytes() const;  // reserved so far (for tests and diagnostics)

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  void add_slab();  // with mu_ held

  const std::size_t block_;
  mutable std::mutex mu_;
  FreeBlock* free_ = nullptr;
  std::byte* bump_ = nullptr;  // untouched part of the newest slab
  std::byte* end_ = nullptr;
  std::size_t next_slab_ = 0;  // size of the next slab
  std::size_t reserved_ = 0;
};

// One pool per block type for the whole process, never destroyed: values held by objects with
// static storage can be freed after main returns. Only for values that own no other memory:
// LeakSanitizer does not look inside slabs for pointers.
template <class T>
BlockPool& pool_for() {
  static_assert(std::is_trivially_destructible_v<T>, "pooled values must own no other memory");
  static BlockPool& pool = *new BlockPool(sizeof(T), alignof(T));
  return pool;
}

}  // namespace sockscope
