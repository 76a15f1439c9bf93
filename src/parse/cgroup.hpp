// Parser for /proc/PID/cgroup: which systemd unit or container a process runs in.
#pragma once

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
std::string unit_from_cgroup(std::string_view cgroup_file_text);

}  // namespace sockscope
