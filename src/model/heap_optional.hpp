// An optional value kept on the heap, so that an absent one costs a single pointer.
#pragma once

#include <memory>
#include <optional>
#include <utility>

#include "model/block_pool.hpp"

namespace sockscope {

// Values come from T's BlockPool. Under AddressSanitizer they come from operator new instead, so
// that each one has its own redzones and LeakSanitizer sees it (the pool itself is still tested
// there, with its free blocks poisoned).
template <class T>
void* pooled_storage() {
  if constexpr (kAddressSanitizer) return ::operator new(sizeof(T), std::align_val_t{alignof(T)});
  else return pool_for<T>().allocate();
}

template <class T>
void release_pooled_storage(void* p) noexcept {
  if constexpr (kAddressSanitizer) ::operator delete(p, std::align_val_t{alignof(T)});
  else pool_for<T>().deallocate(p);
}

// Destroys a value made by make_pooled and gives its storage back.
template <class T>
struct PoolDelete {
  void operator()(T* p) const noexcept {
    p->~T();
    release_pooled_storage<T>(p);
  }
};

template <class T>
using PoolPtr = std::unique_ptr<T, PoolDelete<T>>;

template <class T, class... Args>
PoolPtr<T> make_pooled(Args&&... args) {
  void* block = pooled_storage<T>();
  try {
    return PoolPtr<T>(::new (block) T(std::forward<Args>(args)...));
  } catch (...) {
    release_pooled_storage<T>(block);
    throw;
  }
}

// Value semantics and the std::optional interface callers use (bool test, *, ->, has_value, value,
// value_or, emplace, reset, = value, = nullopt, ==). For large members that are usually absent:
// Endpoint::tcp is 40 bytes that only TCP sockets read with tcp_info requested carry; inline,
// every endpoint would pay for it (4 MiB at 100k sockets). Values live in T's BlockPool, not in
// one malloc chunk each (see block_pool.hpp for what that saves).
template <class T>
class HeapOptional {
 public:
  using value_type = T;

  HeapOptional() noexcept = default;
  HeapOptional(std::nullopt_t) noexcept {}
  HeapOptional(const T& v) : p_(make_pooled<T>(v)) {}
  HeapOptional(T&& v) : p_(make_pooled<T>(std::move(v))) {}
  HeapOptional(const HeapOptional& o) : p_(o.p_ ? make_pooled<T>(*o.p_) : nullptr) {}
  HeapOptional(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(const HeapOptional& o) {
    if (!o.p_) p_.reset();
    else if (this != &o) *this = *o.p_;
    return *this;
  }
  HeapOptional& operator=(HeapOptional&&) noexcept = default;
  HeapOptional& operator=(std::nullopt_t) noexcept {
    p_.reset();
    return *this;
  }
  HeapOptional& operator=(const T& v) {
    if (p_) *p_ = v;  // reuse the block: refreshes overwrite counters in place
    else p_ = make_pooled<T>(v);
    return *this;
  }
  HeapOptional& operator=(T&& v) {
    if (p_) *p_ = std::move(v);
    else p_ = make_pooled<T>(std::move(v));
    return *this;
  }

  bool has_value() const noexcept { return p_ != nullptr; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  T& operator*() noexcept { return *p_; }
  const T& operator*() const noexcept { return *p_; }
  T* operator->() noexcept { return p_.get(); }
  const T* operator->() const noexcept { return p_.get(); }
  T& value() {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  const T& value() const {
    if (!p_) throw std::bad_optional_access();
    return *p_;
  }
  template <class U>
  T value_or(U&& fallback) const {
    return p_ ? *p_ : static_cast<T>(std::forward<U>(fallback));
  }
  template <class... Args>
  T& emplace(Args&&... args) {
    p_ = make_pooled<T>(std::forward<Args>(args)...);
    return *p_;
  }
  void reset() noexcept { p_.reset(); }

  friend bool operator==(const HeapOptional& a, const HeapOptional& b) {
    if (!a.p_ || !b.p_) return !a.p_ && !b.p_;
    return *a.p_ == *b.p_;
  }
  friend bool operator==(const HeapOptional& a, std::nullopt_t) noexcept { return !a.p_; }
  friend bool operator==(const HeapOptional& a, const T& v) { return a.p_ && *a.p_ == v; }

 private:
  PoolPtr<T> p_;
};

}  // namespace sockscope
