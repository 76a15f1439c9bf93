// Reads a process's cgroup path and names the systemd unit or container it belongs to.
#include "parse/cgroup.hpp"

#include <algorithm>
#include <array>
#include <utility>
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

std::string_view without_suffix(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// systemd escapes unit name bytes as \xNN ("my\x2dbox" is "my-box").
std::string unescape_unit(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && hex_digit(s[i + 2]) >= 0 && hex_digit(s[i + 3]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 2]) * 16 + hex_digit(s[i + 3])));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

ContainerId hex_container(ContainerRuntime runtime, std::string_view id) {
  return {runtime, std::string(id), std::string(id.substr(0, 12)), {}};
}

ContainerId named_container(ContainerRuntime runtime, std::string name) {
  return {runtime, name, name, {}};
}

// The pod UID a Kubernetes pod cgroup names: "pod<UID>" (cgroupfs) or
// "[kubelet-]kubepods[-CLASS]-pod<UID with '_' for '-'>.slice" (systemd driver; kind nodes add "kubelet-").
std::optional<std::string> pod_uid_of(std::string_view s) {
  std::string_view uid;
  if (s.find("kubepods") != std::string_view::npos && s.ends_with(".slice")) {
    const std::size_t at = s.rfind("-pod");
    if (at == std::string_view::npos) return std::nullopt;
    uid = without_suffix(s.substr(at + 4), ".slice");
  } else if (s.starts_with("pod")) {
    uid = s.substr(3);
  } else {
    return std::nullopt;
  }
  const bool uid_like = uid.size() >= 8 && std::all_of(uid.begin(), uid.end(), [](char c) {
    return hex_digit(c) >= 0 || c == '-' || c == '_';
  });
  if (!uid_like) return std::nullopt;
  std::string out(uid);
  std::ranges::replace(out, '_', '-');
  return out;
}

// The container one path segment names, given the segment before it ("" at the top).
std::optional<ContainerId> container_at(std::string_view prev, std::string_view s, std::string_view next) {
  struct Prefix {
    std::string_view text;
    ContainerRuntime runtime;
  };
  // Runtimes under systemd name a scope per container; cgroupfs drivers use the bare id.
  static constexpr std::array<Prefix, 4> kScopePrefixes = {{{"docker-", ContainerRuntime::Docker},
                                                            {"cri-containerd-", ContainerRuntime::Containerd},
                                                            {"crio-", ContainerRuntime::Crio},
                                                            {"libpod-", ContainerRuntime::Podman}}};
  if (is_hex_id(s)) {
    if (prev == "docker") return hex_container(ContainerRuntime::Docker, s);
    if (pod_uid_of(prev)) return hex_container(ContainerRuntime::Kubernetes, s);
    return hex_container(ContainerRuntime::Oci, s);
  }
  const std::string_view stem = without_suffix(s, ".scope");
  for (const Prefix& p : kScopePrefixes) {
    if (stem.starts_with(p.text) && is_hex_id(stem.substr(p.text.size()))) return hex_container(p.runtime, stem.substr(p.text.size()));
  }
  // LXC: /lxc/NAME (v1), /lxc.payload.NAME or /lxc.payload/NAME (v2); lxc.monitor.* is the host-side monitor.
  if ((s == "lxc" || s == "lxc.payload") && !next.empty()) return named_container(ContainerRuntime::Lxc, std::string(next));
  if (s.starts_with("lxc.payload.") && s.size() > 12) return named_container(ContainerRuntime::Lxc, std::string(s.substr(12)));
  // systemd-machined registers an nspawn container (or a VM) as machine-NAME.scope.
  if (s.starts_with("machine-") && s.ends_with(".scope") && s.size() > 14) {
    return named_container(ContainerRuntime::Nspawn, unescape_unit(s.substr(8, s.size() - 14)));
  }
  return std::nullopt;
}

// Every container the path passes through, outermost first; each carries the pod UID of the
// pod cgroup above it, if any.
std::vector<ContainerId> containers_in(const std::vector<std::string_view>& segs) {
  std::vector<ContainerId> out;
  std::string pod_uid;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    if (auto uid = pod_uid_of(segs[i])) pod_uid = std::move(*uid);
    auto c = container_at(i > 0 ? segs[i - 1] : std::string_view{}, segs[i], i + 1 < segs.size() ? segs[i + 1] : std::string_view{});
    if (!c) continue;
    if (c->runtime != ContainerRuntime::Lxc && c->runtime != ContainerRuntime::Nspawn) c->pod_uid = std::exchange(pod_uid, {});
    out.push_back(std::move(*c));
    if (segs[i] == "lxc" || segs[i] == "lxc.payload") ++i;  // NAME was the next segment
  }
  return out;
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

// The cgroup paths of the file, best hierarchy first.
std::vector<std::string_view> ranked_paths(std::string_view text) {
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
  std::vector<std::string_view> paths;
  for (const CgroupLine& l : lines) paths.push_back(l.path);
  return paths;
}

}  // namespace

std::string_view runtime_name(ContainerRuntime r) {
  switch (r) {
    case ContainerRuntime::Docker: return "docker";
    case ContainerRuntime::Podman: return "podman";
    case ContainerRuntime::Containerd: return "containerd";
    case ContainerRuntime::Crio: return "cri-o";
    case ContainerRuntime::Kubernetes: return "kubernetes";
    case ContainerRuntime::Lxc: return "lxc";
    case ContainerRuntime::Nspawn: return "nspawn";
    case ContainerRuntime::Oci: return "oci";
  }
  return "oci";
}

std::string unit_from_cgroup(std::string_view text) {
  // Hybrid hosts can leave the v2 line at "/" while v1 hierarchies know more: take the first that says something.
  for (std::string_view path : ranked_paths(text)) {
    const std::vector<std::string_view> segs = split(path, '/');
    const std::vector<ContainerId> containers = containers_in(segs);
    // nspawn machines keep their unit name here (machine-NAME.scope), as before containers had runtimes.
    const auto outer = std::ranges::find_if(containers, [](const ContainerId& c) { return c.runtime != ContainerRuntime::Nspawn; });
    if (outer != containers.end()) return "container " + outer->short_id;
    if (std::string u = unit_in(segs); !u.empty()) return u;
  }
  return {};
}

std::optional<ContainerId> container_from_cgroup(std::string_view text) {
  for (std::string_view path : ranked_paths(text)) {
    std::vector<ContainerId> containers = containers_in(split(path, '/'));
    if (!containers.empty()) return std::move(containers.back());
  }
  return std::nullopt;
}

}  // namespace sockscope
