// Parsers for the kernel's socket memory files: /proc/net/sockstat(6) and /proc/sys/net/ipv4/{tcp,udp}_mem.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/error.hpp"

namespace sockscope {

// One line of /proc/net/sockstat: "TCP: inuse 1 orphan 0 tw 0 alloc 1 mem 0".
struct SockstatLine {
  std::string label;  // "sockets", "TCP", "UDP6", "FRAG", ...
  std::vector<std::pair<std::string, std::uint64_t>> fields;
  std::optional<std::uint64_t> get(std::string_view key) const {
    for (const auto& [k, v] : fields)
      if (k == key) return v;
    return std::nullopt;
  }
};

// Every line "Label: key value [key value ...]". Fails, naming the line, on a line without a
// colon, a key without a value, or a value that is not an unsigned number (a short read).
Result<std::vector<SockstatLine>> parse_sockstat(std::string_view text);

// tcp_mem / udp_mem: three page counts (min, pressure, max). Fails unless exactly three numbers.
Result<std::array<std::uint64_t, 3>> parse_mem_limits(std::string_view text);

}  // namespace sockscope
