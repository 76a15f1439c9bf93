// --netns (list, watch, close, netstat, serve, gui): its selectors parsed at the edge, and the namespaces they pick at run time.
#include "collect/netns_plan.hpp"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "collect/netns_discovery.hpp"

namespace sockscope {

Result<std::vector<NetnsSelector>> parse_netns_option(const std::vector<std::string>& values) {
  std::vector<NetnsSelector> out;
  for (const std::string& v : values) {
    auto s = parse_netns_selector(v);
    if (!s) return std::unexpected(s.error());  // "--netns TEXT: why"
    out.push_back(std::move(*s));
  }
  return out;
}

bool may_enter_netns() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  return (data[CAP_SYS_ADMIN / 32].effective >> (CAP_SYS_ADMIN % 32)) & 1u;
}

Result<NetnsPlan> plan_netns(std::span<const NetnsSelector> selectors, bool owner_scan_sees_descriptors) {
  NetnsPlan plan;
  const bool current_only = !selectors.empty() && std::ranges::all_of(selectors, [](const NetnsSelector& s) {
    return s.kind == NetnsSelector::Kind::Current;
  });
  const bool all = selectors.empty() || std::ranges::any_of(selectors, [](const NetnsSelector& s) {
    return s.kind == NetnsSelector::Kind::All;
  });
  NetnsDiscoveryOptions discovery;
  // Only an "all" plan takes namespaces found in descriptors; then the owner scan finds them.
  discovery.scan_descriptors = !(all && owner_scan_sees_descriptors && may_enter_netns());
  auto picked = select_netns(discover_netns(discovery), selectors, [](const NetnsSelector& s) { return lookup_netns(s); });
  if (!may_enter_netns()) {
    // Selectors are still checked: a name, PID or path that does not exist is bad input even
    // unprivileged; one that exists but may not be looked at is what the note explains.
    if (!picked && picked.error().code != EACCES && picked.error().code != EPERM) return std::unexpected(picked.error());
    if (!current_only) plan.note = kCurrentNetnsOnlyNote;
    return plan;
  }
  if (!picked) return std::unexpected(picked.error());
  plan.netns = std::move(*picked);
  plan.all = all;
  return plan;
}

}  // namespace sockscope
