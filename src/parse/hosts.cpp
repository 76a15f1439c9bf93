// /etc/hosts parser.
#include "parse/hosts.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "parse/config_lines.hpp"

namespace sockscope {

IpAddress host_key(const IpAddress& addr) {
  // Rebuilt rather than copied so stray bytes past an IPv4 address cannot split map keys.
  std::uint32_t v4 = 0;
  if (addr.is_v4_mapped()) {
    std::memcpy(&v4, addr.bytes.data() + 12, 4);
    return IpAddress::v4(v4);
  }
  if (addr.family == Family::Inet6) return IpAddress::v6(addr.bytes.data());
  std::memcpy(&v4, addr.bytes.data(), 4);
  return IpAddress::v4(v4);
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  // inet_pton needs a terminated string; anything longer than an address is not one.
  char buf[INET6_ADDRSTRLEN + 1] = {};
  if (text.empty() || text.size() >= sizeof buf) return std::nullopt;
  if (text.find('\0') != std::string_view::npos) return std::nullopt;  // would cut the string short
  std::memcpy(buf, text.data(), text.size());
  if (text.find(':') == std::string_view::npos) {
    std::uint32_t v4 = 0;
    if (inet_pton(AF_INET, buf, &v4) != 1) return std::nullopt;
    return IpAddress::v4(v4);
  }
  if (char* percent = std::strchr(buf, '%')) {
    if (percent[1] == '\0') return std::nullopt;
    *percent = '\0';
  }
  std::uint8_t v6[16] = {};
  if (inet_pton(AF_INET6, buf, v6) != 1) return std::nullopt;
  return IpAddress::v6(v6);
}

const std::string* HostTable::find(const IpAddress& addr) const {
  auto it = names.find(host_key(addr));
  return it == names.end() ? nullptr : &it->second;
}

HostTable parse_hosts(std::string_view text) {
  HostTable table;
  conf::for_each_line(text, [&](std::string_view line) {
    conf::FieldCursor fields(conf::strip_comment(line));
    const auto address = fields.next();
    const auto name = fields.next();
    if (name.empty()) return;
    const auto addr = parse_ip_address(address);
    if (!addr) return;
    table.names.try_emplace(host_key(*addr), name);
  });
  return table;
}

}  // namespace sockscope
