// What presenters ask to turn addresses and ports into names; implemented by the resolvers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/endpoint.hpp"

namespace sockscope {

class NameSource {
 public:
  virtual ~NameSource() = default;
  // Host name for an address, if known now (never blocks).
  virtual std::optional<std::string> host_name(const IpAddress& addr) const = 0;
  // Service name for a port of this protocol (tcp/udp), if /etc/services has one.
  virtual std::optional<std::string> service_name(std::uint16_t port, Proto proto) const = 0;
};

}  // namespace sockscope
