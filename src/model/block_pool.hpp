// Fixed-size blocks carved from big slabs, for values that come by the hundred thousand.
#pragma once

#include <cstddef>
#include <mutex>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace sockscope {

// Whether this build checks memory with AddressSanitizer (gcc and clang spell it differently).
#if defined(__SANITIZE_ADDRESS__)
#define SOCKSCOPE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SOCKSCOPE_ASAN 1
#endif
#endif
#if defined(SOCKSCOPE_ASAN)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// A thread-safe free list of equal blocks. At 100k TCP sockets with tcp_info, one malloc per
// socket cost ~30 ms (chunk headers, bins, and thousands of first-touch page faults on this kind of
// VM); here a block costs a pointer pop, carries no header, and slabs from 2 MiB on are offered to
// the kernel as transparent huge pages. Blocks go back to the free list for reuse (the live view
// allocates the same number every refresh); slabs are unmapped only when the pool is destroyed.
// Under AddressSanitizer the free blocks and the untouched rest of each slab are poisoned, so a use
// after free or a write past the newest block is still reported.
class BlockPool {
 public:
  static constexpr std::size_t kMaxAlign = 4096;  // slabs below 2 MiB are only page-aligned

  BlockPool(std::size_t block_size, std::size_t block_align);  // block_align <= kMaxAlign
  ~BlockPool();
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
  std::vector<std::pair<std::byte*, std::size_t>> slabs_;
};

// One pool per block type for the whole process, never destroyed: values held by objects with
// static storage can be freed after main returns. Only for values that own no other memory:
// LeakSanitizer does not look inside slabs for pointers.
template <class T>
BlockPool& pool_for() {
  static_assert(std::is_trivially_destructible_v<T>, "pooled values must own no other memory");
  static_assert(alignof(T) <= BlockPool::kMaxAlign);
  static BlockPool& pool = *new BlockPool(sizeof(T), alignof(T));
  return pool;
}

}  // namespace sockscope
