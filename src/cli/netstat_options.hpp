// `sockscope netstat` switches: Windows netstat's letters, BSD netstat's capabilities as long options.
#pragma once

#include "logic/query_ast.hpp"

#include <chrono>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/netns_select.hpp"

namespace sockscope::cli {

struct NetstatOptions {
  bool help = false;  // /?, -?, -h, --help

  // Windows switches.
  bool all = false;             // -a: listening TCP and UDP too
  bool owners = false;          // -b: unit/container and [executable] under each row
  bool ethernet = false;        // -e: Interface Statistics
  bool fqdn = false;            // -f: fully qualified foreign names
  bool time_in_state = false;   // -i: time in current state (ms)
  bool numeric = false;         // -n
  bool pid = false;             // -o: PID column
  std::vector<std::string> protocols;  // -p, as typed (validated)
  bool bound = false;           // -q: -a plus bound, non-listening TCP
  bool routes = false;          // -r
  bool statistics = false;      // -s
  bool offload = false;         // -t: Offload State column
  bool verbose = false;         // -v: with -b, the chain of components
  bool network_direct = false;  // -x
  bool templates = false;       // -y: Template column
  std::optional<int> interval;  // trailing number (or BSD -w): seconds between displays

  // BSD capabilities.
  bool pcb = false;                     // -A, --pcb: socket identity columns
  bool interfaces = false;              // --interfaces (BSD -i)
  std::optional<std::string> interface; // -I, --interface IFACE (implies the interface display)
  bool drops = false;                   // -d, --drops (implies the interface display)
  bool bsd = false;                     // --bsd: BSD layout for -r
  bool family_inet = true, family_inet6 = true, family_unix = false;  // --family (BSD -f)
  std::optional<int> count;             // --count N: stop after N displays
  bool memory = false;                  // -m, --memory: socket memory (BSD's mbuf statistics)
  bool multicast = false;               // -g, --multicast: multicast routing tables
  bool multicast_statistics = false;    // -g -s: multicast routing statistics instead of both
  bool routing_statistics = false;      // --routing-statistics, or -r -s --bsd: BSD's -r -s

  std::chrono::milliseconds dns_timeout{2000};  // --dns-timeout SECONDS
  std::vector<NetnsSelector> netns;             // --netns (repeatable); empty: all as root
  std::optional<Query> filter;                  // --filter EXPR: narrows the connection display
};

// Parses the arguments after `netstat`. The error is one line naming the bad switch or value
// (without a program prefix or pointer to help; the caller adds those).
std::expected<NetstatOptions, std::string> parse_netstat_args(const std::vector<std::string>& args);

// Whether the connection listing (Active Connections / UNIX domain sockets) is shown: it is
// unless a section switch (-e, -s, -r, -x, --interfaces, -m, -g, --routing-statistics) asks for
// something else.
bool shows_connections(const NetstatOptions& o);

// Protocol names -p takes: with -s any of these; for connections only the first four.
inline constexpr std::string_view kConnectionProtocols[] = {"TCP", "UDP", "TCPv6", "UDPv6"};
inline constexpr std::string_view kStatisticsProtocols[] = {"TCP", "UDP", "TCPv6", "UDPv6",
                                                           "IP",  "IPv6", "ICMP", "ICMPv6"};

// Every switch the parser takes, for the shell completions: its letter (0: long only), long name
// ("": letter only), the value it takes ("": none; PROTO, IFACE, SECONDS, N, FAMILY, NETNS, EXPR)
// and a summary. tests/unit/cli_completion_spec_test.cpp holds it and the parser to each other.
struct NetstatSwitch {
  char letter;
  std::string_view long_name;
  std::string_view value;
  std::string_view summary;
};
std::span<const NetstatSwitch> netstat_switches();

// The help `/?` prints: every switch, its origin, examples, exit status.
std::string_view netstat_help();

}  // namespace sockscope::cli
