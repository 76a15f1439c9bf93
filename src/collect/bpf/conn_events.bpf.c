// conn_events: an eBPF program that follows every TCP socket's state changes and, when a connection
// closes, writes one record (model/conn_event_record.h) to a ring buffer: addresses, times, final
// counters and the task that opened it. Listeners opening and closing are written too.
//
// Owner: the CLOSE -> SYN_SENT and CLOSE -> LISTEN changes run inside connect() and listen(), in
// the task's own context, so the current task is the owner. An incoming connection is born in
// softirq (LISTEN -> SYN_RECV, no task), so its owner is taken when it is accepted: fexit on
// inet_accept, whose second argument is the new struct socket on every kernel since 2.6 (the later
// arguments changed in 6.10, which an fexit reading only the first two does not see); where the
// kernel refuses fexit, the return of the accept system calls (on_accept_syscall; the loader picks
// one of the two). The owner is kept in a hash map keyed by the struct sock pointer until the
// close, so it outlives the process. Accepts through io_uring are seen by fexit only.
//
// Refused SYNs: an incoming SYN for which no socket exists is freed with the drop reason
// SKB_DROP_REASON_NO_SOCKET (tcp_v4_rcv and tcp_v6_rcv, Linux 5.19 and later; the kernel answers it
// with a RST). The skb:kfree_skb tracepoint carries the reason since 5.17; its number differs
// between kernels, so it is relocated by name (bpf_core_enum_value). The tcp:tcp_send_reset
// tracepoint is no help before 6.10: it fires only when a socket exists.
//
// UDP flows: tracepoints only, since some kernels refuse kprobes and fentry (this project's test
// machine has neither): net:net_dev_queue sees every datagram a local UDP socket sends (in the
// sender's context, so its owner), net:netif_receive_skb every datagram the host receives. Both
// count into udp_flows, keyed by namespace and 5-tuple; user space reads and deletes the idle ones.
//
// Only helpers and attach types of Linux 5.12 and later (tp_btf, fexit, ring buffer,
// bpf_get_socket_cookie in tracing programs), so Debian 12's 6.1 loads it. CO-RE, no vmlinux.h:
// the structures below carry preserve_access_index and libbpf relocates them against the running
// kernel's BTF; every read goes through bpf_core_read, so no field's verifier type matters.

#include "kernel_files.h"
#include "kernel_sock.h"
#include <bpf/bpf_endian.h>

#include "model/conn_event_record.h"

struct tcp_sock {
  __u64 bytes_sent;
  __u64 bytes_acked;
  __u64 bytes_received;
  __u32 segs_in;
  __u32 segs_out;
  __u32 total_retrans;
  __u32 srtt_us;
} CORE;

struct net_device {
  possible_net_t nd_net;
} CORE;
struct sk_buff {
  struct sock *sk;
  struct net_device *dev;
  unsigned char *head;
  unsigned char *data;
  __u16 transport_header;
  __u16 network_header;
  __be16 protocol;
  __u8 pkt_type : 3;
} CORE;
// Only the name matters: libbpf relocates the value against the running kernel's enum.
enum skb_drop_reason { SKB_DROP_REASON_NO_SOCKET = 2 };

char LICENSE[] SEC("license") = "Dual MIT/GPL";

// UAPI numbers (linux/bpf.h, not included: it needs the build machine's asm/ headers).
#define BPF_MAP_TYPE_HASH 1
#define BPF_MAP_TYPE_PERCPU_ARRAY 6
#define BPF_MAP_TYPE_RINGBUF 27
#define BPF_ANY 0
#define BPF_NOEXIST 1
#define AF_INET 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define PACKET_HOST 0
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define AF_INET6 10
#define TCP_SYN_SENT 2
#define TCP_SYN_RECV 3
#define TCP_CLOSE 7
#define TCP_LISTEN 10

// What is known about a socket from its opening until its close.
struct opened {
  __u64 open_ns;
  __u64 cgroup_id;
  __u32 tgid;
  __u32 tid;
  __u32 uid;
  __u8 direction;
  __u8 flags;
  __u8 pad[2];
  char comm[16];
};

// 8 MiB: about 55,000 records, a burst of several seconds at 10,000 connections per second (the
// loader may resize it: BpfConnEvents::Options).
struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 8 << 20);
} events SEC(".maps");

// Sockets between open and close. Preallocated, so an insert in softirq never allocates; full, the
// connection is still reported at close, without owner or open time (counted in CONN_LOST_TRACKING).
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 131072);
  __type(key, __u64);
  __type(value, struct opened);
} open_socks SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, CONN_LOST_SLOTS);
  __type(key, __u32);
  __type(value, __u64);
} lost SEC(".maps");

// UDP flows between their first datagram and user space's idle scan. Full, datagrams of new flows
// go uncounted (CONN_LOST_UDP_FLOWS); the loader may resize it or leave the UDP programs out.
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, struct udp_flow_key);
  __type(value, struct udp_flow);
} udp_flows SEC(".maps");

static void count_lost(__u32 slot) {
  __u64 *n = bpf_map_lookup_elem(&lost, &slot);
  if (n) *n += 1;
}

static void fill_owner(struct opened *o) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  o->tgid = pid_tgid >> 32;
  o->tid = (__u32)pid_tgid;
  o->uid = (__u32)bpf_get_current_uid_gid();
  o->cgroup_id = bpf_get_current_cgroup_id();
  bpf_get_current_comm(o->comm, sizeof o->comm);
  o->flags |= CONN_FLAG_OWNER;
}

static void remember(__u64 key, __u8 direction, int with_owner) {
  struct opened o = {};
  o.open_ns = bpf_ktime_get_boot_ns();
  o.direction = direction;
  o.flags = CONN_FLAG_OPEN_TIME;
  if (with_owner) fill_owner(&o);
  if (bpf_map_update_elem(&open_socks, &key, &o, BPF_ANY) != 0) count_lost(CONN_LOST_TRACKING);
}

static void emit(struct sock *sk, __u64 key, __u8 kind, int oldstate, int newstate) {
  // A closing socket's entry goes with its record; an opening listener's stays until it closes.
  const int forget = kind != CONN_EVENT_LISTEN_OPENED;
  struct conn_event_record *r = bpf_ringbuf_reserve(&events, sizeof *r, 0);
  if (!r) {
    count_lost(CONN_LOST_RINGBUF);
    if (forget) bpf_map_delete_elem(&open_socks, &key);
    return;
  }
  __builtin_memset(r, 0, sizeof *r);
  r->size = sizeof *r;
  r->kind = kind;
  r->old_state = oldstate;
  r->new_state = newstate;
  r->close_ns = bpf_ktime_get_boot_ns();
  r->cookie = bpf_get_socket_cookie(sk);

  struct sock_common *c = &sk->__sk_common;
  r->family = BPF_CORE_READ(c, skc_family);
  r->netns = BPF_CORE_READ(c, skc_net.net, ns.inum);
  // By the close the port may be handed back (skc_num zeroed, a connection's port moved to its
  // TIME_WAIT socket); inet_sport, the source port of its segments, stays.
  struct inet_sock *inet = (struct inet_sock *)sk;
  r->local_port = bpf_ntohs(BPF_CORE_READ(inet, inet_sport));
  if (!r->local_port) r->local_port = BPF_CORE_READ(c, skc_num);
  r->remote_port = bpf_ntohs(BPF_CORE_READ(c, skc_dport));
  if (r->family == AF_INET6) {
    bpf_core_read(r->local_addr, 16, &c->skc_v6_rcv_saddr);
    bpf_core_read(r->remote_addr, 16, &c->skc_v6_daddr);
  } else {
    bpf_core_read(r->local_addr, 4, &c->skc_rcv_saddr);
    bpf_core_read(r->remote_addr, 4, &c->skc_daddr);
  }
  struct tcp_sock *tp = (struct tcp_sock *)sk;
  r->bytes_sent = BPF_CORE_READ(tp, bytes_sent);
  r->bytes_acked = BPF_CORE_READ(tp, bytes_acked);
  r->bytes_received = BPF_CORE_READ(tp, bytes_received);
  r->segs_in = BPF_CORE_READ(tp, segs_in);
  r->segs_out = BPF_CORE_READ(tp, segs_out);
  r->total_retrans = BPF_CORE_READ(tp, total_retrans);
  r->srtt_us = BPF_CORE_READ(tp, srtt_us) >> 3;

  struct opened *o = bpf_map_lookup_elem(&open_socks, &key);
  if (o) {
    r->direction = o->direction;
    r->flags = o->flags;
    r->open_ns = o->open_ns;
    r->tgid = o->tgid;
    r->tid = o->tid;
    r->uid = o->uid;
    r->cgroup_id = o->cgroup_id;
    __builtin_memcpy(r->comm, o->comm, sizeof r->comm);
  }
  if (!o && kind == CONN_EVENT_LISTEN_OPENED) {
    // The table was full: the owner of an opening listener is still known, the caller of listen().
    struct opened now = {};
    fill_owner(&now);
    r->flags = now.flags;
    r->tgid = now.tgid;
    r->tid = now.tid;
    r->uid = now.uid;
    r->cgroup_id = now.cgroup_id;
    __builtin_memcpy(r->comm, now.comm, sizeof r->comm);
  }
  if (forget) bpf_map_delete_elem(&open_socks, &key);
  bpf_ringbuf_submit(r, 0);
}

SEC("tp_btf/inet_sock_set_state")
int on_state(__u64 *ctx) {
  struct sock *sk = (struct sock *)ctx[0];
  int oldstate = (int)ctx[1];
  int newstate = (int)ctx[2];
  // The tracepoint fires for DCCP and SCTP sockets too; only TCP ones are struct tcp_sock.
  if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP) return 0;
  __u64 key = (__u64)sk;

  if (newstate == TCP_SYN_SENT && oldstate == TCP_CLOSE) {
    remember(key, CONN_DIR_OUTGOING, 1);
  } else if (newstate == TCP_SYN_RECV && oldstate == TCP_LISTEN) {
    remember(key, CONN_DIR_INCOMING, 0);
  } else if (newstate == TCP_LISTEN) {
    remember(key, CONN_DIR_UNKNOWN, 1);
    emit(sk, key, CONN_EVENT_LISTEN_OPENED, oldstate, newstate);
  } else if (newstate == TCP_CLOSE && oldstate == TCP_LISTEN) {
    emit(sk, key, CONN_EVENT_LISTEN_CLOSED, oldstate, newstate);
  } else if (newstate == TCP_CLOSE) {
    emit(sk, key, CONN_EVENT_CLOSED, oldstate, newstate);
  }
  return 0;
}

// accept() returned `sk`: the accepting task owns the connection from now on.
static void accepted(struct sock *sk) {
  if (!sk) return;
  __u64 key = (__u64)sk;
  struct opened *o = bpf_map_lookup_elem(&open_socks, &key);
  if (o) {
    fill_owner(o);
  } else {
    // Born before the program was loaded (or the table was full): the owner is still worth keeping.
    struct opened fresh = {};
    fresh.direction = CONN_DIR_INCOMING;
    fill_owner(&fresh);
    if (bpf_map_update_elem(&open_socks, &key, &fresh, BPF_NOEXIST) != 0) count_lost(CONN_LOST_TRACKING);
  }
}

// The accepting task, first choice: fexit on inet_accept (IPv4 and IPv6 TCP), run only by accepts.
SEC("fexit/inet_accept")
int on_accept(__u64 *ctx) {
  struct socket *newsock = (struct socket *)ctx[1];
  accepted(BPF_CORE_READ(newsock, sk));
  return 0;
}

// The accepting task where fentry/fexit are refused (kernels without ftrace direct calls, some
// hardened or virtualised ones): the return from the accept and accept4 system calls, whose result
// is the new descriptor. Runs at every system call's return, so only loaded when fexit is not.
// Syscall numbers differ per architecture; the register that holds them tells which one this is.
struct pt_regs {
  long orig_ax;   // x86-64
  int syscallno;  // arm64
} CORE;
struct fdtable {
  unsigned int max_fds;
  struct file **fd;
} CORE;
struct files_struct {
  struct fdtable *fdt;
} CORE;
struct task_struct {
  struct files_struct *files;
} CORE;

SEC("tp_btf/sys_exit")
int on_accept_syscall(__u64 *ctx) {
  struct pt_regs *regs = (struct pt_regs *)ctx[0];
  long ret = (long)ctx[1];
  if (ret < 0) return 0;
  long nr;
  if (bpf_core_field_exists(regs->orig_ax)) {
    nr = BPF_CORE_READ(regs, orig_ax);
    if (nr != 43 && nr != 288) return 0;  // accept, accept4 on x86-64
  } else if (bpf_core_field_exists(regs->syscallno)) {
    nr = BPF_CORE_READ(regs, syscallno);
    if (nr != 202 && nr != 242) return 0;  // accept, accept4 on arm64
  } else {
    return 0;
  }
  struct task_struct *task = (struct task_struct *)bpf_get_current_task();
  struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
  if (!fdt || (unsigned long)ret >= BPF_CORE_READ(fdt, max_fds)) return 0;
  struct file **fds = BPF_CORE_READ(fdt, fd);
  struct file *file = 0;
  if (bpf_core_read(&file, sizeof file, &fds[ret]) != 0 || !file) return 0;
  if (BPF_CORE_READ(file, f_inode, i_sb, s_magic) != SOCKFS_MAGIC) return 0;
  struct socket *sock = BPF_CORE_READ(file, private_data);
  struct sock *sk = BPF_CORE_READ(sock, sk);
  if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP) return 0;
  __u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
  if (family != AF_INET && family != AF_INET6) return 0;
  accepted(sk);
  return 0;
}

// ---- Packets: the IP and transport headers of an skb, wherever they start.

struct iphdr_min {
  __u8 ver_ihl;
  __u8 tos;
  __be16 tot_len;
  __be16 id;
  __be16 frag_off;
  __u8 ttl;
  __u8 protocol;
  __be16 check;
  __be32 saddr;
  __be32 daddr;
};
struct ipv6hdr_min {
  __u8 ver_prio;
  __u8 flow[3];
  __be16 payload_len;
  __u8 nexthdr;
  __u8 hop_limit;
  __u8 saddr[16];
  __u8 daddr[16];
};
struct ports_hdr {
  __be16 source;
  __be16 dest;
  __be16 len;    // UDP: length with its header
  __be16 check;  // TCP's sequence number: not read
};

// The addresses and ports of a packet whose network header is at `ip`: the source into `src`, the
// destination into `dst`. Returns the transport protocol (0 when not IPv4/IPv6 or a later fragment)
// and sets *transport to where the transport header starts.
static int packet_tuple(const unsigned char *ip, __u8 *family, __u8 src[16], __u8 dst[16],
                        const unsigned char **transport) {
  __u8 first = 0;
  if (bpf_probe_read_kernel(&first, 1, ip) != 0) return 0;
  if ((first >> 4) == 4) {
    struct iphdr_min h;
    if (bpf_probe_read_kernel(&h, sizeof h, ip) != 0) return 0;
    if (bpf_ntohs(h.frag_off) & 0x1fff) return 0;  // not the first fragment: no transport header
    *family = AF_INET;
    __builtin_memcpy(src, &h.saddr, 4);
    __builtin_memcpy(dst, &h.daddr, 4);
    *transport = ip + (h.ver_ihl & 0xf) * 4;
    return h.protocol;
  }
  if ((first >> 4) == 6) {
    struct ipv6hdr_min h;
    if (bpf_probe_read_kernel(&h, sizeof h, ip) != 0) return 0;
    *family = AF_INET6;
    __builtin_memcpy(src, h.saddr, 16);
    __builtin_memcpy(dst, h.daddr, 16);
    *transport = ip + sizeof h;
    return h.nexthdr;  // extension headers are not followed
  }
  return 0;
}

static __u32 dev_netns(struct sk_buff *skb) {
  struct net_device *dev = BPF_CORE_READ(skb, dev);
  if (!dev) return 0;
  return BPF_CORE_READ(dev, nd_net.net, ns.inum);
}

// ---- Refused SYNs.

SEC("tp_btf/kfree_skb")
int on_drop(__u64 *ctx) {
  struct sk_buff *skb = (struct sk_buff *)ctx[0];
  // (skb, location, reason) since 5.17; later kernels append arguments.
  const __u32 reason = (__u32)ctx[2];
  if (!bpf_core_enum_value_exists(enum skb_drop_reason, SKB_DROP_REASON_NO_SOCKET)) return 0;
  if (reason != bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NO_SOCKET)) return 0;
  const unsigned char *head = BPF_CORE_READ(skb, head);
  const unsigned char *ip = head + BPF_CORE_READ(skb, network_header);
  __u8 family = 0, src[16] = {}, dst[16] = {};
  const unsigned char *th = 0;
  if (packet_tuple(ip, &family, src, dst, &th) != IPPROTO_TCP) return 0;
  th = head + BPF_CORE_READ(skb, transport_header);
  struct ports_hdr ports;
  __u8 tcp_flags = 0;
  if (bpf_probe_read_kernel(&ports, sizeof ports, th) != 0 || bpf_probe_read_kernel(&tcp_flags, 1, th + 13) != 0)
    return 0;
  // A SYN that opens a connection: not a late segment of one that is gone, nor a RST.
  if ((tcp_flags & 0x16) != 0x02) return 0;  // SYN set; RST (0x04) and ACK (0x10) clear

  struct conn_event_record *r = bpf_ringbuf_reserve(&events, sizeof *r, 0);
  if (!r) {
    count_lost(CONN_LOST_RINGBUF);
    return 0;
  }
  __builtin_memset(r, 0, sizeof *r);
  r->size = sizeof *r;
  r->kind = CONN_EVENT_REFUSED;
  r->direction = CONN_DIR_INCOMING;
  r->family = family;
  r->old_state = TCP_CLOSE;
  r->new_state = TCP_CLOSE;
  r->close_ns = bpf_ktime_get_boot_ns();
  r->netns = dev_netns(skb);
  r->local_port = bpf_ntohs(ports.dest);
  r->remote_port = bpf_ntohs(ports.source);
  __builtin_memcpy(r->local_addr, dst, 16);
  __builtin_memcpy(r->remote_addr, src, 16);
  bpf_ringbuf_submit(r, 0);
  return 0;
}

// ---- UDP flows.

static void count_udp(struct udp_flow_key *key, __u32 bytes, int sent, int with_owner) {
  const __u64 now = bpf_ktime_get_boot_ns();
  struct udp_flow *f = bpf_map_lookup_elem(&udp_flows, key);
  if (!f) {
    struct udp_flow fresh = {};
    fresh.first_ns = now;
    if (!sent) fresh.flags = UDP_FLOW_FIRST_RX;
    // BPF_NOEXIST: another CPU may have made it meanwhile; then count into that one.
    if (bpf_map_update_elem(&udp_flows, key, &fresh, BPF_NOEXIST) != 0 && !bpf_map_lookup_elem(&udp_flows, key)) {
      count_lost(CONN_LOST_UDP_FLOWS);
      return;
    }
    f = bpf_map_lookup_elem(&udp_flows, key);
    if (!f) {
      count_lost(CONN_LOST_UDP_FLOWS);
      return;
    }
  }
  f->last_ns = now;
  if (sent) {
    __sync_fetch_and_add(&f->bytes_sent, bytes);
    __sync_fetch_and_add(&f->packets_sent, 1);
  } else {
    __sync_fetch_and_add(&f->bytes_received, bytes);
    __sync_fetch_and_add(&f->packets_received, 1);
  }
  if (with_owner && !(f->flags & UDP_FLOW_OWNER)) {
    struct opened o = {};
    fill_owner(&o);
    f->tgid = o.tgid;
    f->tid = o.tid;
    f->uid = o.uid;
    f->cgroup_id = o.cgroup_id;
    __builtin_memcpy(f->comm, o.comm, sizeof f->comm);
    f->flags |= UDP_FLOW_OWNER;
  }
}

// Reads the UDP header at `uh`: ports into the key, payload bytes returned (-1: unreadable).
static long udp_ports(const unsigned char *uh, __u16 *src_port, __u16 *dst_port) {
  struct ports_hdr h;
  if (bpf_probe_read_kernel(&h, sizeof h, uh) != 0) return -1;
  *src_port = bpf_ntohs(h.source);
  *dst_port = bpf_ntohs(h.dest);
  const long len = bpf_ntohs(h.len);
  return len >= 8 ? len - 8 : 0;
}

// A datagram leaves a local UDP socket (in the sending task's context: its owner).
SEC("tp_btf/net_dev_queue")
int on_udp_send(__u64 *ctx) {
  struct sk_buff *skb = (struct sk_buff *)ctx[0];
  struct sock *sk = BPF_CORE_READ(skb, sk);
  if (!sk || BPF_CORE_READ(sk, sk_protocol) != IPPROTO_UDP) return 0;
  const unsigned short sk_family = BPF_CORE_READ(sk, __sk_common.skc_family);
  if (sk_family != AF_INET && sk_family != AF_INET6) return 0;
  const unsigned char *head = BPF_CORE_READ(skb, head);
  struct udp_flow_key key = {};
  const unsigned char *uh = 0;
  if (packet_tuple(head + BPF_CORE_READ(skb, network_header), &key.family, key.local_addr, key.remote_addr, &uh) !=
      IPPROTO_UDP)
    return 0;
  const long bytes = udp_ports(uh, &key.local_port, &key.remote_port);
  if (bytes < 0) return 0;
  key.netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
  // A kernel thread or an interrupt has no owner to give (a datagram held for ARP, a tunnel).
  count_udp(&key, (__u32)bytes, 1, (bpf_get_current_pid_tgid() >> 32) != 0);
  return 0;
}

// A datagram arrives (softirq: no task; the flow's owner comes from its sends).
SEC("tp_btf/netif_receive_skb")
int on_udp_receive(__u64 *ctx) {
  struct sk_buff *skb = (struct sk_buff *)ctx[0];
  const __be16 proto = BPF_CORE_READ(skb, protocol);
  if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_IPV6)) return 0;
  if (BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type) > PACKET_MULTICAST) return 0;  // for another host
  // The MAC header is pulled by now: data is the network header.
  struct udp_flow_key key = {};
  const unsigned char *uh = 0;
  if (packet_tuple(BPF_CORE_READ(skb, data), &key.family, key.remote_addr, key.local_addr, &uh) != IPPROTO_UDP) return 0;
  const long bytes = udp_ports(uh, &key.remote_port, &key.local_port);
  if (bytes < 0) return 0;
  key.netns = dev_netns(skb);
  count_udp(&key, (__u32)bytes, 0, 0);
  return 0;
}
