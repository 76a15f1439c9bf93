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
static_assert(sizeof(udp_flow_key) == 44 && sizeof(udp_flow) == 80, "the UDP flow layout the BPF program writes");

bool valid_state(std::uint8_t s) { return s >= 1 && s <= kMaxTcpState; }

IpAddress address(Family family, const std::uint8_t (&bytes)[16]) {
  if (family == Family::Inet6) return IpAddress::v6(bytes);
  std::uint32_t v4;
  std::memcpy(&v4, bytes, sizeof v4);
  return IpAddress::v4(v4);
}

ConnOwner owner_of(std::uint32_t tgid, std::uint32_t tid, std::uint32_t uid, std::uint64_t cgroup_id, const char (&comm)[16]) {
  ConnOwner o;
  o.pid = tgid;
  o.tid = tid;
  o.uid = uid;
  o.cgroup_id = cgroup_id;
  o.comm.assign(comm, strnlen(comm, sizeof comm));
  return o;
}

}  // namespace

Result<ConnEvent> parse_conn_event(std::span<const std::byte> bytes) {
  conn_event_record r;
  if (bytes.size() < sizeof r)
    return fail("conn event: " + std::to_string(bytes.size()) + " bytes, a record has " + std::to_string(sizeof r));
  std::memcpy(&r, bytes.data(), sizeof r);
  if (r.size != sizeof r) return fail("conn event: record size " + std::to_string(r.size) + " from another build");
  if (r.kind < CONN_EVENT_CLOSED || r.kind > CONN_EVENT_REFUSED)
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
  if (r.flags & CONN_FLAG_OWNER) e.owner = owner_of(r.tgid, r.tid, r.uid, r.cgroup_id, r.comm);
  return e;
}

Result<ConnEvent> parse_udp_flow(std::span<const std::byte> key, std::span<const std::byte> value) {
  udp_flow_key k;
  udp_flow v;
  if (key.size() != sizeof k) return fail("udp flow: key of " + std::to_string(key.size()) + " bytes, not " + std::to_string(sizeof k));
  if (value.size() != sizeof v)
    return fail("udp flow: value of " + std::to_string(value.size()) + " bytes, not " + std::to_string(sizeof v));
  std::memcpy(&k, key.data(), sizeof k);
  std::memcpy(&v, value.data(), sizeof v);
  if (k.family != AF_INET && k.family != AF_INET6) return fail("udp flow: unknown family " + std::to_string(k.family));
  if (v.first_ns > v.last_ns) return fail("udp flow: last datagram before the first");

  ConnEvent e;
  e.kind = ConnEventKind::Closed;
  e.source = ConnEventSource::Ebpf;
  e.proto = Proto::Udp;
  e.direction = (v.flags & UDP_FLOW_FIRST_RX) ? ConnDirection::Incoming : ConnDirection::Outgoing;
  e.family = k.family == AF_INET6 ? Family::Inet6 : Family::Inet4;
  e.netns = k.netns;
  e.local = address(e.family, k.local_addr);
  e.remote = address(e.family, k.remote_addr);
  e.local_port = k.local_port;
  e.remote_port = k.remote_port;
  e.open_ns = v.first_ns;
  e.close_ns = v.last_ns;
  e.tcp.bytes_sent = v.bytes_sent;
  e.tcp.bytes_received = v.bytes_received;
  e.tcp.segs_out = v.packets_sent;
  e.tcp.segs_in = v.packets_received;
  if (v.flags & UDP_FLOW_OWNER) e.owner = owner_of(v.tgid, v.tid, v.uid, v.cgroup_id, v.comm);
  return e;
}

}  // namespace sockscope
