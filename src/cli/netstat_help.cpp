// The text `sockscope netstat /?` prints: every switch, Windows' and BSD's, with examples.
#include "cli/netstat_options.hpp"

namespace sockscope::cli {

namespace {

constexpr std::string_view kHelp = R"(Displays protocol statistics and current TCP/IP network connections.

Usage: sockscope netstat [-a] [-b] [-e] [-f] [-i] [-n] [-o] [-p PROTO...] [-q] [-r]
                         [-s] [-t] [-v] [-x] [-y] [BSD options] [INTERVAL]

The switches and layouts are Windows netstat's; BSD netstat's displays are
reachable too. Switches combine as typed (-ano, -anp tcp, -e -s) and may start
with '/' as on Windows (/a, /?). Without switches: active (connected) TCP
connections.

WINDOWS SWITCHES
  -a            Displays all connections and listening ports: listening TCP
                ports and every UDP endpoint too.
  -b            Displays the owner of each connection or listening port under
                its row: the systemd unit or container the process runs in (as
                Windows names the service), then the process name in brackets:
                      TCP    0.0.0.0:80             0.0.0.0:0              LISTENING
                      nginx.service
                     [nginx]
                Containers show as "container" and the id's first 12 digits.
                Rows no process holds (TIME_WAIT) say
                  "Can not obtain ownership information".
                Only root sees other users' processes; without it,
                  "The requested operation requires elevation."
                is said once on stderr and the rows are listed all the same.
  -e            Displays Ethernet statistics (Interface Statistics: bytes,
                unicast and non-unicast packets, discards, errors, unknown
                protocols). May be combined with -s; -e is shown first.
  -f            Displays fully qualified domain names (FQDN) for foreign
                addresses; otherwise a name is cut at its first dot.
  -i            Displays the time spent by a TCP connection in its current
                state, in milliseconds. Linux does not record when a state
                began: it is known only for connections sockscope saw appear or
                change state while redisplaying with an INTERVAL. Other rows
                show "-"; no number is made up.
  -n            Displays addresses and port numbers in numerical form.
  -o            Displays the owning process ID of each connection. 0: no
                process holds the socket (TIME_WAIT); -: its holder could not
                be inspected (needs root).
  -p PROTO      Shows connections for PROTO: TCP, UDP, TCPv6 or UDPv6 (any
                case; TCP and UDP mean IPv4, as on Windows). Several may follow.
                With -s, statistics for IP, IPv6, ICMP, ICMPv6, TCP, TCPv6, UDP
                or UDPv6: -s -p tcp udp.
  -q            Displays all connections, listening ports, and bound
                non-listening TCP ports (state BOUND).
  -r            Displays the routing table, as Windows' route print (Interface
                List, IPv4 and IPv6 Route Tables). With --bsd, BSD's table.
  -s            Displays per-protocol statistics: IPv4, IPv6, ICMPv4, ICMPv6,
                TCP and UDP (for IPv4 and IPv6), from /proc/net/snmp, snmp6 and
                netstat. -p narrows them.
  -t            Displays the connection offload state. Linux has no TCP
                Chimney Offload: every connection is InHost.
  -v            With -b, displays the sequence of components: the unit, the
                chain of parent processes inside it (outermost first), then the
                [process] holding the socket.
  -x            Displays NetworkDirect connections, listeners and shared
                endpoints. NetworkDirect is a Windows RDMA interface; Linux has
                none, so the section says so and lists nothing.
  -y            Displays the TCP connection template of every connection.
                Linux has no TCP templates: every row is "Not Applicable".
  INTERVAL      Redisplays the selected information every INTERVAL seconds
                (a whole number). Press CTRL+C to stop. Without it, prints once.
  /?, -?, -h, --help
                Displays this help.

  Long forms: --all --owners --ethernet --fqdn --time-in-state --numeric --pid
  --protocol PROTO --bound --route --statistics --offload --verbose
  --network-direct --template.

BSD NETSTAT
  -a, -n, -p, -r and -s mean what they mean on Windows. Where BSD uses a
  letter for something else, the Windows meaning wins and BSD's capability
  has a long option:
  --interfaces  BSD -i: the interface display: Name Mtu Network Address Ipkts
                Ierrs Opkts Oerrs Coll. With an INTERVAL, a running count per
                interval; its first line is the total since boot.
  -I IFACE, --interface IFACE
                BSD -I: only this interface (implies --interfaces).
  -d, --drops   BSD -d: dropped packets too (implies --interfaces).
  --family FAM  BSD -f address_family: inet, inet6 or unix, comma-separated.
                unix lists "Active UNIX domain sockets" (Proto RefCnt Flags
                Type State I-Node Path); without -a, listening ones are left
                out. RefCnt is not known from netlink and shows "-".
  --bsd         BSD -r: the routing table with Flags (U up, G gateway, H host,
                D and M redirect), Refs and Use.
  -A, --pcb     BSD -A: identifies each socket (BSD shows its control block
                address): Inode and kernel Cookie columns are added.
  -w N, --wait N
                BSD -w wait: the INTERVAL as a switch.
  --count N     Stops after N displays (BSD's count; -q is taken by Windows).
  Not available: -M core and -N system (kernel images; Linux has /proc), -h
  (the IMP host table; here -h is help), -m (mbuf pools) and -g (multicast
  routing).

OTHER OPTIONS
  --dns-timeout SECONDS
                Total time to wait for names (default 2); names that are late
                stay numeric. Lookups never hang the output.

OUTPUT
  Active Connections

    Proto  Local Address          Foreign Address        State           PID
    TCP    127.0.0.1:5000         127.0.0.1:41000        ESTABLISHED     812
    TCP    [::]:22                [::]:0                 LISTENING       501
    UDP    0.0.0.0:68             *:*                                    640

  Proto is TCP or UDP for IPv4 and IPv6 alike; IPv6 addresses are bracketed.
  Listening rows show the foreign address 0.0.0.0:0 or [::]:0, UDP rows *:*
  and no state. Without -n, local addresses show this host's name, ports
  their /etc/services names, and foreign addresses their reverse-resolved
  names (/etc/hosts, then DNS). States: LISTENING ESTABLISHED SYN_SENT
  SYN_RECEIVED FIN_WAIT_1 FIN_WAIT_2 TIME_WAIT CLOSE_WAIT LAST_ACK CLOSING
  CLOSED BOUND. Extra columns come in this order: PID, Offload State,
  Template, Time in State (ms), Inode, Cookie. Text chosen by other parties
  (names, paths, units) is shown escaped (\n, \x1b).

EXAMPLES
  sockscope netstat -ano              every endpoint, numeric, with PIDs
  sockscope netstat -anp tcp          IPv4 TCP with listening ports, numeric
  sockscope netstat -b                connections and their owners (as root)
  sockscope netstat -abv              owners with their parent processes
  sockscope netstat -e -s             interface, then protocol statistics
  sockscope netstat -s -p tcp udp     TCP and UDP statistics only
  sockscope netstat -o 5              connections with PIDs every 5 seconds
  sockscope netstat -n 2 --count 3    three displays, two seconds apart
  sockscope netstat -r                the routing table
  sockscope netstat --interfaces -d   interfaces with dropped packets
  sockscope netstat -I eth0 1         eth0's traffic, second by second
  sockscope netstat --family unix -a  UNIX domain sockets

EXIT STATUS
  0 success; 2 bad usage (a one-line message names the switch or value);
  3 the kernel's data could not be read.
)";

}  // namespace

std::string_view netstat_help() { return kHelp; }

}  // namespace sockscope::cli
