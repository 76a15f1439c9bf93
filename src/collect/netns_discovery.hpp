// Finds every network namespace on the host, as `lsns -t net` does, and resolves --netns selectors.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/netns_select.hpp"
#include "model/error.hpp"
#include "model/netns.hpp"

namespace sockscope {

struct NetnsDiscoveryOptions {
  std::string proc_root = "/proc";
  std::string netns_dir = "/run/netns";  // where `ip netns` keeps its names
  // Also look through every process's descriptors for namespaces held open only there (one
  // readlink per descriptor: about as costly as the /proc owner scan).
  bool scan_descriptors = true;
};

// The network namespaces of every process under proc_root (/proc/PID/ns/net, deduplicated by
// inode), the named ones in netns_dir, the nsfs bind mounts of every mount namespace (read from
// one process's mountinfo per mount namespace, opened through /proc/PID/root when not ours) and,
// if asked, ones open in some process's descriptors (/proc/PID/fd/N -> "net:[INODE]").
// The current namespace (this process's) comes first, the rest by inode. Namespaces, processes
// and mounts vanishing meanwhile are skipped; unreadable ones too (without root, little is
// readable: then mostly the current namespace is found).
std::vector<NetnsInfo> discover_netns(const NetnsDiscoveryOptions& options = {});

// The namespace a PID or PATH selector names, looked up on the system (for select_netns):
// /proc/PID/ns/net, or the file itself, which must be a network namespace.
Result<NetnsInfo> lookup_netns(const NetnsSelector& selector, const std::string& proc_root = "/proc");

// Parses `args` (--netns values), discovers, and selects; see select_netns.
Result<std::vector<NetnsInfo>> resolve_netns(std::span<const std::string> args, const NetnsDiscoveryOptions& options = {});

}  // namespace sockscope
