// An immutable picture of the host's endpoints and their owners at one moment.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/endpoint.hpp"
#include "model/netns.hpp"
#include "model/process.hpp"

namespace sockscope {

enum class Source : std::uint8_t { Netlink, Proc };

// What the collection could not see, said once to the user by the presenter.
// Where socket owners came from: none asked, the eBPF task-file iterator, or /proc/PID/fd.
enum class OwnerMethodUsed { None, Ebpf, Proc };

struct CollectionNotes {
  Source source = Source::Netlink;
  std::string fallback_reason;     // why /proc was used instead of netlink ("" if it was not)
  bool owners_incomplete = false;  // some /proc/PID/fd could not be read
  int processes_denied = 0;        // how many processes' descriptors were not readable
  std::string owners_reason;       // e.g. "reading other users' processes needs root"
  OwnerMethodUsed owners_from = OwnerMethodUsed::None;
  std::string ebpf_fallback_reason;  // why /proc/PID/fd was read instead of the eBPF iterator, when it was tried
  std::vector<std::string> warnings;
};

struct Snapshot {
  std::chrono::system_clock::time_point taken_at{};
  std::vector<Endpoint> endpoints;
  std::vector<Process> processes;  // indexed by Owner::process
  // Which network namespace each endpoint is in, as contiguous row ranges, and those namespaces;
  // both empty when only the current namespace was collected (every row is from it).
  std::vector<NetnsRows> netns_rows;
  std::vector<NetnsInfo> namespaces;
  // The inodes of the namespace sockscope ran in and of PID 1's (the host's), 0 when unreadable.
  std::uint64_t current_netns = 0;
  std::uint64_t init_netns = 0;
  CollectionNotes notes;

  // The namespace of endpoints[index] (O(log n) over netns_rows): its inode, and its NetnsInfo when
  // one was discovered (null otherwise).
  std::uint64_t netns_inode_of(std::size_t index) const;
  const NetnsInfo* netns_of(std::size_t index) const;
  // The same for an endpoint held in `endpoints`; an endpoint from elsewhere is in no namespace (0, null).
  std::uint64_t netns_inode_of(const Endpoint& e) const;
  const NetnsInfo* netns_of(const Endpoint& e) const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace sockscope
