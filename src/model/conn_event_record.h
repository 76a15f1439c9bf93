/* conn_event_record: the fixed binary record the conn_events eBPF program writes to its ring buffer. */
/* Plain C with compiler-builtin integer types, so the BPF program (clang -target bpf, no libc
   headers) and the C++ parser (parse/conn_event.cpp) share one definition and cannot drift apart.
   Host byte order except where noted; no holes (every field at its natural alignment). */
#ifndef SOCKSCOPE_CONN_EVENT_RECORD_H
#define SOCKSCOPE_CONN_EVENT_RECORD_H

#define CONN_EVENT_CLOSED 1        /* a TCP connection reached CLOSE (also a failed connect) */
#define CONN_EVENT_LISTEN_OPENED 2 /* CLOSE -> LISTEN */
#define CONN_EVENT_LISTEN_CLOSED 3 /* LISTEN -> CLOSE */
#define CONN_EVENT_REFUSED 4       /* an incoming SYN no socket took: the kernel answered RST (no owner) */

#define CONN_DIR_UNKNOWN 0  /* the socket was open before the program was loaded */
#define CONN_DIR_OUTGOING 1 /* connect(): CLOSE -> SYN_SENT */
#define CONN_DIR_INCOMING 2 /* a listener's child: LISTEN -> SYN_RECV */

#define CONN_FLAG_OWNER 1u     /* tgid..comm hold the owner at open (connect/listen) or accept time */
#define CONN_FLAG_OPEN_TIME 2u /* open_ns holds when the connection began */

#define CONN_LOST_RINGBUF 0u   /* index in the lost-events per-CPU array: ring buffer full */
#define CONN_LOST_TRACKING 1u  /* the open-connection table was full: owner and open time lost */
#define CONN_LOST_UDP_FLOWS 2u /* the UDP flow table was full: datagrams not counted in any flow */
#define CONN_LOST_SLOTS 3u

struct conn_event_record {
  __UINT16_TYPE__ size; /* sizeof(struct conn_event_record): a layout check for the reader */
  __UINT8_TYPE__ kind;  /* CONN_EVENT_* */
  __UINT8_TYPE__ direction; /* CONN_DIR_* */
  __UINT8_TYPE__ family;    /* AF_INET (2) or AF_INET6 (10) */
  __UINT8_TYPE__ old_state; /* kernel TCP state numbers (include/net/tcp_states.h) */
  __UINT8_TYPE__ new_state;
  __UINT8_TYPE__ flags;     /* CONN_FLAG_* */
  __UINT32_TYPE__ netns;    /* network namespace inode */
  __UINT32_TYPE__ tgid;     /* owner, in the initial PID namespace */
  __UINT64_TYPE__ cookie;   /* socket cookie, the same number sock_diag reports */
  __UINT64_TYPE__ open_ns;  /* CLOCK_BOOTTIME */
  __UINT64_TYPE__ close_ns; /* CLOCK_BOOTTIME: when the event happened */
  __UINT64_TYPE__ bytes_sent;
  __UINT64_TYPE__ bytes_acked;
  __UINT64_TYPE__ bytes_received;
  __UINT64_TYPE__ cgroup_id;
  __UINT32_TYPE__ segs_in;
  __UINT32_TYPE__ segs_out;
  __UINT32_TYPE__ total_retrans;
  __UINT32_TYPE__ srtt_us;  /* smoothed RTT in microseconds (the kernel keeps it times 8) */
  __UINT32_TYPE__ tid;
  __UINT32_TYPE__ uid;
  __UINT16_TYPE__ local_port;  /* host order */
  __UINT16_TYPE__ remote_port; /* host order */
  __UINT32_TYPE__ reserved;
  __UINT8_TYPE__ local_addr[16];  /* network order; IPv4 in the first 4 bytes */
  __UINT8_TYPE__ remote_addr[16];
  char comm[16];                  /* NUL-terminated unless all 16 bytes are used */
};

/* UDP flows: the program counts datagrams in a hash map keyed by udp_flow_key; user space reads
   the flows that went idle (and all of them at the end) and deletes them. */
#define UDP_FLOW_OWNER 1u       /* tgid..comm hold the first task seen sending (or receiving) */
#define UDP_FLOW_FIRST_RX 2u    /* the first datagram was received: the peer began the flow */

struct udp_flow_key {
  __UINT32_TYPE__ netns;
  __UINT8_TYPE__ family; /* AF_INET or AF_INET6, of the datagrams (a v6 socket may send IPv4) */
  __UINT8_TYPE__ pad;
  __UINT16_TYPE__ local_port;  /* host order */
  __UINT16_TYPE__ remote_port; /* host order */
  __UINT16_TYPE__ pad2;
  __UINT8_TYPE__ local_addr[16];  /* network order; IPv4 in the first 4 bytes */
  __UINT8_TYPE__ remote_addr[16];
};

struct udp_flow {
  __UINT64_TYPE__ first_ns; /* CLOCK_BOOTTIME of the first and last datagram */
  __UINT64_TYPE__ last_ns;
  __UINT64_TYPE__ bytes_sent; /* UDP payload bytes */
  __UINT64_TYPE__ bytes_received;
  __UINT64_TYPE__ cgroup_id;
  __UINT32_TYPE__ packets_sent;
  __UINT32_TYPE__ packets_received;
  __UINT32_TYPE__ tgid;
  __UINT32_TYPE__ tid;
  __UINT32_TYPE__ uid;
  __UINT32_TYPE__ flags; /* UDP_FLOW_* */
  char comm[16];
};

#endif
