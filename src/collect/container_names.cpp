// Reads Docker, Podman, CRI, kubelet, LXC and machined state files to name containers.
#include "collect/container_names.hpp"

#include <fcntl.h>

#include "collect/proc_read_file.hpp"
#include "parse/runtime_state.hpp"

namespace sockscope {

namespace {

// Runtime state files are small; anything beyond this is not one (or is being written).
constexpr std::size_t kMaxStateFile = 16 * 1024 * 1024;

bool read_small(const std::string& path, std::string& out) {
  return read_file_at(AT_FDCWD, path.c_str(), out) == 0 && !out.empty() && out.size() <= kMaxStateFile;
}

// CRI runtimes write each pod container's OCI spec with the pod's name and namespace.
bool read_pod(const ContainerId& id, const std::string& root, ContainerName& out) {
  const bool containerd = id.runtime == ContainerRuntime::Containerd || id.runtime == ContainerRuntime::Kubernetes;
  const bool crio = id.runtime == ContainerRuntime::Crio || id.runtime == ContainerRuntime::Kubernetes;
  std::string text;
  const auto take = [&](const std::string& path) {
    if (!read_small(path, text)) return false;
    const auto pod = pod_from_oci_config(text);
    if (!pod) return false;
    out.pod = pod->name;
    out.pod_namespace = pod->namespace_;
    out.container = pod->container;
    return true;
  };
  if (containerd && take(root + "/run/containerd/io.containerd.runtime.v2.task/k8s.io/" + id.id + "/config.json")) return true;
  if (crio && (take(root + "/run/containers/storage/overlay-containers/" + id.id + "/userdata/config.json") ||
               take(root + "/var/lib/containers/storage/overlay-containers/" + id.id + "/userdata/config.json"))) {
    return true;
  }
  // The kubelet's own files name the pod (its hostname), and its namespace only with a subdomain.
  if (!id.pod_uid.empty() && read_small(root + "/var/lib/kubelet/pods/" + id.pod_uid + "/etc-hosts", text)) {
    if (const auto pod = pod_from_kubelet_etc_hosts(text)) {
      out.pod = pod->name;
      out.pod_namespace = pod->namespace_;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<ContainerId> container_of_process(int pid, const std::string& proc_root) {
  std::string text;
  if (pid <= 0 || read_file_at(AT_FDCWD, (proc_root + "/" + std::to_string(pid) + "/cgroup").c_str(), text) != 0) return std::nullopt;
  return container_from_cgroup(text);
}

ContainerName read_container_name(const ContainerId& id, const std::string& root) {
  ContainerName out;
  // Ids come from cgroup path segments, which hold no '/'; "." and ".." would still leave the directory.
  if (id.id.empty() || id.id == "." || id.id == ".." || id.pod_uid == "." || id.pod_uid == "..") return out;
  std::string text;
  switch (id.runtime) {
    case ContainerRuntime::Docker:
      if (read_small(root + "/var/lib/docker/containers/" + id.id + "/config.v2.json", text)) {
        out.name = docker_container_name(text).value_or("");
      }
      break;
    case ContainerRuntime::Podman:
      if (read_small(root + "/var/lib/containers/storage/overlay-containers/containers.json", text)) {
        for (const PodmanContainer& c : podman_containers(text)) {
          if (c.id == id.id) out.name = c.name;
        }
      }
      break;
    case ContainerRuntime::Containerd:
    case ContainerRuntime::Crio:
    case ContainerRuntime::Kubernetes:
      read_pod(id, root, out);
      break;
    case ContainerRuntime::Lxc:
      // The cgroup already says the name; the config's existence confirms LXC keeps it there.
      if (read_small(root + "/var/lib/lxc/" + id.id + "/config", text)) out.name = id.id;
      break;
    case ContainerRuntime::Nspawn:
      if (read_small(root + "/run/systemd/machines/" + id.id, text)) {
        if (const auto m = machined_record(text)) out.name = m->name;
      }
      break;
    case ContainerRuntime::Oci:
      break;
  }
  return out;
}

}  // namespace sockscope
