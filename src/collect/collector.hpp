// One collection pass: sockets from netlink (or /proc when refused), owners from /proc, as a Snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "collect/netns_sockets.hpp"
#include "collect/query.hpp"
#include "model/error.hpp"
#include "model/netns.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

enum class SourceChoice { Auto, Netlink, Proc };

// How sockets are attributed to processes: Auto uses the eBPF task-file iterator where it pays and
// the kernel allows it (root, BTF), else /proc/PID/fd; Ebpf insists (collection fails without it);
// Proc never tries eBPF.
enum class OwnerMethod { Auto, Ebpf, Proc };

class BpfSocketFiles;

// What repeated collections (the live view) share: the eBPF iterator, loaded by the first
// collection that wants it and kept, or why it could not be, so that is not retried each refresh.
class CollectorState {
 public:
  CollectorState();
  ~CollectorState();
  CollectorState(const CollectorState&) = delete;
  CollectorState& operator=(const CollectorState&) = delete;

  // The loaded iterator, or null with failure() saying why.
  BpfSocketFiles* ebpf();
  const std::string& failure() const { return failure_; }

  // The sock_diag sockets of the namespaces collected so far, kept across refreshes.
  NetnsSockets& netns_sockets() { return netns_sockets_; }

  // Namespaces the last collection found only through open descriptors (descriptor_netns): kept
  // in the next one's set so their sockets are not closed and opened again each refresh; and
  // namespace files found not to be network namespaces, so they are not opened again.
  std::vector<NetnsInfo>& descriptor_netns() { return descriptor_netns_; }
  std::vector<std::uint64_t>& other_namespace_files() { return other_namespace_files_; }

 private:
  NetnsSockets netns_sockets_;
  std::vector<NetnsInfo> descriptor_netns_;
  std::vector<std::uint64_t> other_namespace_files_;
  bool tried_ = false;
  std::unique_ptr<BpfSocketFiles> ebpf_;
  std::string failure_;
};

struct CollectOptions {
  SocketQuery query;
  bool owners = true;            // attribute sockets to processes
  // Describe owners fully (exe, cmdline, uid and user, unit) rather than from /proc/PID/stat
  // alone (pid, ppid, name, start time); see scan_socket_owners().
  bool process_details = true;
  SourceChoice source = SourceChoice::Auto;
  OwnerMethod owner_method = OwnerMethod::Auto;
  std::string proc_root = "/proc";
  // The network namespaces to collect (see netns_discovery.hpp); empty: the current one only,
  // without entering any. Needs netlink: raw sockets and the /proc fallback see the current one.
  std::vector<NetnsInfo> netns;
  // Also the namespaces only an open descriptor keeps alive (lsns finds them so): the owner scan
  // reports the namespace files it passes, and those not in `netns` are entered and dumped after
  // it, so no second walk over every descriptor is needed (discovery's scan_descriptors can be
  // off). For "every namespace" plans; needs `owners`. A namespace the previous collection found
  // this way is dumped with the others (one refresh late to go when its last descriptor closes).
  bool descriptor_netns = false;
  // Kept between calls by callers that collect repeatedly; null: a one-off collection.
  CollectorState* state = nullptr;
};

// Error::code when the collection failed because OwnerMethod::Ebpf could not be honoured.
inline constexpr int kOwnersUnavailable = -1;

// Fails only when no source at all could be read (or owners could not be found the required way);
// partial visibility is recorded in Snapshot::notes.
Result<Snapshot> collect_snapshot(const CollectOptions& options);

}  // namespace sockscope
