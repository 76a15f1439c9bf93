// Bounds-checked decoding of RTM_NEWROUTE payloads, including RTA_MULTIPATH next hops and RTA_VIA.
#include "parse/rtnl_route.hpp"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

#include "parse/netlink_attr.hpp"

namespace sockscope {
namespace {

using nlattr_walk::load;

std::optional<IpAddress> address_of(int family, std::span<const std::byte> p) {
  if (family == AF_INET && p.size() >= 4) return IpAddress::v4(load<std::uint32_t>(p.data()));
  if (family == AF_INET6 && p.size() >= 16) {
    std::uint8_t b[16];
    std::memcpy(b, p.data(), 16);
    return IpAddress::v6(b);
  }
  return std::nullopt;
}

// RTA_VIA: a gateway of either family (an IPv4 route through an IPv6 next hop).
std::optional<IpAddress> via_of(std::span<const std::byte> p) {
  if (p.size() < sizeof(__kernel_sa_family_t)) return std::nullopt;
  const auto family = load<__kernel_sa_family_t>(p.data());
  return address_of(family, p.subspan(sizeof(__kernel_sa_family_t)));
}

void apply_nexthop_flags(RouteNextHop& nh, unsigned flags) {
  nh.dead = flags & RTNH_F_DEAD;
  nh.linkdown = flags & RTNH_F_LINKDOWN;
  nh.onlink = flags & RTNH_F_ONLINK;
}

std::vector<RouteNextHop> parse_multipath(int family, std::span<const std::byte> p) {
  std::vector<RouteNextHop> hops;
  std::size_t offset = 0;
  while (p.size() - offset >= sizeof(rtnexthop)) {
    const auto rtnh = load<rtnexthop>(p.data() + offset);
    if (rtnh.rtnh_len < sizeof(rtnexthop) || rtnh.rtnh_len > p.size() - offset) break;
    RouteNextHop nh;
    nh.oif = rtnh.rtnh_ifindex > 0 ? static_cast<std::uint32_t>(rtnh.rtnh_ifindex) : 0;
    nh.weight = static_cast<std::uint8_t>(rtnh.rtnh_hops + 1u);
    apply_nexthop_flags(nh, rtnh.rtnh_flags);
    const auto attrs = p.subspan(offset + RTNH_ALIGN(sizeof(rtnexthop)), rtnh.rtnh_len - RTNH_ALIGN(sizeof(rtnexthop)));
    nlattr_walk::for_each(attrs, [&](std::uint16_t type, std::span<const std::byte> a) {
      if (type == RTA_GATEWAY) nh.gateway = address_of(family, a);
      if (type == RTA_VIA) nh.gateway = via_of(a);
    });
    hops.push_back(nh);
    offset += RTNH_ALIGN(rtnh.rtnh_len);
    if (offset >= p.size()) break;
  }
  return hops;
}

}  // namespace

std::optional<RouteEntry> parse_rtnl_route(std::span<const std::byte> payload, long ticks_per_second) {
  if (payload.size() < sizeof(rtmsg)) return std::nullopt;
  const auto rtm = load<rtmsg>(payload.data());
  if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6) return std::nullopt;
  const bool v4 = rtm.rtm_family == AF_INET;
  if (rtm.rtm_dst_len > (v4 ? 32 : 128)) return std::nullopt;
  if (rtm.rtm_flags & RTM_F_CLONED) return std::nullopt;

  RouteEntry r;
  r.family = v4 ? Family::Inet4 : Family::Inet6;
  r.destination = v4 ? IpAddress::v4(0) : IpAddress::v6(std::array<std::uint8_t, 16>{}.data());
  r.prefix_len = rtm.rtm_dst_len;
  r.table = rtm.rtm_table;
  r.type = rtm.rtm_type <= static_cast<std::uint8_t>(RouteType::Xresolve) ? static_cast<RouteType>(rtm.rtm_type)
                                                                          : RouteType::Unspec;
  r.scope = rtm.rtm_scope;
  r.protocol = rtm.rtm_protocol;

  RouteNextHop single;
  apply_nexthop_flags(single, rtm.rtm_flags);
  std::optional<std::vector<RouteNextHop>> multipath;
  nlattr_walk::for_each(payload.subspan(NLMSG_ALIGN(sizeof(rtmsg))), [&](std::uint16_t type, std::span<const std::byte> p) {
    switch (type) {
      case RTA_DST:
        if (auto a = address_of(rtm.rtm_family, p)) r.destination = *a;
        break;
      case RTA_GATEWAY:
        single.gateway = address_of(rtm.rtm_family, p);
        break;
      case RTA_VIA:
        single.gateway = via_of(p);
        break;
      case RTA_OIF:
        if (auto v = nlattr_walk::scalar<std::int32_t>(p); v && *v > 0) single.oif = static_cast<std::uint32_t>(*v);
        break;
      case RTA_PRIORITY:
        r.priority = nlattr_walk::scalar<std::uint32_t>(p);
        break;
      case RTA_PREFSRC:
        r.prefsrc = address_of(rtm.rtm_family, p);
        break;
      case RTA_TABLE:
        if (auto v = nlattr_walk::scalar<std::uint32_t>(p)) r.table = *v;
        break;
      case RTA_CACHEINFO:
        if (p.size() >= sizeof(rta_cacheinfo) && ticks_per_second > 0) {
          const auto ci = load<rta_cacheinfo>(p.data());
          const auto expires = static_cast<std::int32_t>(ci.rta_expires);
          if (expires > 0) r.expires_seconds = static_cast<std::uint32_t>(expires / ticks_per_second);
        }
        break;
      case RTA_MULTIPATH:
        multipath = parse_multipath(rtm.rtm_family, p);
        break;
      case RTA_NH_ID:
        r.nexthop_id = nlattr_walk::scalar<std::uint32_t>(p);
        break;
      default:
        break;
    }
  });
  if (multipath && !multipath->empty()) {
    r.multipath = true;
    r.nexthops = std::move(*multipath);
  } else {
    r.nexthops.push_back(single);
  }
  return r;
}

}  // namespace sockscope
