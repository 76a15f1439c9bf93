// Reads a process's cgroup path and names the systemd unit or container it belongs to.
#include "parse/cgroup.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace sockscope {

namespace {

struct CgroupLine {
  int rank = 0;  // 3: cgroup v2, 2: v1 name=systemd, 1: other v1 hierarchies
  std::string_view path;
};

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(sep, start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool is_hex_id(std::string_view s) {
  return s.size() == 64 &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string container(std::string_view id) { return "container " + std::string(id.substr(0, 12)); }

std::string_view without_suffix(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

// "container ID" when the path passes through a container's cgroup; the outermost wins, so a
// systemd running inside a container still counts as that container.
std::string container_in(const std::vector<std::string_view>& segs) {
  // Runtimes under systemd name a scope per container; cgroupfs drivers use the bare id.
  static constexpr std::array<std::string_view, 4> kScopePrefixes = {"docker-", "cri-containerd-", "crio-", "libpod-"};
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const std::string_view s = segs[i];
    if (is_hex_id(s)) return container(s);
    const std::string_view stem = without_suffix(s, ".scope");
    for (std::string_view prefix : kScopePrefixes) {
      if (stem.starts_with(prefix) && is_hex_id(stem.substr(prefix.size()))) return container(stem.substr(prefix.size()));
    }
    // LXC: /lxc/NAME (v1), /lxc.payload.NAME or /lxc.payload/NAME (v2); lxc.monitor.* is the host-side monitor.
    if ((s == "lxc" || s == "lxc.payload") && i + 1 < segs.size()) return "container " + std::string(segs[i + 1]);
    if (s.starts_with("lxc.payload.") && s.size() > 12) return "container " + std::string(s.substr(12));
  }
  return {};
}

bool is_unit(std::string_view s) {
  for (std::string_view suffix : {".service", ".scope", ".socket", ".mount", ".swap"}) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) return true;
  }
  return false;
}

// The innermost unit: processes of a service that delegates its subtree sit below the unit.
std::string unit_in(const std::vector<std::string_view>& segs) {
  std::string_view inner, outer_service;
  for (std::string_view s : segs) {
    if (!is_unit(s)) continue;
    if (s.ends_with(".service")) outer_service = outer_service.empty() ? s : outer_service;
    inner = s;
  }
  // A user manager (systemd --user) runs in user@UID.service/init.scope: the service says more.
  if (inner == "init.scope" && !outer_service.empty()) return std::string(outer_service);
  return std::string(inner);
}

std::string interpret(std::string_view path) {
  const std::vector<std::string_view> segs = split(path, '/');
  if (std::string c = container_in(segs); !c.empty()) return c;
  return unit_in(segs);
}

}  // namespace

std::string unit_from_cgroup(std::string_view text) {
  std::vector<CgroupLine> lines;
  for (std::string_view line : split(text, '\n')) {
    // "hierarchy-ID:controller-list:path"; the path itself may contain ':'.
    const std::size_t c1 = line.find(':');
    if (c1 == std::string_view::npos) continue;
    const std::size_t c2 = line.find(':', c1 + 1);
    if (c2 == std::string_view::npos) continue;
    const std::string_view id = line.substr(0, c1);
    const std::string_view controllers = line.substr(c1 + 1, c2 - c1 - 1);
    const std::string_view path = line.substr(c2 + 1);
    if (id.empty() || !path.starts_with('/')) continue;
    int rank = 1;
    if (id == "0" && controllers.empty()) rank = 3;
    else if (const auto names = split(controllers, ','); std::ranges::find(names, "name=systemd") != names.end()) rank = 2;
    lines.push_back({rank, path});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const CgroupLine& a, const CgroupLine& b) { return a.rank > b.rank; });
  // Hybrid hosts can leave the v2 line at "/" while v1 hierarchies know more: take the first that says something.
  for (const CgroupLine& l : lines) {
    if (std::string u = interpret(l.path); !u.empty()) return u;
  }
  return {};
}

}  // namespace sockscope
