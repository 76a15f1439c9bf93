// The processes holding one socket: a vector-like list that keeps a single owner inline, without a heap block.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>

namespace sockscope {

// A process holding the socket through file descriptor `fd`; `process` indexes Snapshot::processes.
struct Owner {
  std::uint32_t process = 0;
  int fd = -1;
  friend bool operator==(const Owner&, const Owner&) = default;
};

// Almost every socket has exactly one holder: std::vector would cost 24 bytes plus a 32-byte heap
// block per socket (about 5 MiB at 100k sockets); this is 12 bytes, 4-aligned (it packs into
// Endpoint's 4-byte fields), and allocates only for two or more owners. The interface is the part
// of std::vector that callers use; iterators are pointers.
class OwnerList {
 public:
  using value_type = Owner;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using reference = Owner&;
  using const_reference = const Owner&;
  using pointer = Owner*;
  using const_pointer = const Owner*;
  using iterator = Owner*;
  using const_iterator = const Owner*;

  OwnerList() noexcept = default;
  OwnerList(std::initializer_list<Owner> owners) { assign(owners.begin(), owners.end()); }
  OwnerList(const OwnerList& other) { assign(other.begin(), other.end()); }
  OwnerList(OwnerList&& other) noexcept : slot_(other.slot_), size_(other.size_) { other.size_ = 0; }
  OwnerList& operator=(const OwnerList& other) {
    if (this != &other) assign(other.begin(), other.end());
    return *this;
  }
  OwnerList& operator=(OwnerList&& other) noexcept {
    if (this != &other) {
      release();
      slot_ = other.slot_;
      size_ = other.size_;
      other.size_ = 0;
    }
    return *this;
  }
  OwnerList& operator=(std::initializer_list<Owner> owners) {
    assign(owners.begin(), owners.end());
    return *this;
  }
  ~OwnerList() { release(); }

  Owner* data() noexcept { return on_heap() ? heap() : &slot_; }
  const Owner* data() const noexcept { return on_heap() ? heap() : &slot_; }
  iterator begin() noexcept { return data(); }
  iterator end() noexcept { return data() + size_; }
  const_iterator begin() const noexcept { return data(); }
  const_iterator end() const noexcept { return data() + size_; }
  const_iterator cbegin() const noexcept { return begin(); }
  const_iterator cend() const noexcept { return end(); }

  size_type size() const noexcept { return size_; }
  size_type capacity() const noexcept { return capacity_for(size_); }
  bool empty() const noexcept { return size_ == 0; }
  Owner& operator[](size_type i) noexcept { return data()[i]; }
  const Owner& operator[](size_type i) const noexcept { return data()[i]; }
  Owner& front() noexcept { return data()[0]; }
  const Owner& front() const noexcept { return data()[0]; }
  Owner& back() noexcept { return data()[size_ - 1]; }
  const Owner& back() const noexcept { return data()[size_ - 1]; }

  void clear() noexcept {
    release();
    size_ = 0;
  }
  void push_back(const Owner& o) {
    if (size_ == 0) {
      slot_ = o;
    } else if (size_ == capacity_for(size_)) {
      // Full (one inline, or a power of two on the heap): move to a block twice as large.
      const Owner copy = o;  // `o` may live in the storage about to be replaced
      Owner* block = new Owner[2 * std::size_t{size_}];
      std::copy(begin(), end(), block);
      release();
      set_heap(block);
      block[size_] = copy;
    } else {
      heap()[size_] = o;
    }
    ++size_;
  }
  Owner& emplace_back(std::uint32_t process, int fd) {
    push_back(Owner{process, fd});
    return back();
  }
  template <class It>
  void assign(It first, It last) {
    const auto n = static_cast<std::uint32_t>(std::distance(first, last));
    // Copied before the old storage goes: the range may lie inside it.
    if (n <= 1) {
      const Owner one = n == 1 ? *first : Owner{};
      release();
      slot_ = one;
    } else {
      Owner* block = new Owner[capacity_for(n)];
      std::copy(first, last, block);
      release();
      set_heap(block);
    }
    size_ = n;
  }
  iterator erase(const_iterator first, const_iterator last) {
    const auto at = static_cast<std::size_t>(first - cbegin());
    Owner* tail = std::copy(begin() + (last - cbegin()), end(), begin() + at);
    const auto n = static_cast<std::uint32_t>(tail - begin());
    if (on_heap() && n <= 1) {
      // Back to the inline slot, so that "on the heap" stays the same as "two or more".
      Owner* block = heap();
      if (n == 1) slot_ = block[0];
      delete[] block;
    }
    size_ = n;
    return begin() + at;
  }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }

  friend bool operator==(const OwnerList& a, const OwnerList& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  // Invariant: two or more owners live in a heap block of capacity bit_ceil(size); zero or one
  // owner lives in `slot_`. `slot_` then holds the block's address instead (memcpy: Owner is
  // 4-aligned, a pointer 8).
  static std::size_t capacity_for(std::uint32_t n) noexcept { return n <= 1 ? 1 : std::bit_ceil(std::size_t{n}); }
  bool on_heap() const noexcept { return size_ > 1; }
  Owner* heap() const noexcept {
    Owner* p;
    std::memcpy(static_cast<void*>(&p), static_cast<const void*>(&slot_), sizeof p);
    return p;
  }
  void set_heap(Owner* p) noexcept { std::memcpy(static_cast<void*>(&slot_), static_cast<const void*>(&p), sizeof p); }
  void release() noexcept {
    if (on_heap()) delete[] heap();
  }

  static_assert(sizeof(Owner) >= sizeof(Owner*));
  Owner slot_;
  std::uint32_t size_ = 0;
};

}  // namespace sockscope
