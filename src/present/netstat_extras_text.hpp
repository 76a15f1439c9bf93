// Text of netstat's BSD displays Linux can give: -m (socket memory), -g (multicast routing), routing statistics.
#pragma once

#include <string>

#include "model/netstat_tables.hpp"
#include "parse/netstat_extras.hpp"

namespace sockscope {

// -m: Linux has no mbufs; a table of sockstat(6) per protocol (InUse Orphan TimeWait Alloc and
// buffer memory in KBytes; blank where the kernel does not count), the total, and tcp_mem/udp_mem.
std::string format_socket_memory(const SocketMemory& m);

// -g: "IPv4 Virtual Interface Table", "IPv4 Multicast Forwarding Cache" and the IPv6 pair, in
// BSD's layout (Local-Address "-" for a vif made by interface index); "... is empty" for an empty table, one line for a kernel without the tables.
std::string format_multicast_routing(const MulticastRouting& r);

// -g -s: what Linux counts about multicast forwarding (cache sums, multicast packet counters from
// `counters`), then which of BSD's counters Linux does not keep.
std::string format_multicast_statistics(const MulticastRouting& r, const ProtocolCounters& counters);

// BSD -r -s: "routing:" with Linux's routing counters, each labelled with its source, then which of
// BSD's counters Linux does not keep.
std::string format_routing_statistics(const RoutingStatistics& s);

}  // namespace sockscope
