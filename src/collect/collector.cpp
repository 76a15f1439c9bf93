// One collection pass: sockets from netlink (or /proc when refused), owners from /proc, as a Snapshot.
#include "collect/collector.hpp"

#include <unistd.h>

#include <optional>
#include <thread>

#include "collect/netlink_diag.hpp"
#include "collect/proc_fd_scan.hpp"
#include "collect/proc_net_read.hpp"
#include "collect/socket_estimate.hpp"
#include "logic/attribute.hpp"

namespace sockscope {
namespace {

// Below this many open files on the host the /proc scan takes a few milliseconds of CPU: threads
// for it would cost more than they save, since on a busy machine every runnable thread waits for
// a core of its own (measured at ~100 sockets: 85 ms wall for 29 ms of CPU with threads).
constexpr std::size_t kThreadedScanFiles = 20000;

}  // namespace

Result<Snapshot> collect_snapshot(const CollectOptions& options) {
  Snapshot snap;
  snap.taken_at = std::chrono::system_clock::now();

  // The /proc descriptor scan is all syscalls and independent of the socket dump: run it beside
  // the dump instead of after it (at 100k sockets each takes a few hundred milliseconds).
  // Sized from the kernel's counters: a vector left to double would hold its old and new blocks
  // at once, at the peak of the whole run. The scan sees every socket descriptor of every process
  // (of any protocol), hence the query for everything.
  std::optional<OwnerScan> scan;
  std::jthread scanner;
  bool scan_inline = false;
  if (options.owners) {
    const std::size_t descriptors = estimate_endpoint_count(SocketQuery{}, options.proc_root);
    const auto files = estimate_open_files(options.proc_root);
    scan_inline = files && *files < kThreadedScanFiles;
    if (!scan_inline) {
      scanner = std::jthread([&, descriptors] {
        scan = scan_socket_owners(options.proc_root, options.process_details, descriptors);
      });
    }
  }

  std::vector<Endpoint> endpoints;
  endpoints.reserve(estimate_endpoint_count(options.query, options.proc_root));
  if (options.source != SourceChoice::Proc) {
    auto dumped = dump_sock_diag(options.query, endpoints);
    if (dumped) {
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

  if (scan_inline) {
    scan = scan_socket_owners(options.proc_root, options.process_details, 0, 1);
  } else if (scanner.joinable()) {
    scanner.join();
  }
  if (scan) {
    attribute_owners(endpoints, scan->by_inode, scan->processes);
    snap.processes = std::move(scan->processes);
    if (scan->processes_denied > 0) {
      snap.notes.owners_incomplete = true;
      snap.notes.processes_denied = scan->processes_denied;
      snap.notes.owners_reason = geteuid() == 0
          ? "their /proc/PID/fd could not be read even as root (a security module or missing capability refused it)"
          : "other users' processes can only be inspected as root (or with CAP_SYS_PTRACE)";
    }
    scan.reset();
  }
  snap.endpoints = std::move(endpoints);
  return snap;
}

}  // namespace sockscope
