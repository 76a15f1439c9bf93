// Parser of the conn_events eBPF program's ring-buffer records into ConnEvent values.
#include "parse/conn_event.hpp"

#include <sys/socket.h>

#include <cstring>
#include <string>

extern "C" {
#include "model/conn_event_record.h"
}

namespace sockscope {

namespace {

static_assert(sizeof(conn_event_record) == 152, "the record must keep the layout the BPF program writes");

bool valid_state(std::uint8_t s) { return s >= 1 && s <= kMaxTcpState; }

IpAddress address(Family family, const std::uint8_t (&bytes)[16]) {
  if (family == Family::Inet6) return IpAddress::v6(bytes);
  std::uint32_t v4;
  std::memcpy(&v4, bytes, sizeof v4);
  return IpAddress::v4(v4);
}

}  // namespace

Result<ConnEvent> parse_conn_event(std::span<const std::byte> bytes) {
  conn_event_record r;
  if (bytes.size() < sizeof r)
    return fail("conn event: " + std::to_string(bytes.size()) + " bytes, a record has " + std::to_string(sizeof r));
  std::memcpy(&r, bytes.data(), sizeof r);
  if (r.size != sizeof r) return fail("conn event: record size " + std::to_string(r.size) + " from another build");
  if (r.kind < CONN_EVENT_CLOSED || r.kind > CONN_EVENT_LISTEN_CLOSED)
    return fail("conn event: unknown kind " + std::to_string(r.kind));
  if (r.family != AF_INET && r.family != AF_INET6) return fail("conn event: unknown family " + std::to_string(r.family));
  if (r.direction > CONN_DIR_INCOMING) return fail("conn event: unknown direction " + std::to_string(r.direction));
  if (!valid_state(r.old_state) || !valid_state(r.new_state)) return fail("conn event: TCP state out of range");
  const bool has_open = (r.flags & CONN_FLAG_OPEN_TIME) != 0;
  if (has_open && r.open_ns > r.close_ns) return fail("conn event: closes before it opens");

  ConnEvent e;
  e.kind = static_cast<ConnEventKind>(r.kind);
  e.source = ConnEventSource::Ebpf;
  e.direction = static_cast<ConnDirection>(r.direction);
  e.proto = Proto::Tcp;
  e.family = r.family == AF_INET6 ? Family::Inet6 : Family::Inet4;
  e.old_state = static_cast<TcpState>(r.old_state);
  e.new_state = static_cast<TcpState>(r.new_state);
  e.netns = r.netns;
  e.cookie = r.cookie;
  e.local = address(e.family, r.local_addr);
  e.remote = address(e.family, r.remote_addr);
  e.local_port = r.local_port;
  e.remote_port = r.remote_port;
  e.open_ns = has_open ? r.open_ns : 0;
  e.close_ns = r.close_ns;
  e.tcp.bytes_sent = r.bytes_sent;
  e.tcp.bytes_acked = r.bytes_acked;
  e.tcp.bytes_received = r.bytes_received;
  e.tcp.segs_in = r.segs_in;
  e.tcp.segs_out = r.segs_out;
  e.tcp.total_retrans = r.total_retrans;
  e.tcp.rtt_us = r.srtt_us;
  if (r.flags & CONN_FLAG_OWNER) {
    ConnOwner o;
    o.pid = r.tgid;
    o.tid = r.tid;
    o.uid = r.uid;
    o.cgroup_id = r.cgroup_id;
    o.comm.assign(r.comm, strnlen(r.comm, sizeof r.comm));
    e.owner = std::move(o);
  }
  return e;
}

}  // namespace sockscope
