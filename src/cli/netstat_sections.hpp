// src/cli/netstat_sections.hpp — the non-connection sections of `sockscope netstat`.
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <vector>
namespace sockscope::cli {
// -s: per-protocol statistics, Windows' sections; `protocols` empty = all, else names among
// IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP, UDPv6 (already validated, case as typed).
int print_statistics(const std::vector<std::string>& protocols, std::FILE* out);
// -e: "Interface Statistics" (Received/Sent: Bytes, Unicast packets, Non-unicast packets, Discards, Errors, Unknown protocols).
int print_ethernet_stats(std::FILE* out);
// -r: Windows `route print` layout; bsd=true: BSD table with Flags/Refs/Use. numeric: no names.
int print_routes(bool bsd, bool numeric, std::FILE* out);
// BSD interface display (-i / --interfaces): Name Mtu Network Address Ipkts Ierrs Opkts Oerrs Coll
// (+ drops with `drops`), one interface with `iface`; interval > 0 → running per-interval deltas until
// interrupted (iterations: 0 = forever, else stop after that many, for tests).
struct InterfaceView { bool drops = false; std::optional<std::string> iface; bool numeric = false; int interval = 0; int iterations = 0; };
int print_interfaces(const InterfaceView& view, std::FILE* out);
// -m: socket memory; -g: multicast routing tables (statistics=true: -g -s, its statistics);
// --routing-statistics (BSD -r -s): routing counters.
int print_socket_memory(std::FILE* out);
int print_multicast_routing(bool statistics, std::FILE* out);
int print_routing_statistics(std::FILE* out);
// Each returns an exit code (0 ok; 3 when the kernel data could not be read, after a one-line message on stderr).
}  // namespace sockscope::cli
