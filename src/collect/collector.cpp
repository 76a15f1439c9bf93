// One collection pass: sockets from netlink (or /proc when refused), owners from /proc, as a Snapshot.
#include "collect/collector.hpp"

#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <span>
#include <optional>
#include <thread>

#include "collect/bpf_socket_files.hpp"
#include "collect/netlink_diag.hpp"
#include "collect/netns_discovery.hpp"
#include "collect/netns_labels.hpp"
#include "collect/proc_fd_scan.hpp"
#include "collect/proc_net_read.hpp"
#include "collect/socket_estimate.hpp"
#include "model/attribute.hpp"

namespace sockscope {
namespace {

// Below this many open files on the host the /proc scan takes a few milliseconds of CPU: threads
// for it would cost more than they save, since on a busy machine every runnable thread waits for
// a core of its own (measured at ~100 sockets: 85 ms wall for 29 ms of CPU with threads).
constexpr std::size_t kThreadedScanFiles = 20000;

// Below this many open files a one-off collection reads /proc/PID/fd rather than load the eBPF
// iterator: loading parses the kernel's BTF (~60 ms of CPU on the 2-core test machine), which is
// what reading ~15k descriptor links costs. Repeated collections (the live view) load it anyway.
constexpr std::size_t kEbpfFiles = 15000;

// Whether the eBPF iterator could load at all: without CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON,
// the kernel refuses it, so Auto does not spend the BTF parse on finding that out.
bool may_load_bpf() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  auto has = [&](unsigned cap) { return (data[cap / 32].effective >> (cap % 32)) & 1u; };
  return has(CAP_SYS_ADMIN) || (has(CAP_BPF) && has(CAP_PERFMON));
}

bool want_ebpf(const CollectOptions& o, std::optional<std::size_t> files) {
  if (!o.owners || o.owner_method == OwnerMethod::Proc) return false;
  if (o.owner_method == OwnerMethod::Ebpf) return true;
  // A fixture tree under another root does not describe the kernel's tasks.
  if (o.proc_root != "/proc" || !BpfSocketFiles::built_in() || !may_load_bpf()) return false;
  // Repeated collections load it once; a one-off pays the load only where it wins.
  return o.state != nullptr || !files || *files >= kEbpfFiles;
}

struct OwnerOutcome {
  std::optional<OwnerScan> scan;  // empty only when eBPF was required and failed
  OwnerMethodUsed used = OwnerMethodUsed::None;
  std::string ebpf_failure;
};

OwnerOutcome find_owners(const CollectOptions& o, CollectorState& state, bool try_ebpf, std::size_t descriptors,
                         unsigned threads) {
  OwnerOutcome out;
  if (try_ebpf) {
    if (BpfSocketFiles* iterator = state.ebpf()) {
      std::vector<InodeOwner> links;
      std::vector<NsDescriptor> namespace_files;
      links.reserve(descriptors);
      if (auto read = iterator->read(links, o.descriptor_netns ? &namespace_files : nullptr)) {
        out.scan = owners_from_links(std::move(links), o.proc_root, o.process_details, threads);
        out.scan->namespace_files = std::move(namespace_files);
        out.used = OwnerMethodUsed::Ebpf;
        return out;
      } else {
        out.ebpf_failure = read.error().message;
      }
    } else {
      out.ebpf_failure = state.failure();
    }
    if (o.owner_method == OwnerMethod::Ebpf) return out;
  }
  out.scan = scan_socket_owners(o.proc_root, o.process_details, descriptors, threads, o.descriptor_netns);
  out.used = OwnerMethodUsed::Proc;
  return out;
}

// Sockets of every namespace in options.netns, each dumped over a socket kept open in it. Namespaces
// that could not be entered are said once in the notes; the current one needs no entering.
// Fails when no namespace at all could be dumped (the caller may then fall back to /proc).
Result<void> collect_namespaces(std::span<const NetnsInfo> wanted, const SocketQuery& query, NetnsSockets& sockets,
                                std::vector<Endpoint>& endpoints, Snapshot& snap) {
  const NetnsSyncOutcome synced = sockets.sync(wanted);
  if (!synced.refused.empty()) {
    const bool perm = std::ranges::all_of(synced.refused, [](const Error& e) { return e.code == EPERM; });
    snap.notes.warnings.push_back(
        perm ? "entering other network namespaces needs root (CAP_SYS_ADMIN): " + std::to_string(synced.refused.size()) +
                   " not shown"
             : synced.refused.front().message + (synced.refused.size() > 1 ? " (and " + std::to_string(synced.refused.size() - 1) + " more)" : ""));
  }
  NetnsDumpOutcome dumped = sockets.dump(query, endpoints);
  if (dumped.rows.empty()) {
    if (!dumped.failed.empty()) return std::unexpected(dumped.failed.front());
    if (!synced.refused.empty()) return std::unexpected(synced.refused.front());
    return fail("no network namespace could be read", ENOENT);
  }
  for (const Error& e : dumped.failed) snap.notes.warnings.push_back(e.message);
  snap.notes.source = Source::Netlink;
  for (const NetnsRows& r : dumped.rows) {
    if (const auto ns = std::ranges::find(wanted, r.netns, &NetnsInfo::inode); ns != wanted.end()) snap.namespaces.push_back(*ns);
  }
  snap.netns_rows = std::move(dumped.rows);
  return {};
}

// The network namespaces among `files` (namespace descriptors the owner scan passed) that `wanted`
// lacks, each checked to be a network namespace through its /proc/PID/fd/FD link.
std::vector<NetnsInfo> namespaces_in_descriptors(std::span<const NsDescriptor> files, std::span<const NetnsInfo> wanted,
                                                 const std::string& proc_root, std::vector<std::uint64_t>& not_net) {
  std::vector<NetnsInfo> found;
  for (const NsDescriptor& d : files) {
    if (std::ranges::find(wanted, d.inode, &NetnsInfo::inode) != wanted.end()) continue;
    if (std::ranges::find(not_net, d.inode) != not_net.end()) continue;
    NetnsSelector path;
    path.kind = NetnsSelector::Kind::Path;
    path.text = proc_root + "/" + std::to_string(d.pid) + "/fd/" + std::to_string(d.fd);
    auto info = lookup_netns(path, proc_root);
    if (info && info->inode == d.inode) {
      found.push_back(std::move(*info));
    } else if (!info && info.error().code == EINVAL) {
      not_net.push_back(d.inode);  // a mount, user, PID... namespace: not ours to dump
    }
  }
  return found;
}

}  // namespace

CollectorState::CollectorState() = default;
CollectorState::~CollectorState() = default;

BpfSocketFiles* CollectorState::ebpf() {
  if (!tried_) {
    tried_ = true;
    if (auto loaded = BpfSocketFiles::load()) ebpf_ = std::move(*loaded);
    else failure_ = loaded.error().message;
  }
  return ebpf_.get();
}

Result<Snapshot> collect_snapshot(const CollectOptions& options) {
  Snapshot snap;
  snap.taken_at = std::chrono::system_clock::now();

  // The /proc descriptor scan is all syscalls and independent of the socket dump: run it beside
  // the dump instead of after it (at 100k sockets each takes a few hundred milliseconds).
  // Sized from the kernel's counters: a vector left to double would hold its old and new blocks
  // at once, at the peak of the whole run. The scan sees every socket descriptor of every process
  // (of any protocol), hence the query for everything.
  CollectorState one_off;  // before the thread that may use it
  CollectorState& state = options.state ? *options.state : one_off;
  OwnerOutcome owners;
  std::jthread scanner;
  bool scan_inline = false, try_ebpf = false;
  const SocketCounts counts = read_socket_counts(options.proc_root);
  if (options.owners) {
    const std::size_t descriptors = estimate_endpoint_count(SocketQuery{}, counts);
    const auto files = estimate_open_files(options.proc_root);
    scan_inline = files && *files < kThreadedScanFiles;
    try_ebpf = want_ebpf(options, files);
    if (!scan_inline) {
      scanner = std::jthread([&, descriptors] { owners = find_owners(options, state, try_ebpf, descriptors, 2); });
    }
  }

  // The namespaces asked for, and those the last collection found only in descriptors.
  std::vector<NetnsInfo> wanted = options.netns;
  if (options.descriptor_netns) {
    for (const NetnsInfo& n : state.descriptor_netns()) {
      if (std::ranges::find(wanted, n.inode, &NetnsInfo::inode) == wanted.end()) wanted.push_back(n);
    }
  }

  std::vector<Endpoint> endpoints;
  endpoints.reserve(estimate_endpoint_count(options.query, counts));
  if (options.source != SourceChoice::Proc) {
    auto dumped = wanted.empty() ? dump_sock_diag(options.query, endpoints)
                                 : collect_namespaces(wanted, options.query, state.netns_sockets(), endpoints, snap);
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
  // /proc/net/raw is this process's namespace's: left out when that one is not asked for.
  const bool raw_here = options.netns.empty() || std::ranges::any_of(options.netns, &NetnsInfo::current);
  if (options.query.raw && raw_here) {
    const std::size_t raw_begin = endpoints.size();
    auto raw = read_proc_raw(options.query, options.proc_root);
    endpoints.insert(endpoints.end(), std::make_move_iterator(raw.begin()), std::make_move_iterator(raw.end()));
    if (!snap.namespaces.empty() && endpoints.size() > raw_begin) {
      if (const auto cur = std::ranges::find_if(snap.namespaces, &NetnsInfo::current); cur != snap.namespaces.end()) {
        snap.netns_rows.push_back({cur->inode, raw_begin, endpoints.size()});
      }
    }
  }

  if (scan_inline) {
    owners = find_owners(options, state, try_ebpf, 0, 1);
  } else if (scanner.joinable()) {
    scanner.join();
  }
  snap.notes.owners_from = owners.used;
  snap.notes.ebpf_fallback_reason = owners.ebpf_failure;
  if (options.owners && !owners.scan) return fail(owners.ebpf_failure, kOwnersUnavailable);
  if (options.descriptor_netns && owners.scan && snap.notes.source == Source::Netlink && !wanted.empty()) {
    std::vector<NetnsInfo> extra = namespaces_in_descriptors(owners.scan->namespace_files, wanted, options.proc_root,
                                                             state.other_namespace_files());
    // Those still held open somewhere are dumped again next time with the rest.
    std::vector<NetnsInfo>& remembered = state.descriptor_netns();
    std::erase_if(remembered, [&](const NetnsInfo& n) {
      return std::ranges::find(owners.scan->namespace_files, n.inode, &NsDescriptor::inode) == owners.scan->namespace_files.end();
    });
    for (const NetnsInfo& n : extra) remembered.push_back(n);
    if (!extra.empty()) {
      wanted.insert(wanted.end(), extra.begin(), extra.end());
      NetnsSockets& sockets = state.netns_sockets();
      sockets.sync(wanted);  // opens the new ones only: the rest are held already
      std::vector<std::uint64_t> only;
      for (const NetnsInfo& n : extra) only.push_back(n.inode);
      NetnsDumpOutcome dumped = sockets.dump(options.query, endpoints, only);
      for (const Error& e : dumped.failed) snap.notes.warnings.push_back(e.message);
      for (const NetnsRows& r : dumped.rows) {
        snap.netns_rows.push_back(r);
        if (const auto ns = std::ranges::find(extra, r.netns, &NetnsInfo::inode); ns != extra.end()) snap.namespaces.push_back(*ns);
      }
    }
  }
  // An inode number in two namespaces (sockfs's counter wrapped): walk again, this time reading
  // each socket's namespace, so each row gets the holder of its own socket.
  if (owners.used == OwnerMethodUsed::Ebpf && inode_shared_across_namespaces(endpoints, snap.netns_rows)) {
    std::vector<InodeOwner> links;
    if (BpfSocketFiles* iterator = state.ebpf(); iterator && iterator->read(links, nullptr, /*with_netns=*/true)) {
      OwnerScan keyed = owners_from_links(std::move(links), options.proc_root, options.process_details, 2);
      keyed.keyed_by_netns = true;
      owners.scan = std::move(keyed);
    }
  }
  if (owners.scan) {
    OwnerScan& scan = *owners.scan;
    if (scan.keyed_by_netns) {
      // Rows outside every namespace range were dumped (or read from /proc/net) in this thread's own.
      struct stat own {};
      const std::uint64_t here = ::stat("/proc/thread-self/ns/net", &own) == 0 ? static_cast<std::uint64_t>(own.st_ino) : 0;
      attribute_owners(endpoints, scan.by_inode, scan.processes, snap.netns_rows, here);
    } else {
      attribute_owners(endpoints, scan.by_inode, scan.processes);
    }
    snap.processes = std::move(scan.processes);
    if (scan.processes_denied > 0) {
      snap.notes.owners_incomplete = true;
      snap.notes.processes_denied = scan.processes_denied;
      snap.notes.owners_reason = geteuid() == 0
          ? "their /proc/PID/fd could not be read even as root (a security module or missing capability refused it)"
          : "other users' processes can only be inspected as root (or with CAP_SYS_PTRACE)";
    }
    owners.scan.reset();
  }
  snap.endpoints = std::move(endpoints);
  label_containers(snap, options.proc_root);
  return snap;
}

}  // namespace sockscope
