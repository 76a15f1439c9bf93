// kernel_sock: the fields of struct socket / struct sock the sockscope eBPF programs read (CO-RE, see
// kernel_types.h): addresses, ports, family, protocol and the network namespace a socket lives in.
#ifndef SOCKSCOPE_BPF_KERNEL_SOCK_H
#define SOCKSCOPE_BPF_KERNEL_SOCK_H

#include "kernel_types.h"

struct in6_addr {
  __u8 s6_addr[16];
};
struct ns_common {
  unsigned int inum;
} CORE;
struct net {
  struct ns_common ns;
} CORE;
typedef struct {
  struct net *net;
} CORE possible_net_t;
// The kernel nests these in anonymous unions and structs; libbpf finds them there by name.
struct sock_common {
  __be32 skc_daddr;
  __be32 skc_rcv_saddr;
  __be16 skc_dport;
  __u16 skc_num;
  unsigned short skc_family;
  possible_net_t skc_net;
  struct in6_addr skc_v6_daddr;
  struct in6_addr skc_v6_rcv_saddr;
} CORE;
struct sock {
  struct sock_common __sk_common;
  __u16 sk_protocol;  // a plain u16 since 5.6 (a bitfield before)
} CORE;
struct inet_sock {
  __be16 inet_sport;
} CORE;
struct socket {
  struct sock *sk;
} CORE;

#endif
