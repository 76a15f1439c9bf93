// Text of `netstat -s` (Windows' per-protocol sections) and `netstat -e` (Interface Statistics).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/netstat_tables.hpp"

namespace sockscope {

// Windows' -s sections, in the order Windows prints them.
enum class StatSection : std::uint8_t { Ipv4, Ipv6, Icmpv4, Icmpv6, Tcpv4, Tcpv6, Udpv4, Udpv6 };
inline constexpr StatSection kAllStatSections[] = {StatSection::Ipv4,  StatSection::Ipv6,  StatSection::Icmpv4,
                                                   StatSection::Icmpv6, StatSection::Tcpv4, StatSection::Tcpv6,
                                                   StatSection::Udpv4, StatSection::Udpv6};

// The -p name of a section, case-insensitive: IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP, UDPv6.
std::optional<StatSection> stat_section_named(std::string_view name);

// The chosen sections (printed in Windows' order whatever the order asked, each once) from these
// counters. Each section: a blank line, its title, a blank line, then "  Name  = value" rows
// (ICMP: "Received    Sent" columns). A counter the kernel does not keep is left out, never shown
// as 0. Linux keeps one set of TCP counters for IPv4 and IPv6: the IPv6 TCP section says so, and
// shows them itself only when the IPv4 one is not shown.
std::string format_protocol_statistics(const ProtocolCounters& counters, const std::vector<StatSection>& sections);

// "Interface Statistics": Received/Sent Bytes, Unicast packets, Non-unicast packets, Discards,
// Errors, Unknown protocols, summed over every interface that reports counters (loopback
// included). Received non-unicast = multicast; received unicast = packets - multicast. Linux does
// not count sent multicast or broadcast per link, so sent unicast is every packet sent, sent
// non-unicast is blank, and closing notes say so and that loopback is in the sums.
std::string format_interface_statistics(const std::vector<InterfaceInfo>& links);

}  // namespace sockscope
