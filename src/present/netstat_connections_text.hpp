// Windows netstat's connection displays as text, from a snapshot: pure, so golden tests need no kernel.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logic/filter.hpp"
#include "model/snapshot.hpp"
#include "resolve/names.hpp"

namespace sockscope {

// What the switches ask of the connection displays.
struct ConnectionView {
  bool all = false;            // -a: listening TCP and UDP too
  bool bound = false;          // -q: as -a, plus bound non-listening TCP (BOUND)
  bool numeric = false;        // -n
  bool fqdn = false;           // -f: foreign names not cut at the first dot
  bool pid = false;            // -o
  bool owners = false;         // -b
  bool verbose = false;        // -v: with -b, the chain of components
  bool offload = false;        // -t
  bool templates = false;      // -y
  bool time_in_state = false;  // -i
  bool pcb = false;            // -A: Inode and Cookie columns
  ProtoSet protos = {true, true, true, true, false, false, false};  // TCP and UDP from -p and --family
  std::string host_name;       // this host's name, shown for local addresses unless numeric
};

// What the formatter cannot know from a snapshot, supplied by the caller (tests pass fakes).
struct ConnectionHooks {
  // -i: milliseconds the endpoint has been in its state; nullopt = not known.
  std::function<std::optional<std::int64_t>(const Endpoint&)> ms_in_state;
  // -b -v: the process and its parents, as read_ancestry gives them.
  std::function<std::vector<Process>(int pid)> ancestry;
};

// Windows' name for a TCP state: LISTENING, SYN_RECEIVED, FIN_WAIT_1, BOUND ...
std::string_view windows_state_name(TcpState s);

// Which endpoints the view shows: its TCP and UDP protocols; without -a connected TCP only (no
// LISTENING, CLOSED or unknown state, and no UDP); BOUND only with -q.
EndpointFilter connection_filter(const ConnectionView& view);

// The TCP/UDP endpoints the view shows, in Windows' order: TCP before UDP, IPv4 before IPv6,
// then by local address and port, then foreign address and port.
std::vector<std::size_t> select_connections(const Snapshot& snap, const ConnectionView& view);

// Foreign addresses of these rows worth a reverse lookup (sorted, unique; no wildcards, no UDP).
std::vector<IpAddress> addresses_to_resolve(const Snapshot& snap, const std::vector<std::size_t>& rows);

// "\nActive Connections\n\n  Proto  Local Address ..." and one line per row (plus -b lines).
// `names` null = numeric (as -n). Text from other parties is escaped.
std::string format_connections(const Snapshot& snap, const std::vector<std::size_t>& rows,
                               const ConnectionView& view, const NameSource* names,
                               const ConnectionHooks& hooks = {});

// True when -b should say "The requested operation requires elevation.": some listed socket has
// an inode but no visible owner because processes could not be inspected.
bool owners_hidden(const Snapshot& snap, const std::vector<std::size_t>& rows);

// UNIX domain sockets as Linux/BSD netstat lists them: Proto RefCnt Flags Type State I-Node Path
// (+ PID with -o, owner lines with -b). Without -a, listening sockets are left out.
std::string format_unix_sockets(const Snapshot& snap, const ConnectionView& view, const ConnectionHooks& hooks = {});

// -x: the NetworkDirect section, with the one line saying Linux has none.
std::string format_network_direct();

}  // namespace sockscope
