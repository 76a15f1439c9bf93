// Routes from rtnetlink: one RTM_GETROUTE dump per address family.
#include "collect/rtnl_routes.hpp"

#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "collect/diag_socket.hpp"
#include "collect/rtnl_dump.hpp"
#include "parse/rtnl_route.hpp"

namespace sockscope {
namespace {

bool family_unsupported(int err) { return err == ENOENT || err == EOPNOTSUPP || err == EAFNOSUPPORT; }

}  // namespace

Result<RouteTables> dump_routes() {
  auto sock = DiagSocket::open(NETLINK_ROUTE);
  if (!sock) return std::unexpected(sock.error());
  const long hz = sysconf(_SC_CLK_TCK);
  RouteTables out;
  for (const int family : {AF_INET, AF_INET6}) {
    auto& into = family == AF_INET ? out.inet : out.inet6;
    const Family want = family == AF_INET ? Family::Inet4 : Family::Inet6;
    auto got = rtnl_dump(
        *sock, RTM_GETROUTE, static_cast<std::uint8_t>(family), sizeof(rtmsg), RTM_NEWROUTE,
        family == AF_INET ? "IPv4 route dump" : "IPv6 route dump", [&] { into.clear(); },
        [&](std::span<const std::byte> p) {
          // A kernel without the family's handler answers with every family's routes.
          if (auto r = parse_rtnl_route(p, hz > 0 ? hz : 100); r && r->family == want) into.push_back(std::move(*r));
        });
    if (!got) {
      if (family == AF_INET6 && family_unsupported(got.error().code)) {
        out.has_ipv6 = false;
        continue;
      }
      return std::unexpected(got.error());
    }
  }
  return out;
}

}  // namespace sockscope
