// Names a container (or Kubernetes pod) from its runtime's state files, given its id from the cgroup path.
#pragma once

#include <optional>
#include <string>

#include "parse/cgroup.hpp"

namespace sockscope {

struct ContainerName {
  std::string name;           // the runtime's name for it (docker ps, podman ps, machinectl, lxc-ls); "" unknown
  std::string pod;            // Kubernetes: the pod's name, "" unknown
  std::string pod_namespace;  // Kubernetes: the pod's namespace, "" unknown
  std::string container;      // Kubernetes: the container's name within the pod, "" unknown
  friend bool operator==(const ContainerName&, const ContainerName&) = default;
};

// Reads what the runtime keeps about `id` under `root` ("" is the host's /; tests give a
// directory): Docker's containers/ID/config.v2.json, Podman's overlay-containers/containers.json
// (rootful storage only), the CRI runtimes' OCI config.json for pods (containerd's k8s.io task
// directory, CRI-O's userdata) and else the kubelet's pods/UID/etc-hosts, LXC's
// /var/lib/lxc/NAME/config and machined's /run/systemd/machines/NAME. Whatever is missing or
// unreadable stays "": a name is a nicety, never an error.
ContainerName read_container_name(const ContainerId& id, const std::string& root = "");

// The container process `pid` runs in, from proc_root/PID/cgroup; nullopt when it is in none or
// is gone. For a namespace's label, ask about NetnsInfo::pid.
std::optional<ContainerId> container_of_process(int pid, const std::string& proc_root = "/proc");

}  // namespace sockscope
