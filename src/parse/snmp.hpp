// Parsers for the kernel's protocol counter files: /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6.
#pragma once

#include <string_view>

#include "model/error.hpp"
#include "model/netstat_tables.hpp"

namespace sockscope {

// The two-line format of /proc/net/snmp and /proc/net/netstat: "Group: Key1 Key2 ..." followed by
// "Group: v1 v2 ...". Values land under "Group.Key". Negative values (Tcp MaxConn is -1, "no
// limit") are not counters and are left out. Fails, naming the line, when a header has no value
// line, the two lines name different groups or hold different numbers of fields, or a value is
// not a number: a short read or a format this code does not know, where guessing would mislabel
// counters.
Result<ProtocolCounters> parse_snmp_pairs(std::string_view text);

// /proc/net/snmp6 (and /proc/net/dev_snmp6/IFACE): "Key value" per line. "Ip6InReceives" is stored
// as "Ip6.InReceives" (the group ends at its first '6'); a key without a '6' is stored as is.
// Fails, naming the line, on a line that is not exactly a key and an unsigned number.
Result<ProtocolCounters> parse_snmp6(std::string_view text);

// Adds `more`'s values to `into` (keys already in `into` keep their value).
void merge_counters(ProtocolCounters& into, const ProtocolCounters& more);

}  // namespace sockscope
