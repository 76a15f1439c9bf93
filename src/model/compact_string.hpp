// A byte string that costs one pointer, and no allocation, when empty.
#pragma once

#include <compare>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sockscope {

// For fields that are empty in almost every row: Endpoint::unix_path is "" for every TCP and UDP
// socket, and a std::string there (32 bytes) was 3 MiB of the peak at 100k sockets. Holds any
// bytes (NUL included). Reads go through std::string_view, to which it converts implicitly;
// compares bytewise like std::string. Every change reallocates: fine for write-once fields.
class CompactString {
 public:
  CompactString() noexcept = default;
  explicit CompactString(std::string_view s) { assign(s); }
  CompactString(const CompactString& o) { assign(o.view()); }
  CompactString(CompactString&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  CompactString& operator=(const CompactString& o) {
    if (this != &o) assign(o.view());
    return *this;
  }
  CompactString& operator=(CompactString&& o) noexcept {
    if (this != &o) {
      std::free(p_);
      p_ = o.p_;
      o.p_ = nullptr;
    }
    return *this;
  }
  CompactString& operator=(std::string_view s) { return assign(s); }
  CompactString& operator=(const std::string& s) { return assign(std::string_view(s)); }
  CompactString& operator=(const char* s) { return assign(std::string_view(s)); }
  ~CompactString() { std::free(p_); }

  std::size_t size() const noexcept {
    if (!p_) return 0;
    std::uint32_t n;
    std::memcpy(&n, p_, sizeof n);
    return n;
  }
  std::size_t length() const noexcept { return size(); }
  bool empty() const noexcept { return p_ == nullptr; }
  const char* data() const noexcept { return p_ ? p_ + kHeader : ""; }
  const char* c_str() const noexcept { return data(); }  // NUL-terminated (the bytes may hold NULs too)
  const char* begin() const noexcept { return data(); }
  const char* end() const noexcept { return data() + size(); }
  char operator[](std::size_t i) const noexcept { return data()[i]; }
  std::string_view view() const noexcept { return {data(), size()}; }
  operator std::string_view() const noexcept { return view(); }
  std::string str() const { return std::string(view()); }
  operator std::string() const { return str(); }

  CompactString& assign(std::string_view s) {
    if (s.empty()) {
      clear();
      return *this;
    }
    char* block = allocate(s.size());
    std::memcpy(block + kHeader, s.data(), s.size());
    std::free(p_);
    p_ = block;
    return *this;
  }
  CompactString& assign(const char* s, std::size_t n) { return assign(std::string_view(s, n)); }
  CompactString& assign(std::size_t n, char c) { return assign(std::string(n, c)); }
  CompactString& append(std::string_view s) {
    if (s.empty()) return *this;
    const std::size_t old = size();
    char* block = allocate(old + s.size());
    std::memcpy(block + kHeader, data(), old);
    std::memcpy(block + kHeader + old, s.data(), s.size());
    std::free(p_);
    p_ = block;
    return *this;
  }
  CompactString& append(const char* s, std::size_t n) { return append(std::string_view(s, n)); }
  CompactString& append(std::size_t n, char c) { return append(std::string(n, c)); }
  CompactString& operator+=(std::string_view s) { return append(s); }
  CompactString& operator+=(char c) { return append(std::string_view(&c, 1)); }
  void push_back(char c) { append(std::string_view(&c, 1)); }
  void clear() noexcept {
    std::free(p_);
    p_ = nullptr;
  }

  friend bool operator==(const CompactString& a, const CompactString& b) noexcept { return a.view() == b.view(); }
  friend bool operator==(const CompactString& a, std::string_view b) noexcept { return a.view() == b; }
  friend std::strong_ordering operator<=>(const CompactString& a, const CompactString& b) noexcept {
    return a.view() <=> b.view();
  }
  friend std::strong_ordering operator<=>(const CompactString& a, std::string_view b) noexcept {
    return a.view() <=> b;
  }
  friend std::string operator+(const CompactString& a, std::string_view b) { return a.str().append(b); }
  friend std::string operator+(std::string_view a, const CompactString& b) { return std::string(a).append(b.view()); }
  // For test failure messages and logs; any stream that takes a string_view.
  template <class Stream>
    requires requires(Stream& os, std::string_view v) { os << v; }
  friend Stream& operator<<(Stream& os, const CompactString& s) {
    os << s.view();
    return os;
  }

 private:
  // Block layout: 4-byte length, the bytes, a NUL.
  static constexpr std::size_t kHeader = sizeof(std::uint32_t);
  static char* allocate(std::size_t n) {
    if (n > UINT32_MAX - kHeader - 1) throw std::length_error("CompactString: too long");
    auto* block = static_cast<char*>(std::malloc(kHeader + n + 1));
    if (!block) throw std::bad_alloc();
    const auto n32 = static_cast<std::uint32_t>(n);
    std::memcpy(block, &n32, sizeof n32);
    block[kHeader + n] = '\0';
    return block;
  }

  char* p_ = nullptr;
};

}  // namespace sockscope
