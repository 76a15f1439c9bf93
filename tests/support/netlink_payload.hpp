// Test support: netlink payloads built by hand (a fixed struct, then attributes), for parser tests.
#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sockscope {

// A netlink payload under construction: a fixed struct, then attributes padded to 4 bytes.
struct Payload {
  std::vector<std::byte> bytes;

  template <class T>
  void put(const T& v) {
    const auto* p = reinterpret_cast<const std::byte*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof v);
    pad();
  }
  void attr(std::uint16_t type, const void* data, std::size_t len) {
    nlattr h{};
    h.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
    h.nla_type = type;
    const auto* hp = reinterpret_cast<const std::byte*>(&h);
    bytes.insert(bytes.end(), hp, hp + sizeof h);
    const auto* dp = static_cast<const std::byte*>(data);
    bytes.insert(bytes.end(), dp, dp + len);
    pad();
  }
  void raw_attr_header(std::uint16_t len, std::uint16_t type) {
    nlattr h{};
    h.nla_len = len;
    h.nla_type = type;
    const auto* hp = reinterpret_cast<const std::byte*>(&h);
    bytes.insert(bytes.end(), hp, hp + sizeof h);
  }
  void pad() {
    while (bytes.size() % NLA_ALIGNTO) bytes.push_back(std::byte{0});
  }
  std::span<const std::byte> span() const { return bytes; }
};

}  // namespace sockscope
