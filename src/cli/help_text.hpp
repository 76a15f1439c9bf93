// The prose of --help: what sockscope is, examples, exit codes. Options describe themselves.
#pragma once

#include <string_view>

namespace sockscope::cli {

inline constexpr std::string_view kAppDescription =
    "sockscope - every network endpoint on this Linux host, with the process that owns it.\n"
    "TCPView/TCPVCon and netstat for Linux: TCP, UDP, raw and UNIX sockets, their state,\n"
    "queues and traffic counters, and which processes hold them.";

inline constexpr std::string_view kAppFooter =
    "Without a command, on a terminal, sockscope opens the live view (TCPView: 'watch');\n"
    "otherwise it runs 'list' with the arguments given. Invoked as 'tcpvcon', it behaves\n"
    "as 'sockscope list'; as 'tcpview', as 'sockscope watch'.\n"
    "\n"
    "EXAMPLES\n"
    "  sockscope                      the live view on a terminal (F1 for its keys)\n"
    "  sockscope list                 connected TCP endpoints and their processes\n"
    "  sockscope list -a              every endpoint, listening and UDP included\n"
    "  sockscope list -a nginx        endpoints of processes named nginx\n"
    "  sockscope list -a -j -n        everything as JSON, numeric, for scripts\n"
    "  sockscope close 127.0.0.1 8080 '*' '*'   close connections on local port 8080\n"
    "\n"
    "EXIT STATUS\n"
    "  0 success, 1 no matching process (close: connection), 2 bad usage,\n"
    "  3 sockets could not be read, 4 close: some connections could not be closed\n"
    "\n"
    "See 'sockscope list --help' and 'sockscope close --help' for every option,\n"
    "and man sockscope(1).";

inline constexpr std::string_view kListDescription =
    "List endpoints and the processes that hold them (TCPVCon's job).\n"
    "By default only connected TCP endpoints are shown, as TCPVCon and netstat do;\n"
    "-a shows every endpoint.";

inline constexpr std::string_view kListFooter =
    "SELECTION\n"
    "  Without -a: TCP endpoints in a connected state (all but LISTEN, CLOSE, BOUND);\n"
    "  with -p and no -a, only connected endpoints of those protocols. --state picks\n"
    "  states explicitly. A PROCESS argument keeps the endpoints held by that process.\n"
    "\n"
    "FILTER\n"
    "  Words after the options (or -f EXPR) are a filter expression: ss's FILTER,\n"
    "    [state STATE | exclude STATE]... src|dst ADDR[/LEN][:PORT], sport|dport\n"
    "    [op] :PORT, dev NAME, and/or/not and parentheses,\n"
    "  and every --list-columns name as a field: process ~ ^ssh, pid = 42,\n"
    "  user = www-data, bytes_received > 10M, rtt > 100ms. A state or exclude run\n"
    "  replaces the default state set. One word that is not the language's own and\n"
    "  does not parse is a PROCESS. See man sockscope(1), docs/query-language.md.\n"
    "  e.g. sockscope list state established '( dport = :ssh or sport = :ssh )'\n"
    "\n"
    "STATES\n"
    "  ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT\n"
    "  LAST_ACK LISTEN CLOSING BOUND; UNCONN (unconnected UDP, raw, UNIX). Names are\n"
    "  case-insensitive; '-' may stand for '_' (close-wait), ESTAB and LISTENING work too.\n"
    "\n"
    "OWNERS\n"
    "  A socket can be held by several processes (after fork); the pid and process\n"
    "  columns name the first (lowest PID), pids lists all. Sockets no process holds\n"
    "  (TIME_WAIT, orphans) show no owner. Without root, other users' processes cannot\n"
    "  be inspected: their sockets are listed without owner and a note says so once.\n"
    "  Owners are found by reading /proc/PID/fd, or, as root on a kernel with BTF\n"
    "  (5.11+) and where it pays (15,000+ open files, or the live view), by an eBPF\n"
    "  task-file iterator that walks every descriptor table in one pass: the same\n"
    "  answer, several times faster. Refused or unavailable, /proc is used;\n"
    "  --owners-from chooses.\n"
    "\n"
    "NAMES\n"
    "  Addresses are reverse-resolved (/etc/hosts, then DNS, asynchronously) for at\n"
    "  most --dns-timeout seconds in total; ports are named from /etc/services. -n\n"
    "  turns both off. CSV and JSON keep numeric addresses and add *_name columns.\n"
    "\n"
    "OUTPUT\n"
    "  Tables fit the terminal (80 columns when not a terminal; -W for no limit) and\n"
    "  are coloured only on a terminal, never when NO_COLOR is set. Text from other\n"
    "  parties (process names, command lines, DNS names) is shown escaped (\\n, \\x1b).\n"
    "  CSV fields that could start a spreadsheet formula are prefixed with '.\n"
    "\n"
    "EXAMPLES\n"
    "  sockscope list -a -p tcp -s listen          listening TCP ports\n"
    "  sockscope list -a -c > endpoints.csv        an audit record, CSV\n"
    "  sockscope list -a -j -o proto,local_port,pid,exe\n"
    "  sockscope list --sort bytes_received:desc -o process,remote,bytes_received\n"
    "  tcpvcon -a -c firefox\n"
    "\n"
    "EXIT STATUS\n"
    "  0 success, 1 no matching process, 2 bad usage, 3 sockets could not be read";

}  // namespace sockscope::cli
