#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<target>/ from the test fixtures and from real kernel replies.

Run as root inside a private network namespace (`unshare -n python3 fuzz/make_corpus.py`), so the
netlink replies hold only the few loopback sockets made here. Seeds that start with a selector byte
say which parser of the target they are for (see each fuzz/<target>.cpp).
"""
import os
import socket
import struct
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")
OUT = os.path.join(ROOT, "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def fixture(*parts):
    with open(os.path.join(FIX, *parts), "rb") as f:
        return f.read()


def args(*argv):
    return b"\0".join(a.encode() if isinstance(a, str) else a for a in argv)


# --- text parsers -------------------------------------------------------------------------------
for i, table in enumerate(["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"]):
    put("parse_proc_net", table, bytes([i]) + fixture("proc", table))
put("parse_proc_net", "tcp_truncated", bytes([0]) + fixture("proc", "tcp")[:300])

put("parse_proc_pid", "stat", b"\0" + b"4242 (evil) name)) S 1 4242 4242 0 -1 4194560 110 0 0 0 0 0 0 0 20 0 1 0 12345 1000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0")
put("parse_proc_pid", "stat_self", b"\0" + open("/proc/self/stat", "rb").read())
put("parse_proc_pid", "status", b"\1" + b"Name:\tnginx\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nPid:\t1\nPPid:\t0\nUid:\t33\t33\t33\t33\nGid:\t33\t33\t33\t33\n")
put("parse_proc_pid", "cmdline", b"\2" + b"/usr/bin/python3\0-m\0http.server\0\0\0")
put("parse_proc_pid", "cmdline_rewritten", b"\2" + b"nginx: worker process\0\0\0\0")
put("parse_proc_pid", "socket_link", b"\3socket:[123456]")
put("parse_proc_pid", "proc_stat", b"\4cpu  1 2 3 4\nintr 5\nctxt 6\nbtime 1764400000\nprocesses 7\n")

for name in sorted(os.listdir(os.path.join(FIX, "cgroup"))):
    put("parse_cgroup", name, fixture("cgroup", name))
put("parse_mountinfo", "host_with_netns", fixture("mountinfo", "host_with_netns"))
put("parse_mountinfo", "link_target", b"net:[4026532356]")
put("parse_mountinfo", "escaped", b"/run/netns/a\\040b\\134c")
# The first byte picks the parser (see fuzz/parse_runtime_state.cpp).
for i, name in enumerate(["docker_config.v2.json", "podman_containers.json", "containerd_config.json",
                          "kubelet_etc-hosts", "lxc_config", "machined_web"]):
    put("parse_runtime_state", name, bytes([i]) + fixture("runtime", name))
put("parse_runtime_state", "crio_config.json", bytes([2]) + fixture("runtime", "crio_config.json"))
put("parse_runtime_state", "kubelet_etc-hosts_subdomain", bytes([3]) + fixture("runtime", "kubelet_etc-hosts_subdomain"))

put("parse_snmp", "snmp", b"\0" + fixture("netstat", "snmp"))
put("parse_snmp", "netstat", b"\0" + fixture("netstat", "netstat"))
put("parse_snmp", "snmp6", b"\1" + fixture("netstat", "snmp6"))
put("parse_snmp", "protocols", b"\2" + open("/proc/net/protocols", "rb").read())
put("parse_snmp", "sockstat", b"\3" + open("/proc/net/sockstat", "rb").read())
put("parse_snmp", "file_nr", b"\4" + open("/proc/sys/fs/file-nr", "rb").read())

# Selector bytes: sockstat 0 = sockstat(6), 1 = tcp_mem/udp_mem; route_stats 0 = rt_cache, 1 = rt6_stats;
# mroute: bit 0 = cache (else vif table), bit 1 = IPv6.
put("parse_sockstat", "sockstat", b"\0" + fixture("netstat", "sockstat"))
put("parse_sockstat", "sockstat6", b"\0" + fixture("netstat", "sockstat6"))
put("parse_sockstat", "tcp_mem", b"\1" + fixture("netstat", "tcp_mem"))
put("parse_route_stats", "rt_cache", b"\0" + fixture("netstat", "rt_cache"))
put("parse_route_stats", "rt6_stats", b"\1" + fixture("netstat", "rt6_stats"))
for sel, name in enumerate(["ip_mr_vif", "ip_mr_cache", "ip6_mr_vif", "ip6_mr_cache"]):
    put("parse_mroute", name, bytes([sel]) + fixture("netstat", name))

put("parse_services", "services", fixture("resolve", "services"))
put("parse_services", "system", b"".join(open("/etc/services", "rb").readlines()[:60]))
put("parse_hosts", "hosts", fixture("resolve", "hosts"))
put("parse_hosts", "ipv6_scope", b"fe80::1%eth0 router\n::ffff:10.0.0.1 mapped # comment\n")
put("parse_hosts", "address", b"2001:db8::1")

# --- command lines ------------------------------------------------------------------------------
put("cli_list_options", "all_json", b"\0" + args("-a", "-n", "-j"))
put("cli_list_options", "csv_columns", b"\0" + args("-a", "-c", "-n", "-p", "tcp", "-o", "proto,local_address,local_port,pid,process"))
put("cli_list_options", "sort_state", b"\0" + args("--sort", "pid:desc", "-s", "established,listen", "-r", "--width", "120", "nginx"))
put("cli_list_options", "dns", b"\1" + args("--dns-server", "[::1]:53", "--dns-timeout", "0.5", "--source", "proc", "-v", "--color", "never"))
put("cli_list_options", "bad", b"\0" + args("--proto", "sctp", "--columns", "nope"))
put("cli_netstat_options", "ano", args("-ano"))
put("cli_netstat_options", "slash", args("/a", "/n", "/o", "/p", "tcp", "5"))
put("cli_netstat_options", "stats", args("-s", "-p", "tcp", "udp", "IPv6"))
put("cli_netstat_options", "bsd", args("--interfaces", "-I", "lo", "-d", "--family", "unix", "--count", "2", "-w", "1", "--bsd", "-r"))
put("cli_netstat_options", "bv", args("-abv", "--dns-timeout", "1.5"))
put("cli_watch_options", "interval", b"\0" + args("--interval", "0.5", "-n", "-p", "tcp,udp6", "--highlight", "5", "--color", "never"))
put("cli_watch_options", "tcpview", b"\1" + args("-p", "unix", "-i", "2"))
for i, text in enumerate(["8000-8100", "[fe80::1%lo]:443", "127.0.0.1", "established", "nginx"]):
    put("logic_close_patterns", "seed%d" % i, bytes([i if i != 2 else 2]) + text.encode())
put("logic_close_patterns", "address", b"\1::ffff:127.0.0.1")
put("logic_close_patterns", "pid", b"\x0412345")

put("logic_quick_filter", "name", args("ngi", "nginx", "/usr/sbin/nginx", "@/tmp/.X11-unix/X0", "localhost"))
put("logic_quick_filter", "hostile", args(" \x1b[2J ", "\x1b]0;pwn\x07", "/tmp/\xff\xfe", "", "x"))

# --- hostile text for the escaping ---------------------------------------------------------------
put("present_sanitize", "esc", b"\x1b[31mred\x1b[0m\r\n\t\x7f")
put("present_sanitize", "c1_bidi", "a\u0085b\u202ec\u2028d\ufeffe\u200b".encode())
put("present_sanitize", "invalid_utf8", b"\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82")
put("present_sanitize", "isolates", "\u2066a\u2069\u2067b\u2068\u061c\u2060\u2064\u206f\ufff9\u200f\u0080\u009f\x7f".encode())
put("present_sanitize", "csv_del", b"-\x7f\xc2\x85,\"x\"\r\n\t")
put("present_sanitize", "formula", b"=HYPERLINK(\"http://x\",\"y\"),\"q\"")
put("present_sanitize", "wide", "\u4e2d\u6587\U0001f600 caf\u00e9 e\u0301".encode())

# --- netlink replies from this namespace's kernel ------------------------------------------------
NLMSG_HDR = struct.Struct("=IHHII")
NLM_F_REQUEST, NLM_F_DUMP = 1, 0x300
SOCK_DIAG_BY_FAMILY = 20


def dump(proto, msg_type, body):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.bind((0, 0))
    req = NLMSG_HDR.pack(NLMSG_HDR.size + len(body), msg_type, NLM_F_REQUEST | NLM_F_DUMP, 1, 0) + body
    s.send(req)
    buffers, messages = [], []
    while True:
        buf = s.recv(65536)
        buffers.append(buf)
        off, done = 0, False
        while off + NLMSG_HDR.size <= len(buf):
            length, t, _flags, _seq, _pid = NLMSG_HDR.unpack_from(buf, off)
            if length < NLMSG_HDR.size:
                break
            if t in (2, 3):  # NLMSG_ERROR, NLMSG_DONE
                done = True
            else:
                messages.append(buf[off + NLMSG_HDR.size: off + length])
            off += (length + 3) & ~3
        if done:
            s.close()
            return buffers, messages


subprocess.run(["ip", "link", "set", "lo", "up"], check=False)
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen()
client = socket.create_connection(listener.getsockname())
server, _ = listener.accept()
client.send(b"x" * 1000)
listener6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
listener6.bind(("::1", 0))
listener6.listen()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
unix_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
unix_listener.bind("\0sockscope-corpus")
unix_listener.listen()

# inet_diag_req_v2: family, protocol, ext, pad, states, then an all-zero inet_diag_sockid (48 bytes).
INET_DIAG_INFO_EXT = 1 << (2 - 1)
for fam, fname in ((socket.AF_INET, "4"), (socket.AF_INET6, "6")):
    for proto, pname, sel in ((socket.IPPROTO_TCP, "tcp", 0), (socket.IPPROTO_UDP, "udp", 1)):
        body = struct.pack("=BBBBI", fam, proto, INET_DIAG_INFO_EXT | 0xff, 0, 0xFFFFFFFF) + bytes(48)
        buffers, msgs = dump(4, SOCK_DIAG_BY_FAMILY, body)
        for i, m in enumerate(msgs[:3]):
            put("parse_sock_diag", "%s%s_%d" % (pname, fname, i), bytes([sel]) + m)
            # As a destroy-group message: the same, with INET_DIAG_PROTOCOL (10) the kernel adds there.
            put("parse_conn_event", "destroy_%s%s_%d" % (pname, fname, i),
                b"\1" + m + struct.pack("=HHB3x", 5, 10, proto))
            if proto == socket.IPPROTO_TCP:
                # tcp_info: INET_DIAG_INFO (type 2) after the 72-byte inet_diag_msg.
                off = 72
                while off + 4 <= len(m):
                    alen, atype = struct.unpack_from("=HH", m, off)
                    if alen < 4:
                        break
                    if atype == 2:
                        put("parse_sock_diag", "tcp_info_%s_%d" % (fname, i), b"\4" + m[off + 4: off + alen])
                    off += (alen + 3) & ~3
        for i, b in enumerate(buffers[:2]):
            put("collect_netlink_reply", "%s%s_%d" % (pname, fname, i), b)
# conn_events ring-buffer records (src/model/conn_event_record.h): size, kind, direction, family,
# old and new state, flags, netns, tgid, cookie, open, close, bytes sent/acked/received, cgroup,
# segs in/out, retrans, srtt, tid, uid, ports, reserved, addresses, comm.
def conn_record(kind, direction, family, old, new, flags, local, remote, lport, rport, comm):
    return struct.pack("=HBBBBBBIIQQQQQQQIIIIIIHHI16s16s16s", 152, kind, direction, family, old, new, flags,
                       4026531840, 4242, 0x1234, 1000, 5000, 11, 10, 20, 77, 3, 4, 1, 50, 4243, 1000,
                       lport, rport, 0, local, remote, comm)
LO4 = socket.inet_pton(socket.AF_INET, "127.0.0.1") + bytes(12)
LO6 = socket.inet_pton(socket.AF_INET6, "::1")
put("parse_conn_event", "closed4", b"\0" + conn_record(1, 1, socket.AF_INET, 4, 7, 3, LO4, LO4, 40000, 80, b"curl"))
put("parse_conn_event", "failed6", b"\0" + conn_record(1, 1, socket.AF_INET6, 2, 7, 3, LO6, LO6, 40001, 81, b"x" * 16))
put("parse_conn_event", "listen4", b"\0" + conn_record(2, 0, socket.AF_INET, 7, 10, 1, LO4, bytes(16), 22, 0, b"sshd"))
put("parse_conn_event", "unowned4", b"\0" + conn_record(1, 2, socket.AF_INET, 9, 7, 0, LO4, LO4, 22, 50000, b""))
put("parse_conn_event", "refused6", b"\0" + conn_record(4, 2, socket.AF_INET6, 7, 7, 0, LO6, LO6, 7514, 50001, b""))
# UDP flow table entries (selector 2): udp_flow_key (netns, family, pad, ports, pad, addresses), then
# udp_flow (first/last ns, bytes sent/received, cgroup, packets sent/received, tgid, tid, uid, flags, comm).
def udp_flow(family, local, remote, lport, rport, flags, comm):
    key = struct.pack("=IBBHHH16s16s", 4026531840, family, 0, lport, rport, 0, local, remote)
    value = struct.pack("=QQQQQIIIIII16s", 100, 900, 160, 30, 77, 2, 1, 4242, 4243, 1000, flags, comm)
    return key + value
put("parse_conn_event", "udp_flow4", b"\2" + udp_flow(socket.AF_INET, LO4, LO4, 41000, 53, 1, b"dig"))
put("parse_conn_event", "udp_flow6_rx", b"\2" + udp_flow(socket.AF_INET6, LO6, LO6, 5353, 41001, 2, b""))

# unix_diag_req: family, protocol, pad, states, ino, show, cookie[2]
UDIAG_SHOW = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20
body = struct.pack("=BBHIIIII", socket.AF_UNIX, 0, 0, 0xFFFFFFFF, 0, UDIAG_SHOW, 0xFFFFFFFF, 0xFFFFFFFF)
buffers, msgs = dump(4, SOCK_DIAG_BY_FAMILY, body)
for i, m in enumerate(msgs[:3]):
    put("parse_sock_diag", "unix_%d" % i, b"\3" + m)
put("collect_netlink_reply", "unix", buffers[0])

# rtnetlink: links (ifinfomsg 16 bytes), addresses (ifaddrmsg 8), routes (rtmsg 12).
RTM_GETLINK, RTM_GETADDR, RTM_GETROUTE = 18, 22, 26
link_buffers, links = dump(0, RTM_GETLINK, bytes(16))
put("collect_netlink_reply", "rtnl_link", link_buffers[0])
for i, m in enumerate(links[:2]):
    put("parse_rtnl", "link_%d" % i, b"\0" + m)
    off = 16
    while off + 4 <= len(m):
        alen, atype = struct.unpack_from("=HH", m, off)
        if alen < 4:
            break
        if atype == 23:  # IFLA_STATS64
            put("parse_rtnl", "stats64_%d" % i, b"\1" + m[off + 4: off + alen])
        if atype == 7:  # IFLA_STATS
            put("parse_rtnl", "stats_%d" % i, b"\2" + m[off + 4: off + alen])
        off += (alen + 3) & ~3
_, addrs = dump(0, RTM_GETADDR, bytes(8))
for i, m in enumerate(addrs[:2]):
    put("parse_rtnl", "addr_%d" % i, b"\3" + m)
for fam in (socket.AF_INET, socket.AF_INET6):
    route_buffers, routes = dump(0, RTM_GETROUTE, struct.pack("=BBBBBBBBI", fam, 0, 0, 0, 0, 0, 0, 0, 0))
    put("collect_netlink_reply", "rtnl_route%d" % fam, route_buffers[0])
    for i, m in enumerate(routes[:3]):
        put("parse_rtnl", "route%d_%d" % (fam, i), b"\4" + m)
