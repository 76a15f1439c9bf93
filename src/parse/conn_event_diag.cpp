// Parser of sock_diag destroy-group messages (what `ss -E` reads) into ConnEvent values.
#include "parse/conn_event_diag.hpp"

#include <linux/inet_diag.h>
#include <netinet/in.h>

#include "parse/netlink_attr.hpp"
#include "parse/sock_diag.hpp"

namespace sockscope {

std::optional<ConnEvent> parse_destroy_event(std::span<const std::byte> payload, std::uint32_t netns,
                                             std::uint64_t close_ns) {
  if (payload.size() < NLMSG_ALIGN(sizeof(inet_diag_msg))) return std::nullopt;
  // The protocol is an attribute, and the generic parser must know it before it reads tcp_info.
  std::optional<std::uint8_t> protocol;
  nlattr_walk::for_each(payload.subspan(NLMSG_ALIGN(sizeof(inet_diag_msg))),
                        [&](std::uint16_t type, std::span<const std::byte> data) {
                          if (type == INET_DIAG_PROTOCOL) protocol = nlattr_walk::scalar<std::uint8_t>(data);
                        });
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return std::nullopt;
  const Proto proto = protocol == IPPROTO_TCP ? Proto::Tcp : Proto::Udp;
  Endpoint ep;
  if (!parse_inet_diag_into(payload, proto, ep)) return std::nullopt;
  if (proto == Proto::Tcp && ep.remote_port == 0) return std::nullopt;

  ConnEvent e;
  e.kind = ConnEventKind::Closed;
  e.source = ConnEventSource::DestroyGroup;
  e.proto = proto;
  e.family = ep.family;
  e.new_state = ep.state;
  e.netns = netns;
  e.cookie = ep.cookie;
  e.local = ep.local;
  e.remote = ep.remote;
  e.local_port = ep.local_port;
  e.remote_port = ep.remote_port;
  e.close_ns = close_ns;
  if (ep.tcp) e.tcp = *ep.tcp;
  return e;
}

}  // namespace sockscope
