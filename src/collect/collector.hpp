// One collection pass: sockets from netlink (or /proc when refused), owners from /proc, as a Snapshot.
#pragma once

#include <string>

#include "collect/query.hpp"
#include "model/error.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

enum class SourceChoice { Auto, Netlink, Proc };

struct CollectOptions {
  SocketQuery query;
  bool owners = true;            // attribute sockets to processes
  // Describe owners fully (exe, cmdline, uid and user, unit) rather than from /proc/PID/stat
  // alone (pid, ppid, name, start time); see scan_socket_owners().
  bool process_details = true;
  SourceChoice source = SourceChoice::Auto;
  std::string proc_root = "/proc";
};

// Fails only when no source at all could be read; partial visibility is recorded in Snapshot::notes.
Result<Snapshot> collect_snapshot(const CollectOptions& options);

}  // namespace sockscope
