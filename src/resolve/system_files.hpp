// Loading /etc/services and /etc/hosts (paths overridable for tests).
#pragma once

#include <string>

#include "model/error.hpp"
#include "parse/hosts.hpp"
#include "parse/services.hpp"

namespace sockscope {

inline constexpr const char* kServicesPath = "/etc/services";
inline constexpr const char* kHostsPath = "/etc/hosts";

// A missing file is an empty table, not an error: containers often ship without one.
// Other read failures (permissions, a directory, absurd size) are errors.
Result<ServiceTable> load_services(const std::string& path = kServicesPath);
Result<HostTable> load_hosts(const std::string& path = kHostsPath);

}  // namespace sockscope
