// Which endpoints a command shows: protocols, states, owning processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/process_selector.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

// Protocol selection as the user names them: tcp, tcp6, udp, udp6, raw, raw6, unix.
struct ProtoSet {
  bool tcp4 = false, tcp6 = false, udp4 = false, udp6 = false, raw4 = false, raw6 = false, unix_ = false;
  bool contains(const Endpoint& e) const;
  bool any_tcp() const { return tcp4 || tcp6; }
  bool any_udp() const { return udp4 || udp6; }
  bool any_raw() const { return raw4 || raw6; }
  bool any_inet4() const { return tcp4 || udp4 || raw4; }
  bool any_inet6() const { return tcp6 || udp6 || raw6; }
  static ProtoSet all();
  static ProtoSet tcp_only();
};

// Adds one protocol name ("tcp" means IPv4 and IPv6 TCP, "tcp4" IPv4 only, "tcp6" IPv6 only;
// "inet"/"inet6" all of one family). False if the name is unknown.
bool add_proto(ProtoSet& set, std::string_view name);

struct EndpointFilter {
  ProtoSet protos = ProtoSet::tcp_only();
  // nullopt: only connected endpoints (TCP in any state but LISTEN/CLOSE/BOUND, others ESTABLISHED).
  std::optional<std::uint32_t> states;  // state_bit() mask
  std::optional<ProcessSelector> process;
  bool matches(const Endpoint& e, const Snapshot& snap) const;
};

// Indices of the snapshot's endpoints that pass the filter, in snapshot order.
std::vector<std::size_t> select_endpoints(const Snapshot& snap, const EndpointFilter& filter);

// Whether any process of the snapshot matches (the caller checks /proc for processes holding no sockets).
bool any_process_matches(const Snapshot& snap, const ProcessSelector& sel);

}  // namespace sockscope
