// Parsers for container runtimes' own state files: the names behind container ids and pod UIDs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope {

// Docker's /var/lib/docker/containers/ID/config.v2.json -> the container's name ("Name" without
// its leading '/'); nullopt for malformed JSON or no name.
std::optional<std::string> docker_container_name(std::string_view config_v2_json);

struct PodmanContainer {
  std::string id;    // 64 hex digits
  std::string name;  // the first of "names"
  friend bool operator==(const PodmanContainer&, const PodmanContainer&) = default;
};

// Podman's (containers/storage) overlay-containers/containers.json: every container with an id
// and a name; entries missing either are skipped, malformed JSON gives none.
std::vector<PodmanContainer> podman_containers(std::string_view containers_json);

struct PodRef {
  std::string name;       // the pod's name
  std::string namespace_; // its Kubernetes namespace ("" when not stated)
  std::string uid;        // the pod UID, when stated
  std::string container;  // the container's name inside the pod, when stated
  friend bool operator==(const PodRef&, const PodRef&) = default;
};

// An OCI runtime config.json as the CRI runtimes write it for each container of a pod
// (containerd: /run/containerd/io.containerd.runtime.v2.task/k8s.io/ID/config.json, annotations
// io.kubernetes.cri.sandbox-name/-namespace/-uid and container-name; CRI-O:
// /run/containers/storage/overlay-containers/ID/userdata/config.json, annotations
// io.kubernetes.pod.name/.namespace/.uid and io.kubernetes.container.name). These are the only
// files on a node that state pod name and namespace together; nullopt when no pod name is there.
std::optional<PodRef> pod_from_oci_config(std::string_view config_json);

// The kubelet's /var/lib/kubelet/pods/UID/etc-hosts: its last entry is the pod's own address and
// hostname, which is the pod's name unless the pod sets spec.hostname. The namespace is stated
// only when the pod has a subdomain (HOST.SUBDOMAIN.NAMESPACE.svc.DOMAIN). nullopt unless the
// file says it is Kubernetes-managed and has an entry.
std::optional<PodRef> pod_from_kubelet_etc_hosts(std::string_view etc_hosts);

// An LXC container's config (/var/lib/lxc/NAME/config): its lxc.uts.name (lxc.utsname before
// LXC 3), i.e. the hostname it was given.
std::optional<std::string> lxc_config_hostname(std::string_view config);

struct MachineRecord {
  std::string name;     // NAME=
  std::string scope;    // SCOPE= (machine-NAME.scope)
  std::string klass;    // CLASS= ("container" or "vm")
  std::string service;  // SERVICE= ("systemd-nspawn", "libvirt-qemu", ...)
  std::string root;     // ROOT= (the container's root directory)
  std::int32_t leader = 0;  // LEADER= (the machine's first process), 0 unknown
  friend bool operator==(const MachineRecord&, const MachineRecord&) = default;
};

// systemd-machined's /run/systemd/machines/NAME (KEY=VALUE lines); nullopt without NAME.
std::optional<MachineRecord> machined_record(std::string_view text);

}  // namespace sockscope
