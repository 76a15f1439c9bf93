// One socket as the kernel reports it: protocol, addresses, state, queues, counters.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/compact_string.hpp"
#include "model/heap_optional.hpp"
#include "model/owner_list.hpp"

namespace sockscope {

enum class Family : std::uint8_t { Inet4, Inet6, Unix };
enum class Proto : std::uint8_t { Tcp, Udp, Raw, Unix };

// Kernel numbering (include/net/tcp_states.h), so parsers can cast directly.
// UDP, raw and UNIX sockets reuse it: Close means unconnected, Established connected.
enum class TcpState : std::uint8_t {
  Unknown = 0,
  Established = 1,
  SynSent = 2,
  SynRecv = 3,
  FinWait1 = 4,
  FinWait2 = 5,
  TimeWait = 6,
  Close = 7,
  CloseWait = 8,
  LastAck = 9,
  Listen = 10,
  Closing = 11,
  NewSynRecv = 12,
  BoundInactive = 13,
};
inline constexpr int kMaxTcpState = 13;

// Bit i set = state i wanted (the kernel's idiag_states mask).
inline constexpr std::uint32_t state_bit(TcpState s) { return 1u << static_cast<unsigned>(s); }
inline constexpr std::uint32_t kAllStates = (1u << (kMaxTcpState + 1)) - 2u;  // bits 1..13

enum class UnixType : std::uint8_t { None = 0, Stream = 1, Dgram = 2, SeqPacket = 5 };

struct IpAddress {
  Family family = Family::Inet4;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
  std::uint32_t scope_id = 0;            // IPv6 link-local interface index

  static IpAddress v4(std::uint32_t network_order);
  static IpAddress v6(const std::uint8_t* sixteen, std::uint32_t scope = 0);
  bool is_unspecified() const;
  bool is_loopback() const;  // 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104
  bool is_v4_mapped() const;
  std::string to_string() const;  // inet_ntop form, without scope
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
};

// tcp_info counters (kernel struct tcp_info), present only from sock_diag.
struct TcpCounters {
  // What the columns show, and what throughput needs (byte and segment deltas); the rest of
  // tcp_info is left in the kernel's message: at 100k sockets every 8 bytes here is 800 kB.
  std::uint64_t bytes_sent = 0;      // tcpi_bytes_sent (includes retransmits)
  std::uint64_t bytes_acked = 0;     // tcpi_bytes_acked
  std::uint64_t bytes_received = 0;  // tcpi_bytes_received
  std::uint32_t segs_out = 0;
  std::uint32_t segs_in = 0;
  std::uint32_t rtt_us = 0;
  std::uint32_t total_retrans = 0;   // tcpi_total_retrans
  friend bool operator==(const TcpCounters&, const TcpCounters&) = default;
};

// Fields are grouped by alignment so the struct has no holes: at 100k sockets every byte here is
// 100 kB of peak memory (136 bytes on x86-64, about half of a naive layout).
struct Endpoint {
  Proto proto = Proto::Tcp;
  Family family = Family::Inet4;
  TcpState state = TcpState::Unknown;
  UnixType unix_type = UnixType::None;  // UNIX domain sockets only

  IpAddress local;
  IpAddress remote;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint32_t ifindex = 0;  // SO_BINDTODEVICE interface, 0 = any
  std::uint32_t uid = 0;
  std::uint32_t rqueue = 0;
  std::uint32_t wqueue = 0;
  std::uint32_t raw_protocol = 0;  // raw sockets: the IP protocol number
  std::uint32_t mark = 0;          // SO_MARK (fwmark), when mark_known
  OwnerList owners;  // filled by attribution, ordered by (pid, fd); empty = nobody holds it
  // sock_diag tells the mark only to CAP_NET_ADMIN; /proc never. (In the padding before inode.)
  bool mark_known = false;

  std::uint64_t inode = 0;  // 0 for TIME_WAIT and request sockets
  std::uint64_t cookie = 0; // sock_diag cookie (0 from /proc); identifies the socket for SOCK_DESTROY

  // tcp_info counters: only TCP sockets from sock_diag, and only when asked for (SocketQuery::tcp_info).
  HeapOptional<TcpCounters> tcp;

  // UNIX domain sockets.
  CompactString unix_path;     // "" unnamed; abstract names start with '@'; reads as a string_view
  // One word, read by the family: a UNIX socket's peer inode, an inet socket's cgroup v2 id
  // (INET_DIAG_CGROUP_ID; 0 = unknown: /proc, TIME_WAIT and request sockets). unix_diag has no
  // cgroup and inet sockets no peer inode, so they share it and Endpoint stays 136 bytes (a
  // million rows are 136 MB already: issue 16's memory budget).
  union {
    std::uint64_t unix_peer = 0;
    std::uint64_t cgroup_id;
  };
};

std::string_view family_name(Family f);     // "inet", "inet6", "unix"
std::string_view proto_name(const Endpoint& e);  // "tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"
std::string_view state_name(const Endpoint& e);  // "ESTABLISHED", "LISTEN", "UNCONN", ...
std::string_view tcp_state_name(TcpState s);     // TCP names: "SYN_SENT", "TIME_WAIT", "BOUND", ...
std::optional<TcpState> parse_state_name(std::string_view name);  // case-insensitive, '-' or '_'
std::string_view unix_type_name(UnixType t);     // "stream", "dgram", "seqpacket"

}  // namespace sockscope
