// /etc/hosts parser: address -> first (canonical) host name.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "model/endpoint.hpp"

namespace sockscope {

// The form an address is looked up by: IPv4-mapped IPv6 becomes IPv4 and the IPv6 scope is
// dropped, because names (hosts entries, PTR records) belong to the address, not the interface.
IpAddress host_key(const IpAddress& addr);

// Parses "1.2.3.4", "2001:db8::1" and "fe80::1%eth0" (scope dropped, see host_key).
std::optional<IpAddress> parse_ip_address(std::string_view text);

struct HostTable {
  std::map<IpAddress, std::string> names;  // keyed by host_key()

  const std::string* find(const IpAddress& addr) const;  // applies host_key()
  bool empty() const { return names.empty(); }
};

// Lines are "address canonical-name [aliases...] [# comment]". Lines with a bad address or
// no name are skipped; the first line for an address wins, as in gethostbyaddr().
HostTable parse_hosts(std::string_view text);

}  // namespace sockscope
