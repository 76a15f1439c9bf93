// One finished connection or listener change, as the event stream beside snapshots delivers it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/endpoint.hpp"

namespace sockscope {

// Closed: a TCP connection ended, or a UDP flow went idle (proto Udp); Refused: an incoming SYN
// that found no socket (the kernel answered RST; no owner, no open time).
enum class ConnEventKind : std::uint8_t { Closed = 1, ListenOpened = 2, ListenClosed = 3, Refused = 4 };
enum class ConnDirection : std::uint8_t { Unknown = 0, Outgoing = 1, Incoming = 2 };
// Which capture produced the event: the eBPF program knows owners and open times, the sock_diag
// destroy groups (ss -E) only the socket's last tcp_info.
enum class ConnEventSource : std::uint8_t { Ebpf, DestroyGroup };

// The task that opened (connect, listen) or accepted the socket, kept by the kernel side until the
// socket closes, so it is known even when the process exited first.
struct ConnOwner {
  std::uint32_t pid = 0;  // thread-group id in the initial PID namespace
  std::uint32_t tid = 0;
  std::uint32_t uid = 0;
  std::uint64_t cgroup_id = 0;
  std::string comm;  // raw kernel bytes: sanitize before showing
  friend bool operator==(const ConnOwner&, const ConnOwner&) = default;
};

struct ConnEvent {
  ConnEventKind kind = ConnEventKind::Closed;
  ConnEventSource source = ConnEventSource::Ebpf;
  ConnDirection direction = ConnDirection::Unknown;
  Proto proto = Proto::Tcp;
  Family family = Family::Inet4;
  TcpState old_state = TcpState::Unknown;  // the state before the last change (SYN_SENT: failed connect)
  TcpState new_state = TcpState::Unknown;
  std::uint32_t netns = 0;     // network namespace inode, 0 when unknown
  std::uint64_t cookie = 0;
  IpAddress local;
  IpAddress remote;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint64_t open_ns = 0;   // CLOCK_BOOTTIME; 0 = unknown (before capture began, or no eBPF)
  std::uint64_t close_ns = 0;  // CLOCK_BOOTTIME
  // Final counters as tcp_info has them (rtt_us: smoothed RTT). bytes_acked and bytes_received
  // count sequence space: payload plus 1 for each FIN, and bytes_acked 1 more for the SYN of a
  // connecting socket. A UDP flow: bytes_sent/bytes_received are payload bytes, segs_out/segs_in
  // datagrams; open_ns and close_ns its first and last datagram.
  TcpCounters tcp;
  std::optional<ConnOwner> owner;
  friend bool operator==(const ConnEvent&, const ConnEvent&) = default;
};

// A failed connect: the connection never got past SYN_SENT.
inline bool failed_connect(const ConnEvent& e) {
  return e.kind == ConnEventKind::Closed && e.old_state == TcpState::SynSent;
}

// An incoming connection attempt to a port nobody listened on.
inline bool refused_syn(const ConnEvent& e) { return e.kind == ConnEventKind::Refused; }

}  // namespace sockscope
