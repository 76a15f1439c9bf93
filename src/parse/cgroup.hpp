// Parser for /proc/PID/cgroup: which systemd unit or container a process runs in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sockscope {

// The text of /proc/PID/cgroup (cgroup v1, v2 or hybrid) -> what the process runs in:
//   "container 0123456789ab"  Docker, containerd/Kubernetes, CRI-O, Podman (first 12 hex digits of
//                             the id), "container NAME" for LXC;
//   "nginx.service", "session-3.scope", "user@1000.service", "dbus.service" (a user unit) ...:
//                             the innermost systemd unit ("init.scope" of a user manager names its
//                             user@UID.service instead);
//   ""                        nothing recognisable (root cgroup, cgroup namespace, malformed text).
// The v2 line ("0::/...") is preferred, then v1's name=systemd hierarchy, then any other hierarchy.
// Unit names are returned as the kernel has them (raw bytes); presenters escape them.
// Of nested containers the outermost is named (a systemd inside a container is that container).
std::string unit_from_cgroup(std::string_view cgroup_file_text);

// Who made a container, as its cgroup path tells. Kubernetes: a pod container whose runtime the
// (cgroupfs driver) path does not name; Oci: a bare 64-hex-digit id under no known parent.
enum class ContainerRuntime : std::uint8_t { Docker, Podman, Containerd, Crio, Kubernetes, Lxc, Nspawn, Oci };

// "docker", "podman", "containerd", "cri-o", "kubernetes", "lxc", "nspawn", "oci".
std::string_view runtime_name(ContainerRuntime r);

struct ContainerId {
  ContainerRuntime runtime = ContainerRuntime::Oci;
  std::string id;        // 64 hex digits; LXC and nspawn: the container's name
  std::string short_id;  // first 12 hex digits (`docker ps`); LXC and nspawn: the name
  std::string pod_uid;   // Kubernetes pods: the pod's UID with dashes, else ""
  friend bool operator==(const ContainerId&, const ContainerId&) = default;
};

// The container a process runs in, from the text of /proc/PID/cgroup (lines ranked as for
// unit_from_cgroup). Recognised: Docker (docker-ID.scope, /docker/ID), Podman (libpod-ID.scope,
// /libpod_parent/libpod-ID), containerd and CRI-O pods (kubepods...-podUID.slice/cri-containerd-ID.scope,
// crio-ID.scope, cgroupfs /kubepods/CLASS/podUID/ID), LXC (/lxc/NAME, lxc.payload.NAME,
// /lxc.payload/NAME) and systemd-nspawn (machine-NAME.scope, systemd's \xNN escapes decoded).
// Of nested containers (a Kubernetes node in Docker) the innermost is named: that is where the
// process's own namespaces were made. A runtime's monitor (libpod-conmon-ID, crio-conmon-ID,
// lxc.monitor.NAME) runs on the host side and is no container: nullopt.
std::optional<ContainerId> container_from_cgroup(std::string_view cgroup_file_text);

}  // namespace sockscope
