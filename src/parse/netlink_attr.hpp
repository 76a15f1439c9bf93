// Bounds-checked netlink attribute walking for the rtnetlink parsers (payloads need not be aligned).
#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

namespace sockscope::nlattr_walk {

// memcpy, not a cast: payload bytes may sit at any address.
template <class T>
T load(const std::byte* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Calls fn(type, payload) for each well-formed attribute of `bytes`; stops at the first malformed
// one (length below the header or past the end), since nothing after it can be located reliably.
// Returns false when it stopped early.
template <class Fn>
bool for_each(std::span<const std::byte> bytes, Fn&& fn) {
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    if (bytes.size() - offset < sizeof(::nlattr)) return false;
    const auto hdr = load<::nlattr>(bytes.data() + offset);
    const std::size_t len = hdr.nla_len;
    if (len < sizeof(::nlattr) || len > bytes.size() - offset) return false;
    fn(static_cast<std::uint16_t>(hdr.nla_type & NLA_TYPE_MASK), bytes.subspan(offset + NLA_HDRLEN, len - NLA_HDRLEN));
    offset += NLA_ALIGN(len);
  }
  return true;
}

// Fixed-size scalar attribute; nullopt unless the payload holds at least sizeof(T) bytes.
template <class T>
std::optional<T> scalar(std::span<const std::byte> p) {
  if (p.size() < sizeof(T)) return std::nullopt;
  return load<T>(p.data());
}

// A NUL-terminated string attribute, cut at the first NUL (or at the payload's end without one).
inline std::string string(std::span<const std::byte> p) {
  std::size_t n = 0;
  while (n < p.size() && p[n] != std::byte{0}) ++n;
  return std::string(reinterpret_cast<const char*>(p.data()), n);
}

}  // namespace sockscope::nlattr_walk
