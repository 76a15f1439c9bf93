// Reads names out of Docker, Podman, CRI (containerd, CRI-O), kubelet, LXC and machined state files.
#include "parse/runtime_state.hpp"

#include <nlohmann/json.hpp>

#include "parse/config_lines.hpp"
#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

using nlohmann::json;

// Parses without exceptions: these files are written by other programs and may be half-written.
json parse_json(std::string_view text) { return json::parse(text.begin(), text.end(), nullptr, false); }

std::string string_at(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && conf::is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && conf::is_blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> docker_container_name(std::string_view text) {
  std::string name = string_at(parse_json(text), "Name");
  if (name.starts_with('/')) name.erase(0, 1);
  if (name.empty()) return std::nullopt;
  return name;
}

std::vector<PodmanContainer> podman_containers(std::string_view text) {
  std::vector<PodmanContainer> out;
  const json doc = parse_json(text);
  if (!doc.is_array()) return out;
  for (const json& c : doc) {
    std::string id = string_at(c, "id");
    const auto names = c.is_object() ? c.find("names") : c.end();
    if (id.empty() || names == c.end() || !names->is_array() || names->empty() || !names->front().is_string()) continue;
    std::string name = names->front().get<std::string>();
    if (!name.empty()) out.push_back({std::move(id), std::move(name)});
  }
  return out;
}

std::optional<PodRef> pod_from_oci_config(std::string_view text) {
  const json doc = parse_json(text);
  if (!doc.is_object()) return std::nullopt;
  const auto annotations = doc.find("annotations");
  if (annotations == doc.end() || !annotations->is_object()) return std::nullopt;
  const json& a = *annotations;
  PodRef pod;
  pod.name = string_at(a, "io.kubernetes.cri.sandbox-name");
  if (!pod.name.empty()) {  // containerd
    pod.namespace_ = string_at(a, "io.kubernetes.cri.sandbox-namespace");
    pod.uid = string_at(a, "io.kubernetes.cri.sandbox-uid");
    pod.container = string_at(a, "io.kubernetes.cri.container-name");
    return pod;
  }
  pod.name = string_at(a, "io.kubernetes.pod.name");
  if (pod.name.empty()) return std::nullopt;
  pod.namespace_ = string_at(a, "io.kubernetes.pod.namespace");  // CRI-O
  pod.uid = string_at(a, "io.kubernetes.pod.uid");
  pod.container = string_at(a, "io.kubernetes.container.name");
  return pod;
}

std::optional<PodRef> pod_from_kubelet_etc_hosts(std::string_view text) {
  if (!text.starts_with("# Kubernetes-managed hosts file")) return std::nullopt;
  std::optional<PodRef> pod;
  conf::for_each_line(text, [&](std::string_view line) {
    conf::FieldCursor f(conf::strip_comment(line));
    const std::string_view addr = f.next();
    std::vector<std::string_view> names;
    for (std::string_view n = f.next(); !n.empty(); n = f.next()) names.push_back(n);
    if (addr.empty() || names.empty()) return;
    // The kubelet's own block (localhost, ip6-*) comes first; the pod's entry is the last line.
    PodRef p;
    p.name = std::string(names.back());
    if (names.size() >= 2) {
      // HOST.SUBDOMAIN.NAMESPACE.svc.DOMAIN
      std::string_view fqdn = names.front();
      const auto svc = fqdn.find(".svc.");
      const auto first_dot = fqdn.find('.');
      const auto second_dot = first_dot == std::string_view::npos ? first_dot : fqdn.find('.', first_dot + 1);
      if (svc != std::string_view::npos && second_dot != std::string_view::npos && second_dot < svc) {
        p.namespace_ = std::string(fqdn.substr(second_dot + 1, svc - second_dot - 1));
      }
    }
    pod = std::move(p);
  });
  if (pod && (pod->name == "localhost" || pod->name.starts_with("ip6-"))) return std::nullopt;
  return pod;
}

std::optional<std::string> lxc_config_hostname(std::string_view text) {
  std::optional<std::string> name;
  conf::for_each_line(text, [&](std::string_view line) {
    line = trim(line);
    if (line.starts_with('#')) return;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    const std::string_view key = trim(line.substr(0, eq));
    const std::string_view value = trim(line.substr(eq + 1));
    if ((key == "lxc.uts.name" || key == "lxc.utsname") && !value.empty()) name = std::string(value);
  });
  return name;
}

std::optional<MachineRecord> machined_record(std::string_view text) {
  MachineRecord m;
  conf::for_each_line(text, [&](std::string_view line) {
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return;
    const std::string_view key = line.substr(0, eq);
    const std::string value(line.substr(eq + 1));
    if (key == "NAME") m.name = value;
    else if (key == "SCOPE") m.scope = value;
    else if (key == "CLASS") m.klass = value;
    else if (key == "SERVICE") m.service = value;
    else if (key == "ROOT") m.root = value;
    else if (key == "LEADER") {
      const auto pid = proc_text::to_signed<std::int32_t>(value);
      m.leader = pid && *pid > 0 ? *pid : 0;
    }
  });
  if (m.name.empty()) return std::nullopt;
  return m;
}

}  // namespace sockscope
