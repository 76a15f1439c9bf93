// Labels a snapshot's namespaces and owners with their containers, and records which namespace is the host's.
#pragma once

#include <cstdint>
#include <string>

#include "collect/container_names.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

// The inode of the namespace file at `path` (e.g. /proc/1/ns/net); 0 when it cannot be read.
std::uint64_t netns_file_inode(const std::string& path);

// "docker web" (the runtime's name for it), "kubernetes NAMESPACE/POD" for a pod, else
// "docker 0123456789ab" (the short id).
std::string container_label(const ContainerId& id, const ContainerName& name);

// Fills Snapshot::current_netns and init_netns from proc_root, Process::container for every owner
// in a container (their unit says so: "container ID" or "machine-NAME.scope"), and each
// NetnsInfo's container from its lowest PID. Names come from the runtimes' state files under
// `root` ("" = /), each container's looked up once.
void label_containers(Snapshot& snap, const std::string& proc_root, const std::string& root = "");

}  // namespace sockscope
