// Finds which processes hold which sockets by reading /proc/PID/fd links, and describes those processes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/owner_index.hpp"
#include "model/process.hpp"

namespace sockscope {

struct OwnerScan {
  std::vector<Process> processes;  // only processes holding at least one socket
  OwnerIndex by_inode;             // socket inode -> holders; Owner::process indexes `processes`
  bool keyed_by_netns = false;     // by_inode's keys are socket_key(namespace, inode) (from eBPF)
  int processes_denied = 0;  // processes whose fd directory could not be read (EACCES/EPERM)
};

// Vanishing processes and descriptors are skipped silently. Each holder is described from
// /proc/PID/stat (pid, ppid, name, start time); with `details` also from status (uid, user),
// cmdline, exe and cgroup (unit). Without them those fields stay empty: for callers that show
// none of them, this saves four reads per holder. `expected_sockets` sizes the descriptor list
// up front (see socket_estimate.hpp); 0 lets it grow. `max_threads` caps the scanning threads
// (the calling one included; at most 2 are used).
OwnerScan scan_socket_owners(const std::string& proc_root = "/proc", bool details = true,
                             std::size_t expected_sockets = 0, unsigned max_threads = 2);

// The same from socket descriptors found elsewhere (the eBPF iterator, bpf_socket_files.hpp):
// `links` holds {inode, Owner{pid, fd}}, ideally grouped by pid. Each distinct pid is described
// from /proc as above; links of processes gone meanwhile are dropped.
OwnerScan owners_from_links(std::vector<InodeOwner> links, const std::string& proc_root = "/proc",
                            bool details = true, unsigned max_threads = 2);

}  // namespace sockscope
