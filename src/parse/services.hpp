// /etc/services parser: (port, tcp|udp) -> first service name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/endpoint.hpp"

namespace sockscope {

struct ServiceTable {
  std::unordered_map<std::uint16_t, std::string> tcp;
  std::unordered_map<std::uint16_t, std::string> udp;

  // Only TCP and UDP have service names; other protocols always give nullptr.
  const std::string* find(std::uint16_t port, Proto proto) const;
  bool empty() const { return tcp.empty() && udp.empty(); }
};

// Lines are "name port/proto [aliases...] [# comment]". Malformed lines and protocols other
// than tcp/udp are skipped; when a (port, proto) appears twice the first name wins, as in
// getservbyport().
ServiceTable parse_services(std::string_view text);

}  // namespace sockscope
