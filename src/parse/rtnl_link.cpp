// Bounds-checked decoding of RTM_NEWLINK and RTM_NEWADDR payloads.
#include "parse/rtnl_link.hpp"

#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstring>

#include "parse/netlink_attr.hpp"

namespace sockscope {
namespace {

using nlattr_walk::load;

// Field by field, so a kernel struct of another size is read as far as its bytes go.
template <class Field>
std::optional<std::uint64_t> field_at(std::span<const std::byte> p, std::size_t offset) {
  if (offset + sizeof(Field) > p.size()) return std::nullopt;
  return load<Field>(p.data() + offset);
}

template <class Stats, class Field>
LinkCounters read_counters(std::span<const std::byte> p) {
  LinkCounters c;
#define SS_FIELD(name) field_at<Field>(p, offsetof(Stats, name)).value_or(0)
  c.rx_packets = SS_FIELD(rx_packets);
  c.tx_packets = SS_FIELD(tx_packets);
  c.rx_bytes = SS_FIELD(rx_bytes);
  c.tx_bytes = SS_FIELD(tx_bytes);
  c.rx_errors = SS_FIELD(rx_errors);
  c.tx_errors = SS_FIELD(tx_errors);
  c.rx_dropped = SS_FIELD(rx_dropped);
  c.tx_dropped = SS_FIELD(tx_dropped);
  c.multicast = SS_FIELD(multicast);
  c.collisions = SS_FIELD(collisions);
#undef SS_FIELD
  c.rx_nohandler = field_at<Field>(p, offsetof(Stats, rx_nohandler));
  return c;
}

std::optional<IpAddress> address_of(int family, std::span<const std::byte> p) {
  if (family == AF_INET && p.size() == 4) return IpAddress::v4(load<std::uint32_t>(p.data()));
  if (family == AF_INET6 && p.size() == 16) {
    std::uint8_t b[16];
    std::memcpy(b, p.data(), 16);
    return IpAddress::v6(b);
  }
  return std::nullopt;
}

}  // namespace

std::optional<LinkCounters> parse_link_stats(std::span<const std::byte> stats, bool wide) {
  if (wide) {
    if (stats.size() < offsetof(rtnl_link_stats64, collisions) + sizeof(__u64)) return std::nullopt;
    return read_counters<rtnl_link_stats64, __u64>(stats);
  }
  if (stats.size() < offsetof(rtnl_link_stats, collisions) + sizeof(__u32)) return std::nullopt;
  return read_counters<rtnl_link_stats, __u32>(stats);
}

std::optional<InterfaceInfo> parse_rtnl_link(std::span<const std::byte> payload) {
  if (payload.size() < sizeof(ifinfomsg)) return std::nullopt;
  const auto ifi = load<ifinfomsg>(payload.data());
  if (ifi.ifi_index <= 0) return std::nullopt;
  InterfaceInfo info;
  info.index = static_cast<std::uint32_t>(ifi.ifi_index);
  info.flags = ifi.ifi_flags;
  info.type = ifi.ifi_type;
  std::optional<LinkCounters> stats32;
  nlattr_walk::for_each(payload.subspan(NLMSG_ALIGN(sizeof(ifinfomsg))), [&](std::uint16_t type, std::span<const std::byte> p) {
    switch (type) {
      case IFLA_IFNAME:
        info.name = nlattr_walk::string(p);
        break;
      case IFLA_MTU:
        if (auto v = nlattr_walk::scalar<std::uint32_t>(p)) info.mtu = *v;
        break;
      case IFLA_ADDRESS: {
        const auto* b = reinterpret_cast<const std::uint8_t*>(p.data());
        info.hwaddr.assign(b, b + p.size());
        break;
      }
      case IFLA_STATS64:
        if (auto s = parse_link_stats(p, true)) info.stats = s;
        break;
      case IFLA_STATS:
        stats32 = parse_link_stats(p, false);
        break;
      default:
        break;
    }
  });
  if (!info.stats) info.stats = stats32;
  return info;
}

std::optional<ParsedAddress> parse_rtnl_addr(std::span<const std::byte> payload) {
  if (payload.size() < sizeof(ifaddrmsg)) return std::nullopt;
  const auto ifa = load<ifaddrmsg>(payload.data());
  if (ifa.ifa_family != AF_INET && ifa.ifa_family != AF_INET6) return std::nullopt;
  const std::uint8_t max_len = ifa.ifa_family == AF_INET ? 32 : 128;
  if (ifa.ifa_prefixlen > max_len) return std::nullopt;
  std::optional<IpAddress> local, address;
  std::uint32_t flags = ifa.ifa_flags;
  nlattr_walk::for_each(payload.subspan(NLMSG_ALIGN(sizeof(ifaddrmsg))), [&](std::uint16_t type, std::span<const std::byte> p) {
    switch (type) {
      case IFA_LOCAL:
        local = address_of(ifa.ifa_family, p);
        break;
      case IFA_ADDRESS:
        address = address_of(ifa.ifa_family, p);
        break;
      case IFA_FLAGS:
        // The 8-bit ifa_flags cannot hold the newer flags; this attribute carries all of them.
        if (auto v = nlattr_walk::scalar<std::uint32_t>(p)) flags = *v;
        break;
      default:
        break;
    }
  });
  if (!local && !address) return std::nullopt;
  ParsedAddress out;
  out.ifindex = ifa.ifa_index;
  out.address.address = local ? *local : *address;
  if (local && address && *local != *address) out.address.peer = address;
  out.address.prefix_len = ifa.ifa_prefixlen;
  out.address.scope = ifa.ifa_scope;
  // For IPv6 the same bit means a temporary (privacy) address, which is no secondary.
  out.address.secondary = ifa.ifa_family == AF_INET && (flags & IFA_F_SECONDARY);
  return out;
}

}  // namespace sockscope
