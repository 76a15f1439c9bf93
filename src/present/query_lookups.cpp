// The system's lookups for the filter language.
#include "present/query_lookups.hpp"

#include <net/if.h>

#include <memory>
#include <mutex>
#include <optional>

#include "resolve/cgroup_paths.hpp"
#include "resolve/system_files.hpp"

namespace sockscope {

QueryLookups system_query_lookups() {
  QueryLookups l;
  // Loaded on the first service name only (most expressions use numbers or none), once however
  // often the lookups are used and from whichever thread.
  struct Services {
    std::once_flag once;
    ServiceTable table;
  };
  auto services = std::make_shared<Services>();
  l.service_port = [services](std::string_view name) -> std::optional<std::uint16_t> {
    std::call_once(services->once, [&] {
      if (auto loaded = load_services()) services->table = std::move(*loaded);
    });
    for (const auto* by_port : {&services->table.tcp, &services->table.udp})
      for (const auto& [port, n] : *by_port)
        if (n == name) return port;
    return std::nullopt;
  };
  l.interface_index = [](std::string_view name) -> std::optional<std::uint32_t> {
    const unsigned i = if_nametoindex(std::string(name).c_str());
    if (i == 0) return std::nullopt;
    return i;
  };
  // The cgroup2 mount is looked up only for an expression that names a cgroup.
  l.cgroup_id = [](std::string_view path) -> std::optional<std::uint64_t> {
    return cgroup_id_of(path, cgroup2_mount_point().value_or(""));
  };
  return l;
}

}  // namespace sockscope
