// The prose of `sockscope close --help`: selection rules, confirmation, output, exit codes.
#pragma once

#include <string_view>

namespace sockscope::cli {

inline constexpr std::string_view kCloseDescription =
    "Close TCP connections (IPv4 and IPv6) from outside the processes holding them, as\n"
    "CurrPorts' /close and TCPView's Close Connection do. The kernel aborts each socket\n"
    "(SOCK_DESTROY): its process sees ECONNABORTED and the peer gets a reset.";

inline constexpr std::string_view kCloseUsage =
    "Usage: sockscope close [OPTIONS] LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT [PROCESS]\n"
    "       sockscope close [OPTIONS] [--local ADDR[:PORT]] [--remote ADDR[:PORT]]\n"
    "                       [--local-port PORT] [--remote-port PORT] [--pid PID | --process NAME]\n";

inline constexpr std::string_view kCloseFooter =
    "SELECTING\n"
    "  Positional form, as CurrPorts: LOCAL_ADDR LOCAL_PORT REMOTE_ADDR REMOTE_PORT and\n"
    "  optionally PROCESS; '*' stands for any. Or the options above; they cannot be\n"
    "  mixed with the positional form. Every given part must match.\n"
    "  ADDR is numeric (no host names) and matched exactly; an IPv4 address also\n"
    "  matches its IPv4-mapped IPv6 form (::ffff:a.b.c.d) and the other way round.\n"
    "  Write IPv6 with a port as [ADDR6]:PORT; a bare IPv6 address carries no port.\n"
    "  PORT is a number, a range (8000-8100) or '*'. PROCESS is a PID or a name\n"
    "  compared, ignoring case, with the process name, executable and argv[0].\n"
    "  At least one of the positional form, --local, --remote, --local-port,\n"
    "  --remote-port, --pid or --process is required ('* * * *' selects every\n"
    "  connection); -p and --state only narrow a selection.\n"
    "\n"
    "STATES\n"
    "  By default, sockets in a connection state: ESTABLISHED, SYN_SENT, SYN_RECV,\n"
    "  FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING. --state picks among these\n"
    "  and LISTEN: a listening socket is closed only when --state listen names it, and\n"
    "  then stops accepting connections. TIME_WAIT sockets cannot be closed.\n"
    "\n"
    "CONFIRMATION\n"
    "  When more than one connection matches, sockscope lists them and asks\n"
    "  'Close N connections? [y/N]' on the terminal; anything but y or yes closes\n"
    "  nothing (exit 0). Without a terminal on stdin it refuses (exit 2) unless --yes\n"
    "  is given. A single match is closed without asking. --dry-run only lists.\n"
    "\n"
    "OUTPUT\n"
    "  One line per connection on stdout:\n"
    "    closed tcp 127.0.0.1:8080 -> 127.0.0.1:43122 (pid 123 nginx)\n"
    "    already gone: tcp6 [::1]:443 -> [::1]:50000 (pid 77 curl)\n"
    "  (a connection that ended between listing and closing counts as closed), and\n"
    "  'would close ...' lines with --dry-run. Failures go to stderr with the reason:\n"
    "    not permitted: closing connections needs CAP_NET_ADMIN (run as root)\n"
    "    the kernel lacks SOCK_DESTROY (CONFIG_INET_DIAG_DESTROY)\n"
    "  After either of these, the remaining connections are not tried. Without root,\n"
    "  other users' processes cannot be inspected, so their connections show\n"
    "  '(owner unknown)' and cannot be selected by PROCESS.\n"
    "\n"
    "EXAMPLES\n"
    "  sockscope close 127.0.0.1 8080 '*' '*'      connections on local 127.0.0.1:8080\n"
    "  sockscope close '*' '*' 203.0.113.9 '*'     every connection to 203.0.113.9\n"
    "  sockscope close '*' '*' '*' 443 firefox      firefox's connections to port 443\n"
    "  sockscope close --remote [2001:db8::1]:22 -y\n"
    "  sockscope close --process curl --dry-run\n"
    "  sockscope close --local-port 8000-8100 -p tcp6\n"
    "  sockscope close --local 0.0.0.0:8080 --state listen\n"
    "\n"
    "EXIT STATUS\n"
    "  0 every selected connection closed (or already gone), a dry run, or declined\n"
    "  1 no matching connection\n"
    "  2 bad usage, or several matches without --yes and no terminal to ask on\n"
    "  3 sockets could not be read at all\n"
    "  4 some or all connections could not be closed";

}  // namespace sockscope::cli
