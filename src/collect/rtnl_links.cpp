// Interfaces from rtnetlink: a link dump and an address dump, joined by interface index.
#include "collect/rtnl_links.hpp"

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "collect/diag_socket.hpp"
#include "collect/rtnl_dump.hpp"
#include "parse/rtnl_link.hpp"

namespace sockscope {

Result<std::vector<InterfaceInfo>> dump_links() {
  auto sock = DiagSocket::open(NETLINK_ROUTE);
  if (!sock) return std::unexpected(sock.error());

  std::vector<InterfaceInfo> links;
  auto got_links = rtnl_dump(
      *sock, RTM_GETLINK, AF_UNSPEC, sizeof(ifinfomsg), RTM_NEWLINK, "link dump", [&] { links.clear(); },
      [&](std::span<const std::byte> p) {
        if (auto info = parse_rtnl_link(p)) links.push_back(std::move(*info));
      });
  if (!got_links) return std::unexpected(got_links.error());
  std::sort(links.begin(), links.end(), [](const InterfaceInfo& a, const InterfaceInfo& b) { return a.index < b.index; });

  std::vector<ParsedAddress> addrs;
  auto got_addrs = rtnl_dump(
      *sock, RTM_GETADDR, AF_UNSPEC, sizeof(ifaddrmsg), RTM_NEWADDR, "address dump", [&] { addrs.clear(); },
      [&](std::span<const std::byte> p) {
        if (auto a = parse_rtnl_addr(p)) addrs.push_back(std::move(*a));
      });
  if (!got_addrs) return std::unexpected(got_addrs.error());

  // IPv4 first, then IPv6, each in the kernel's order: the order ip(8) and netstat show them in.
  std::stable_sort(addrs.begin(), addrs.end(), [](const ParsedAddress& a, const ParsedAddress& b) {
    return a.address.address.family < b.address.address.family;
  });
  for (auto& a : addrs) {
    auto it = std::lower_bound(links.begin(), links.end(), a.ifindex,
                               [](const InterfaceInfo& l, std::uint32_t idx) { return l.index < idx; });
    // An address for a link that appeared after the link dump waits for the next look.
    if (it != links.end() && it->index == a.ifindex) it->addresses.push_back(std::move(a.address));
  }
  return links;
}

}  // namespace sockscope
