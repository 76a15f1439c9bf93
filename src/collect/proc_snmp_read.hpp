// Reading the kernel's protocol counters: /proc/net/snmp and /proc/net/snmp6.
#pragma once

#include <string>

#include "model/error.hpp"
#include "model/netstat_tables.hpp"

namespace sockscope {

// Counters of the caller's network namespace: /proc/net/snmp (required) and /proc/net/snmp6
// (absent on kernels without IPv6: has_ipv6 becomes false). With `extended`, /proc/net/netstat too
// (TcpExt, IpExt, ...). proc_root is "/proc" except in tests.
Result<ProtocolCounters> read_protocol_counters(bool extended = false, const std::string& proc_root = "/proc");

}  // namespace sockscope
