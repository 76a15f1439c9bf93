// Host names for the netstat tables from /etc/hosts.
#include "cli/netstat_host_names.hpp"

#include <memory>

#include "resolve/system_files.hpp"

namespace sockscope::cli {

HostNamer hosts_file_namer(bool numeric) {
  if (numeric) return {};
  auto hosts = load_hosts();
  if (!hosts || hosts->empty()) return {};
  auto table = std::make_shared<HostTable>(std::move(*hosts));
  return [table](const IpAddress& a) -> std::optional<std::string> {
    if (const std::string* n = table->find(a)) return *n;
    return std::nullopt;
  };
}

}  // namespace sockscope::cli
