#include "model/block_pool.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#if defined(SOCKSCOPE_ASAN)  // from block_pool.hpp
#include <sanitizer/asan_interface.h>
#define SS_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define SS_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SS_POISON(p, n) ((void)(p), (void)(n))
#define SS_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace sockscope {
namespace {

constexpr std::size_t kFirstSlab = 64 * 1024;
constexpr std::size_t kHugePage = 2 * 1024 * 1024;  // x86-64 and arm64 (4 KiB pages) PMD size

std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

// A private anonymous mapping of `bytes`; from kHugePage on, aligned to it and advised as huge
// pages (a no-op where THP is off), so 100k blocks fault in a handful of pages, not thousands.
std::byte* map_slab(std::size_t bytes) {
  if (bytes < kHugePage) {
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return static_cast<std::byte*>(p);
  }
  const std::size_t span = bytes + kHugePage;
  void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = round_up(start, kHugePage);
  if (aligned > start) ::munmap(raw, aligned - start);
  const std::uintptr_t tail = aligned + bytes;
  if (start + span > tail) ::munmap(reinterpret_cast<void*>(tail), start + span - tail);
  auto* p = reinterpret_cast<std::byte*>(aligned);
  ::madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

}  // namespace

BlockPool::BlockPool(std::size_t block_size, std::size_t block_align)
    : block_(round_up(std::max(block_size, sizeof(FreeBlock)), std::max(block_align, alignof(FreeBlock)))),
      next_slab_(kFirstSlab) {
  if (block_align > kMaxAlign) throw std::invalid_argument("BlockPool: alignment above a page");
}

BlockPool::~BlockPool() {
  for (const auto& [p, bytes] : slabs_) {
    SS_UNPOISON(p, bytes);  // the addresses may be mapped again by anyone
    ::munmap(p, bytes);
  }
}

void BlockPool::add_slab() {
  const std::size_t bytes = std::max(next_slab_, round_up(block_, 4096));
  slabs_.reserve(slabs_.size() + 1);  // before mapping: nothing to undo if this throws
  bump_ = map_slab(bytes);
  end_ = bump_ + bytes;
  slabs_.emplace_back(bump_, bytes);
  SS_POISON(bump_, bytes);  // handed out block by block
  reserved_ += bytes;
  next_slab_ = std::min(next_slab_ * 2, kHugePage);
}

void* BlockPool::allocate() {
  std::lock_guard lock(mu_);
  if (free_ != nullptr) {
    FreeBlock* b = free_;
    SS_UNPOISON(b, block_);
    free_ = b->next;
    return b;
  }
  if (static_cast<std::size_t>(end_ - bump_) < block_) add_slab();
  void* p = bump_;
  bump_ += block_;
  SS_UNPOISON(p, block_);
  return p;
}

void BlockPool::deallocate(void* p) noexcept {
  if (p == nullptr) return;
  std::lock_guard lock(mu_);
  free_ = ::new (p) FreeBlock{free_};
  SS_POISON(p, block_);
}

std::size_t BlockPool::slab_bytes() const {
  std::lock_guard lock(mu_);
  return reserved_;
}

}  // namespace sockscope
