// ConnEvent to history row: the boottime-to-wall-clock offset and the text forms of the event's fields.
#include "store/stored_connection.hpp"

#include <ctime>

namespace sockscope {

namespace {
std::int64_t ns_of(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

std::int64_t boottime_to_unix_offset_ns() { return ns_of(CLOCK_REALTIME) - ns_of(CLOCK_BOOTTIME); }

StoredConnection to_stored(const ConnEvent& e, std::int64_t boot_to_unix_ns) {
  StoredConnection s;
  s.kind = e.kind;
  s.source = e.source == ConnEventSource::Ebpf ? "ebpf" : "diag";
  s.direction = e.direction == ConnDirection::Outgoing ? "out" : e.direction == ConnDirection::Incoming ? "in" : "";
  bool v6 = e.family == Family::Inet6;
  s.proto = e.proto == Proto::Udp ? (v6 ? "udp6" : "udp") : (v6 ? "tcp6" : "tcp");
  // A UDP flow has no state; a refused SYN never had a socket to have one.
  if (e.kind == ConnEventKind::Refused) s.state = "REFUSED";
  else if (e.proto == Proto::Tcp) s.state = std::string(tcp_state_name(e.kind == ConnEventKind::Closed ? e.old_state : e.new_state));
  s.netns = e.netns;
  s.cookie = e.cookie;
  s.local_address = e.local.to_string();
  s.remote_address = e.remote.to_string();
  s.local_port = e.local_port;
  s.remote_port = e.remote_port;
  if (e.open_ns != 0) s.opened_ns = static_cast<std::int64_t>(e.open_ns) + boot_to_unix_ns;
  s.closed_ns = static_cast<std::int64_t>(e.close_ns) + boot_to_unix_ns;
  s.tcp = e.tcp;
  if (e.owner) {
    s.pid = e.owner->pid;
    s.uid = e.owner->uid;
    s.process = e.owner->comm;
  }
  return s;
}

}  // namespace sockscope
