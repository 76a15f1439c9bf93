// Labels a snapshot's namespaces and owners with their containers, and records which namespace is the host's.
#include "collect/netns_labels.hpp"

#include <sys/stat.h>

#include <map>
#include <utility>

namespace sockscope {

std::uint64_t netns_file_inode(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::uint64_t>(st.st_ino);
}

std::string container_label(const ContainerId& id, const ContainerName& name) {
  std::string out(runtime_name(id.runtime));
  out += ' ';
  if (!name.pod.empty()) {
    if (!name.pod_namespace.empty()) out += name.pod_namespace + '/';
    out += name.pod;
  } else {
    out += name.name.empty() ? id.short_id : name.name;
  }
  return out;
}

namespace {

// Each container's state files read once per collection.
class ContainerCache {
 public:
  ContainerCache(const std::string& proc_root, const std::string& root) : proc_root_(proc_root), root_(root) {}

  // (label, name) of the container `pid` runs in; null when none.
  const std::pair<std::string, std::string>* of_process(int pid) {
    const auto id = container_of_process(pid, proc_root_);
    if (!id) return nullptr;
    auto [it, added] = seen_.try_emplace(id->id);
    if (added) {
      const ContainerName name = read_container_name(*id, root_);
      it->second.first = container_label(*id, name);
      it->second.second = !name.pod.empty() ? name.pod : (name.name.empty() ? id->short_id : name.name);
    }
    return &it->second;
  }

 private:
  const std::string& proc_root_;
  const std::string& root_;
  std::map<std::string, std::pair<std::string, std::string>> seen_;
};

bool may_be_container(const std::string& unit) { return unit.starts_with("container ") || unit.starts_with("machine-"); }

}  // namespace

void label_containers(Snapshot& snap, const std::string& proc_root, const std::string& root) {
  snap.current_netns = netns_file_inode(proc_root + "/self/ns/net");
  snap.init_netns = netns_file_inode(proc_root + "/1/ns/net");
  ContainerCache cache(proc_root, root);
  for (Process& p : snap.processes) {
    if (!may_be_container(p.unit)) continue;
    if (const auto* c = cache.of_process(p.pid)) p.container = c->first;
  }
  for (NetnsInfo& ns : snap.namespaces) {
    if (ns.pid <= 0 || ns.inode == snap.init_netns) continue;
    if (const auto* c = cache.of_process(ns.pid)) ns.container = c->first, ns.container_name = c->second;
  }
}

}  // namespace sockscope
