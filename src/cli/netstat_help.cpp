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
                On Linux the sums include every interface, loopback (lo) too.
                Linux does not count sent multicast or broadcast packets per
                interface: sent "Unicast packets" is every packet sent and
                sent "Non-unicast packets" is left blank. Received
                non-unicast is the multicast count.
  -f            Displays fully qualified domain names (FQDN) for foreign
                addresses; otherwise a name is cut at its first dot.
  -i            Displays the time spent by a TCP connection in its current
                state, in milliseconds. Linux does not record when a state
                began: it is known only for connections sockscope saw appear or
                change state while redisplaying with an INTERVAL, counted from
                the display that first showed that state (a lower bound: it may
                have begun up to one INTERVAL earlier). Other rows show "-";
                no number is made up.
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
                netstat. -p narrows them. Linux keeps one set of TCP counters
                for IPv4 and IPv6: they are shown under TCP Statistics for
                IPv4, and the IPv6 section says so (alone, -s -p tcpv6 shows
                them there). Counters Linux does not keep are left out.
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
                With --interfaces (or -I, -d): BSD's running count per
                interval instead of a reprint.
  /?, -?, -h, --help
                Displays this help.

  Long forms: --all --owners --ethernet --fqdn --time-in-state --numeric --pid
  --protocol PROTO --bound --route --statistics --offload --verbose
  --network-direct --template.

BSD NETSTAT
  -a, -n, -p, -r and -s mean what they mean on Windows (BSD's -p alone shows
  a protocol's statistics; here that is -s -p). Where BSD uses a letter for
  something else, the Windows meaning wins and BSD's capability has a long
  option: BSD -i is --interfaces (-i is Windows' time in state), BSD -f is
  --family (-f is Windows' FQDN), BSD -h is not available (-h is help).
  -A, -d, -g, -I, -m and -w are BSD's own and keep their letters.
  --interfaces  BSD -i: the interface display: Name Mtu Network Address Ipkts
                Ierrs Opkts Oerrs Coll. Each interface has a <Link#N> row with
                its counters, then one row per address whose counters are "-":
                Linux counts packets per interface, not per address. A name
                ending in * is down. With an INTERVAL, a running count per
                interval for one interface (-I, else the first one up that is
                not loopback) and the Total of all: the first line of each
                screen is the total since boot, each later line what was
                counted during the preceding interval.
  -I IFACE, --interface IFACE
                BSD -I: only this interface (implies --interfaces).
  -d, --drops   BSD -d: dropped packets too (implies --interfaces).
  --family FAM  BSD -f address_family: inet, inet6 or unix, comma-separated.
                unix lists "Active UNIX domain sockets" (Proto RefCnt Flags
                Type State I-Node Path); without -a, listening ones are left
                out. RefCnt is not known from netlink and shows "-".
  --bsd         With -r: BSD's routing tables (Destination Gateway Flags Refs
                Use Netif Expire). Flags that can appear: U up, G gateway,
                H host, R reject (unreachable, prohibit), B blackhole,
                D dynamic (made by a redirect), S static (added by hand),
                l local address, b broadcast. M (modified by a redirect) never
                appears: Linux does not mark such routes. Linux keeps no
                per-route reference or use counts: Refs and Use show "-".
  -A, --pcb     BSD -A: identifies each socket (BSD shows its control block
                address): Inode and kernel Cookie columns are added.
  -w N, --wait N
                BSD -w wait: the INTERVAL as a switch.
  --count N     Stops after N displays (BSD's count; -q is taken by Windows).
  -m, --memory  BSD -m: memory statistics. Linux has no mbufs: shown instead
                are its sockets per protocol (InUse, Orphan, TimeWait, Alloc)
                and the KBytes their buffers and fragment queues hold, from
                /proc/net/sockstat and sockstat6, their total, and the TCP and
                UDP memory limits (tcp_mem, udp_mem: min/pressure/max pages).
  -g, --multicast
                BSD -g: multicast routing: IPv4 Virtual Interface Table (Vif
                Name Local-Address Remote-Address Pkts-In Pkts-Out), IPv4
                Multicast Forwarding Cache (Origin Group Packets In-Vif
                Out-Vifs:Ttls; In-Vif "-" is unresolved), then the IPv6 Mif
                table and cache. Linux does not show a vif's TTL threshold or
                rate limit: BSD's Thresh and Rate are left out; Name is its
                device. An empty table says "is empty"; a kernel without
                CONFIG_IP_MROUTE (or CONFIG_IPV6_MROUTE) is said in one line.
                With -s: multicast routing statistics instead (vifs, cache
                entries, packets forwarded, wrong interface, multicast packets
                received and sent), and which BSD counters Linux does not keep.
  --routing-statistics
                BSD -r -s (also -r -s --bsd; plain -r -s is Windows' two
                displays): "routing:" with the counters Linux has, each saying
                what it counts: ICMP redirects received and sent, packets that
                found no route (destination unreachable), rt_cache's no-route
                and martian counts, IPv6 routing tree nodes, routes, cached and
                discarded routes (rt6_stats). Not kept by Linux: bad routing
                redirects, dynamically created routes, new gateways due to
                redirects, uses of a wildcard route.
  Not available: -M core and -N system (kernel images; Linux has /proc), -h
  (the IMP host table; here -h is help).

OTHER OPTIONS
  --dns-timeout SECONDS
                Total time to wait for names (default 2); names that are late
                stay numeric. Lookups never hang the output.
  --netns all|current|NAME|PID|PATH
                Connections of these network namespaces (repeatable): an
                ip netns NAME, a PID's namespace or a namespace file. Default:
                every namespace as root, else the current one.
  --filter EXPR Only connections the expression selects: ss's FILTER and
                sockscope's fields, as 'sockscope list' takes them (e.g.
                --filter 'dport = :443 and process ~ ^curl'); see man sockscope.

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
  sockscope netstat -m                socket memory (BSD -m)
  sockscope netstat -g                multicast routing tables

EXIT STATUS
  0 success; 2 bad usage (a one-line message names the switch or value);
  3 the kernel's data could not be read.
)";

}  // namespace

std::string_view netstat_help() { return kHelp; }

}  // namespace sockscope::cli
