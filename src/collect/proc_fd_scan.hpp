// Finds which processes hold which sockets by reading /proc/PID/fd links, and describes those processes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/owner_index.hpp"
#include "model/process.hpp"

namespace sockscope {

// A namespace file open in some process: /proc/PID/fd/FD leads to namespace `inode`. The /proc scan
// reports network namespaces only ("net:[INODE]"); the eBPF iterator every nsfs file (any kind of
// namespace: check before use, e.g. with lookup_netns).
struct NsDescriptor {
  std::uint64_t inode = 0;
  int pid = 0;
  int fd = 0;
  friend bool operator==(const NsDescriptor&, const NsDescriptor&) = default;
};

struct OwnerScan {
  std::vector<Process> processes;  // only processes holding at least one socket
  OwnerIndex by_inode;             // socket inode -> holders; Owner::process indexes `processes`
  bool keyed_by_netns = false;     // by_inode's keys are socket_key(namespace, inode) (from eBPF)
  int processes_denied = 0;  // processes whose fd directory could not be read (EACCES/EPERM)
  // Namespace files seen on the way (so discovery need not read every descriptor again), one per
  // namespace inode, when asked for.
  std::vector<NsDescriptor> namespace_files;
};

// Vanishing processes and descriptors are skipped silently. Each holder is described from
// /proc/PID/stat (pid, ppid, name, start time); with `details` also from status (uid, user),
// cmdline, exe and cgroup (unit). Without them those fields stay empty: for callers that show
// none of them, this saves four reads per holder. `expected_sockets` sizes the descriptor list
// up front (see socket_estimate.hpp); 0 lets it grow. `max_threads` caps the scanning threads
// (the calling one included; at most 2 are used).
// With `namespace_files`, network namespace descriptors are also reported (see OwnerScan).
OwnerScan scan_socket_owners(const std::string& proc_root = "/proc", bool details = true,
                             std::size_t expected_sockets = 0, unsigned max_threads = 2, bool namespace_files = false);

// The same from socket descriptors found elsewhere (the eBPF iterator, bpf_socket_files.hpp):
// `links` holds {inode, Owner{pid, fd}}, ideally grouped by pid. Each distinct pid is described
// from /proc as above; links of processes gone meanwhile are dropped.
OwnerScan owners_from_links(std::vector<InodeOwner> links, const std::string& proc_root = "/proc",
                            bool details = true, unsigned max_threads = 2);

}  // namespace sockscope
