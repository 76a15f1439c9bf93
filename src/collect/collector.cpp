// One collection pass: sockets from netlink (or /proc when refused), owners from /proc, as a Snapshot.
#include "collect/collector.hpp"

#include <unistd.h>

#include "collect/netlink_diag.hpp"
#include "collect/proc_fd_scan.hpp"
#include "collect/proc_net_read.hpp"
#include "logic/attribute.hpp"

namespace sockscope {

Result<Snapshot> collect_snapshot(const CollectOptions& options) {
  Snapshot snap;
  snap.taken_at = std::chrono::system_clock::now();

  std::vector<Endpoint> endpoints;
  if (options.source != SourceChoice::Proc) {
    auto dumped = dump_sock_diag(options.query);
    if (dumped) {
      endpoints = std::move(*dumped);
      snap.notes.source = Source::Netlink;
    } else if (options.source == SourceChoice::Netlink) {
      return std::unexpected(dumped.error());
    } else {
      snap.notes.fallback_reason = dumped.error().message;
    }
  }
  if (options.source == SourceChoice::Proc || !snap.notes.fallback_reason.empty()) {
    auto read = read_proc_net(options.query, options.proc_root);
    if (!read) return std::unexpected(read.error());
    endpoints = std::move(*read);
    snap.notes.source = Source::Proc;
  }
  if (options.query.raw) {
    auto raw = read_proc_raw(options.query, options.proc_root);
    endpoints.insert(endpoints.end(), std::make_move_iterator(raw.begin()), std::make_move_iterator(raw.end()));
  }

  if (options.owners) {
    OwnerScan scan = scan_socket_owners(options.proc_root);
    attribute_owners(endpoints, scan.by_inode, scan.processes);
    snap.processes = std::move(scan.processes);
    if (scan.processes_denied > 0) {
      snap.notes.owners_incomplete = true;
      snap.notes.processes_denied = scan.processes_denied;
      snap.notes.owners_reason = geteuid() == 0
          ? "their /proc/PID/fd could not be read even as root (a security module or missing capability refused it)"
          : "other users' processes can only be inspected as root (or with CAP_SYS_PTRACE)";
    }
  }
  snap.endpoints = std::move(endpoints);
  return snap;
}

}  // namespace sockscope
