// Bounds-checked decoding of inet_diag and unix_diag messages into endpoints.
#include "parse/sock_diag.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace sockscope {
namespace {

// memcpy, not a cast: payloads come from arbitrary offsets and need not be aligned.
template <class T>
T load(const std::byte* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Calls fn(type, payload) for each well-formed attribute from `offset` on; stops at the first
// malformed one, since nothing after it can be located reliably.
template <class Fn>
void for_each_attr(std::span<const std::byte> msg, std::size_t offset, Fn&& fn) {
  while (offset < msg.size() && msg.size() - offset >= sizeof(nlattr)) {
    const auto hdr = load<nlattr>(msg.data() + offset);
    const std::size_t len = hdr.nla_len;
    if (len < sizeof(nlattr) || len > msg.size() - offset) return;
    fn(static_cast<std::uint16_t>(hdr.nla_type & NLA_TYPE_MASK),
       msg.subspan(offset + NLA_HDRLEN, len - NLA_HDRLEN));
    offset += NLA_ALIGN(len);
  }
}

TcpState to_state(std::uint8_t s) {
  return s <= kMaxTcpState ? static_cast<TcpState>(s) : TcpState::Unknown;
}

// Link-local unicast (fe80::/10) and link-scope multicast (ffx2::/16) only mean something
// together with an interface.
bool needs_scope(const IpAddress& a) {
  const auto& b = a.bytes;
  return (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) || (b[0] == 0xff && (b[1] & 0x0f) == 0x02);
}

UnixType to_unix_type(std::uint8_t t) {
  switch (t) {
    case 1: return UnixType::Stream;
    case 2: return UnixType::Dgram;
    case 5: return UnixType::SeqPacket;
    default: return UnixType::None;
  }
}

std::uint64_t cookie_of(const std::uint32_t (&c)[2]) {
  return c[0] | (static_cast<std::uint64_t>(c[1]) << 32);
}

}  // namespace

TcpCounters parse_tcp_info(std::span<const std::byte> info) {
  tcp_info ti{};
  const std::size_t n = std::min(info.size(), sizeof ti);
  if (n > 0) std::memcpy(&ti, info.data(), n);
  // A field counts only when the kernel's bytes cover all of it.
#define SS_TCPI_HAS(f) (offsetof(tcp_info, f) + sizeof(ti.f) <= n)
  TcpCounters c;
  if (SS_TCPI_HAS(tcpi_rtt)) c.rtt_us = ti.tcpi_rtt;
  if (SS_TCPI_HAS(tcpi_total_retrans)) c.total_retrans = ti.tcpi_total_retrans;
  if (SS_TCPI_HAS(tcpi_bytes_acked)) c.bytes_acked = ti.tcpi_bytes_acked;
  if (SS_TCPI_HAS(tcpi_bytes_received)) c.bytes_received = ti.tcpi_bytes_received;
  if (SS_TCPI_HAS(tcpi_segs_out)) c.segs_out = ti.tcpi_segs_out;
  if (SS_TCPI_HAS(tcpi_segs_in)) c.segs_in = ti.tcpi_segs_in;
  if (SS_TCPI_HAS(tcpi_bytes_sent)) c.bytes_sent = ti.tcpi_bytes_sent;
#undef SS_TCPI_HAS
  return c;
}

std::optional<Endpoint> parse_inet_diag(std::span<const std::byte> payload, Proto proto) {
  Endpoint e;
  if (!parse_inet_diag_into(payload, proto, e)) return std::nullopt;
  return e;
}

bool parse_inet_diag_into(std::span<const std::byte> payload, Proto proto, Endpoint& e) {
  if (payload.size() < sizeof(inet_diag_msg)) return false;
  const auto m = load<inet_diag_msg>(payload.data());

  e.proto = proto;
  if (m.idiag_family == AF_INET) {
    e.family = Family::Inet4;
    e.local = IpAddress::v4(m.id.idiag_src[0]);
    e.remote = IpAddress::v4(m.id.idiag_dst[0]);
  } else if (m.idiag_family == AF_INET6) {
    e.family = Family::Inet6;
    std::uint8_t src[16], dst[16];
    std::memcpy(src, m.id.idiag_src, sizeof src);
    std::memcpy(dst, m.id.idiag_dst, sizeof dst);
    e.local = IpAddress::v6(src);
    e.remote = IpAddress::v6(dst);
    if (needs_scope(e.local)) e.local.scope_id = m.id.idiag_if;
    if (needs_scope(e.remote)) e.remote.scope_id = m.id.idiag_if;
  } else {
    return false;
  }
  e.state = to_state(m.idiag_state);
  e.local_port = ntohs(m.id.idiag_sport);
  e.remote_port = ntohs(m.id.idiag_dport);
  e.ifindex = m.id.idiag_if;
  e.inode = m.idiag_inode;
  e.uid = m.idiag_uid;
  e.rqueue = m.idiag_rqueue;
  e.wqueue = m.idiag_wqueue;
  e.cookie = cookie_of(m.id.idiag_cookie);

  for_each_attr(payload, NLMSG_ALIGN(sizeof(inet_diag_msg)),
                [&](std::uint16_t type, std::span<const std::byte> data) {
                  if (type == INET_DIAG_INFO && proto == Proto::Tcp) {
                    e.tcp = parse_tcp_info(data);
                  } else if (type == INET_DIAG_MARK && data.size() >= sizeof(std::uint32_t)) {
                    std::memcpy(&e.mark, data.data(), sizeof e.mark);
                    e.mark_known = true;
                  } else if (type == INET_DIAG_CGROUP_ID && data.size() >= sizeof(std::uint64_t)) {
                    std::memcpy(&e.cgroup_id, data.data(), sizeof e.cgroup_id);
                  }
                });
  return true;
}

std::optional<Endpoint> parse_unix_diag(std::span<const std::byte> payload) {
  Endpoint e;
  if (!parse_unix_diag_into(payload, e)) return std::nullopt;
  return e;
}

bool parse_unix_diag_into(std::span<const std::byte> payload, Endpoint& e) {
  if (payload.size() < sizeof(unix_diag_msg)) return false;
  const auto m = load<unix_diag_msg>(payload.data());
  if (m.udiag_family != AF_UNIX) return false;

  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.unix_type = to_unix_type(m.udiag_type);
  e.state = to_state(m.udiag_state);
  e.inode = m.udiag_ino;
  e.cookie = cookie_of(m.udiag_cookie);

  for_each_attr(payload, NLMSG_ALIGN(sizeof(unix_diag_msg)),
                [&](std::uint16_t type, std::span<const std::byte> data) {
                  const auto* p = reinterpret_cast<const char*>(data.data());
                  switch (type) {
                    case UNIX_DIAG_NAME:
                      if (data.empty()) break;
                      if (p[0] == '\0') {
                        // Abstract name: every byte after the NUL is part of it.
                        e.unix_path.assign(1, '@');
                        e.unix_path.append(p + 1, data.size() - 1);
                      } else {
                        // Filesystem path: the kernel includes the terminating NUL.
                        const auto* end = static_cast<const char*>(std::memchr(p, '\0', data.size()));
                        e.unix_path.assign(p, end ? static_cast<std::size_t>(end - p) : data.size());
                      }
                      break;
                    case UNIX_DIAG_PEER:
                      if (data.size() >= sizeof(std::uint32_t)) e.unix_peer = load<std::uint32_t>(data.data());
                      break;
                    case UNIX_DIAG_RQLEN:
                      if (data.size() >= sizeof(unix_diag_rqlen)) {
                        const auto q = load<unix_diag_rqlen>(data.data());
                        e.rqueue = q.udiag_rqueue;
                        e.wqueue = q.udiag_wqueue;
                      }
                      break;
                    case UNIX_DIAG_UID:
                      if (data.size() >= sizeof(std::uint32_t)) e.uid = load<std::uint32_t>(data.data());
                      break;
                    default:
                      break;
                  }
                });
  return true;
}

}  // namespace sockscope
