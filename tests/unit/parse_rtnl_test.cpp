// Tests for the rtnetlink link, address and route parsers on hand-built, truncated and malformed payloads.
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "parse/rtnl_link.hpp"
#include "parse/rtnl_route.hpp"

namespace sockscope {
namespace {

// A netlink payload under construction: a fixed header, then attributes padded to 4 bytes.
struct Payload {
  std::vector<std::byte> bytes;

  template <class T>
  Payload& put(const T& v) {
    raw(&v, sizeof v);
    pad();
    return *this;
  }
  Payload& raw(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::byte*>(p);
    bytes.insert(bytes.end(), b, b + n);
    return *this;
  }
  Payload& attr(std::uint16_t type, const void* data, std::size_t len) {
    nlattr h{};
    h.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + len);
    h.nla_type = type;
    raw(&h, sizeof h);
    raw(data, len);
    pad();
    return *this;
  }
  template <class T>
  Payload& attr(std::uint16_t type, const T& v) {
    return attr(type, &v, sizeof v);
  }
  Payload& str(std::uint16_t type, const char* s) { return attr(type, s, std::strlen(s) + 1); }
  Payload& bad_attr(std::uint16_t len, std::uint16_t type) {
    nlattr h{};
    h.nla_len = len;
    h.nla_type = type;
    return raw(&h, sizeof h);
  }
  void pad() {
    while (bytes.size() % NLA_ALIGNTO) bytes.push_back(std::byte{0});
  }
  std::span<const std::byte> span() const { return bytes; }
};

std::uint32_t v4(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return a.s_addr;
}

in6_addr v6(const char* text) {
  in6_addr a{};
  inet_pton(AF_INET6, text, &a);
  return a;
}

std::string text(const IpAddress& a) { return a.to_string(); }

ifinfomsg link_header(int index, unsigned flags = IFF_UP | IFF_RUNNING) {
  ifinfomsg m{};
  m.ifi_family = AF_UNSPEC;
  m.ifi_type = ARPHRD_ETHER;
  m.ifi_index = index;
  m.ifi_flags = flags;
  return m;
}

rtnl_link_stats64 sample_stats64() {
  rtnl_link_stats64 s{};
  s.rx_packets = 1001;
  s.tx_packets = 1002;
  s.rx_bytes = 5000000000ull;  // more than 32 bits
  s.tx_bytes = 1004;
  s.rx_errors = 5;
  s.tx_errors = 6;
  s.rx_dropped = 7;
  s.tx_dropped = 8;
  s.multicast = 9;
  s.collisions = 10;
  s.rx_nohandler = 11;
  return s;
}

// Links -------------------------------------------------------------------------------------------

TEST(ParseRtnlLink, FullLink) {
  Payload p;
  const std::uint8_t mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x20, 0x30};
  const auto stats = sample_stats64();
  p.put(link_header(3)).str(IFLA_IFNAME, "eth0").attr(IFLA_MTU, std::uint32_t{1500}).attr(IFLA_ADDRESS, mac, 6)
      .attr(IFLA_STATS64, stats);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->index, 3u);
  EXPECT_EQ(l->name, "eth0");
  EXPECT_EQ(l->mtu, 1500u);
  EXPECT_EQ(l->type, ARPHRD_ETHER);
  EXPECT_TRUE(l->up());
  EXPECT_FALSE(l->loopback());
  EXPECT_EQ(l->hwaddr, (std::vector<std::uint8_t>{0x02, 0x00, 0x5e, 0x10, 0x20, 0x30}));
  ASSERT_TRUE(l->stats.has_value());
  EXPECT_EQ(l->stats->rx_packets, 1001u);
  EXPECT_EQ(l->stats->tx_packets, 1002u);
  EXPECT_EQ(l->stats->rx_bytes, 5000000000ull);
  EXPECT_EQ(l->stats->tx_bytes, 1004u);
  EXPECT_EQ(l->stats->rx_errors, 5u);
  EXPECT_EQ(l->stats->tx_errors, 6u);
  EXPECT_EQ(l->stats->rx_dropped, 7u);
  EXPECT_EQ(l->stats->tx_dropped, 8u);
  EXPECT_EQ(l->stats->multicast, 9u);
  EXPECT_EQ(l->stats->collisions, 10u);
  EXPECT_EQ(l->stats->rx_nohandler, 11u);
}

TEST(ParseRtnlLink, Stats64WinsOverStats32InAnyOrder) {
  rtnl_link_stats s32{};
  s32.rx_packets = 1;
  const auto s64 = sample_stats64();
  Payload p;
  p.put(link_header(2)).attr(IFLA_STATS64, s64).attr(IFLA_STATS, s32);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l && l->stats);
  EXPECT_EQ(l->stats->rx_packets, 1001u);
}

TEST(ParseRtnlLink, Stats32AloneIsUsed) {
  rtnl_link_stats s32{};
  s32.rx_packets = 77;
  s32.tx_bytes = 88;
  s32.rx_nohandler = 3;
  Payload p;
  p.put(link_header(2)).attr(IFLA_STATS, s32);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l && l->stats);
  EXPECT_EQ(l->stats->rx_packets, 77u);
  EXPECT_EQ(l->stats->tx_bytes, 88u);
  EXPECT_EQ(l->stats->rx_nohandler, 3u);
}

TEST(ParseRtnlLink, OlderShorterStats64HasNoNohandler) {
  const auto s = sample_stats64();
  Payload p;
  p.put(link_header(2)).attr(IFLA_STATS64, &s, offsetof(rtnl_link_stats64, rx_nohandler));
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l && l->stats);
  EXPECT_EQ(l->stats->collisions, 10u);
  EXPECT_EQ(l->stats->rx_nohandler, std::nullopt);
}

TEST(ParseRtnlLink, Stats64TooShortForTheBasicCountersIsIgnored) {
  const auto s = sample_stats64();
  Payload p;
  p.put(link_header(2)).attr(IFLA_STATS64, &s, 9 * sizeof(std::uint64_t));
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l.has_value());
  EXPECT_FALSE(l->stats.has_value());
}

TEST(ParseRtnlLink, TruncatedHeaderOrBadIndex) {
  Payload p;
  p.put(link_header(4));
  EXPECT_FALSE(parse_rtnl_link(p.span().first(sizeof(ifinfomsg) - 1)).has_value());
  EXPECT_FALSE(parse_rtnl_link({}).has_value());
  Payload zero;
  zero.put(link_header(0));
  EXPECT_FALSE(parse_rtnl_link(zero.span()).has_value());
  Payload negative;
  negative.put(link_header(-3));
  EXPECT_FALSE(parse_rtnl_link(negative.span()).has_value());
}

TEST(ParseRtnlLink, MalformedAttributeEndsTheWalk) {
  Payload p;
  p.put(link_header(5)).str(IFLA_IFNAME, "d0").bad_attr(200, IFLA_MTU);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->name, "d0");
  EXPECT_EQ(l->mtu, 0u);
  // An attribute cut short by the end of the message.
  Payload cut;
  cut.put(link_header(5)).attr(IFLA_MTU, std::uint32_t{9000});
  auto c = parse_rtnl_link(cut.span().first(cut.bytes.size() - 2));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->mtu, 0u);
  // An attribute too small to hold its own header.
  Payload tiny;
  tiny.put(link_header(5)).bad_attr(2, IFLA_IFNAME).str(IFLA_IFNAME, "x");
  auto t = parse_rtnl_link(tiny.span());
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->name, "");
}

TEST(ParseRtnlLink, NameWithoutNulAndHostileBytesKeptRaw) {
  Payload p;
  const char name[] = {'e', '\x1b', '[', '1'};
  p.put(link_header(6)).attr(IFLA_IFNAME, name, sizeof name);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->name, std::string("e\x1b[1"));
}

TEST(ParseRtnlLink, ShortMtuIgnored) {
  Payload p;
  const std::uint16_t half = 1500;
  p.put(link_header(7)).attr(IFLA_MTU, half);
  auto l = parse_rtnl_link(p.span());
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->mtu, 0u);
}

// Addresses ---------------------------------------------------------------------------------------

ifaddrmsg addr_header(int family, int prefix, int index, unsigned flags = 0, int scope = RT_SCOPE_UNIVERSE) {
  ifaddrmsg m{};
  m.ifa_family = static_cast<std::uint8_t>(family);
  m.ifa_prefixlen = static_cast<std::uint8_t>(prefix);
  m.ifa_index = static_cast<std::uint32_t>(index);
  m.ifa_flags = static_cast<std::uint8_t>(flags);
  m.ifa_scope = static_cast<std::uint8_t>(scope);
  return m;
}

TEST(ParseRtnlAddr, Ipv4LocalAndAddress) {
  Payload p;
  p.put(addr_header(AF_INET, 24, 4)).attr(IFA_ADDRESS, v4("10.9.0.1")).attr(IFA_LOCAL, v4("10.9.0.1"));
  auto a = parse_rtnl_addr(p.span());
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->ifindex, 4u);
  EXPECT_EQ(text(a->address.address), "10.9.0.1");
  EXPECT_FALSE(a->address.peer.has_value());
  EXPECT_EQ(a->address.prefix_len, 24);
  EXPECT_FALSE(a->address.secondary);
}

TEST(ParseRtnlAddr, PointToPointPeer) {
  Payload p;
  p.put(addr_header(AF_INET, 32, 4)).attr(IFA_LOCAL, v4("10.0.0.1")).attr(IFA_ADDRESS, v4("10.0.0.2"));
  auto a = parse_rtnl_addr(p.span());
  ASSERT_TRUE(a && a->address.peer);
  EXPECT_EQ(text(a->address.address), "10.0.0.1");
  EXPECT_EQ(text(*a->address.peer), "10.0.0.2");
}

TEST(ParseRtnlAddr, SecondaryFromFlagsAttribute) {
  Payload p;
  p.put(addr_header(AF_INET, 24, 4)).attr(IFA_LOCAL, v4("10.9.0.7")).attr(IFA_FLAGS, std::uint32_t{IFA_F_SECONDARY});
  auto a = parse_rtnl_addr(p.span());
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->address.secondary);
}

TEST(ParseRtnlAddr, Ipv6TemporaryIsNotSecondary) {
  Payload p;
  const auto addr = v6("2001:db8::5");
  p.put(addr_header(AF_INET6, 64, 9, IFA_F_TEMPORARY)).attr(IFA_ADDRESS, addr);
  auto a = parse_rtnl_addr(p.span());
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(text(a->address.address), "2001:db8::5");
  EXPECT_EQ(a->address.prefix_len, 64);
  EXPECT_FALSE(a->address.secondary);
}

TEST(ParseRtnlAddr, RejectsBadInput) {
  Payload wrong_len;
  wrong_len.put(addr_header(AF_INET, 24, 4)).attr(IFA_LOCAL, v6("::1"));
  EXPECT_FALSE(parse_rtnl_addr(wrong_len.span()).has_value());
  Payload no_addr;
  no_addr.put(addr_header(AF_INET, 24, 4));
  EXPECT_FALSE(parse_rtnl_addr(no_addr.span()).has_value());
  Payload packet;
  packet.put(addr_header(AF_PACKET, 0, 4)).attr(IFA_LOCAL, v4("10.0.0.1"));
  EXPECT_FALSE(parse_rtnl_addr(packet.span()).has_value());
  Payload long_prefix;
  long_prefix.put(addr_header(AF_INET, 33, 4)).attr(IFA_LOCAL, v4("10.0.0.1"));
  EXPECT_FALSE(parse_rtnl_addr(long_prefix.span()).has_value());
  Payload ok;
  ok.put(addr_header(AF_INET, 8, 1)).attr(IFA_LOCAL, v4("127.0.0.1"));
  EXPECT_FALSE(parse_rtnl_addr(ok.span().first(sizeof(ifaddrmsg) - 1)).has_value());
  // The address attribute cut off: the header parses, the address does not.
  EXPECT_FALSE(parse_rtnl_addr(ok.span().first(ok.bytes.size() - 1)).has_value());
}

// Routes ------------------------------------------------------------------------------------------

rtmsg route_header(int family, int dst_len, int type = RTN_UNICAST, int protocol = RTPROT_BOOT,
                   int table = RT_TABLE_MAIN, unsigned flags = 0) {
  rtmsg m{};
  m.rtm_family = static_cast<std::uint8_t>(family);
  m.rtm_dst_len = static_cast<std::uint8_t>(dst_len);
  m.rtm_table = static_cast<std::uint8_t>(table);
  m.rtm_protocol = static_cast<std::uint8_t>(protocol);
  m.rtm_scope = RT_SCOPE_UNIVERSE;
  m.rtm_type = static_cast<std::uint8_t>(type);
  m.rtm_flags = flags;
  return m;
}

TEST(ParseRtnlRoute, Ipv4ViaGateway) {
  Payload p;
  p.put(route_header(AF_INET, 16)).attr(RTA_TABLE, std::uint32_t{RT_TABLE_MAIN}).attr(RTA_DST, v4("10.77.0.0"))
      .attr(RTA_GATEWAY, v4("10.9.0.2")).attr(RTA_OIF, std::int32_t{4}).attr(RTA_PRIORITY, std::uint32_t{20});
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->family, Family::Inet4);
  EXPECT_EQ(text(r->destination), "10.77.0.0");
  EXPECT_EQ(r->prefix_len, 16);
  EXPECT_EQ(r->table, kRouteTableMain);
  EXPECT_EQ(r->type, RouteType::Unicast);
  EXPECT_EQ(r->protocol, kRouteProtoBoot);
  EXPECT_EQ(r->priority, 20u);
  EXPECT_FALSE(r->multipath);
  ASSERT_EQ(r->nexthops.size(), 1u);
  ASSERT_TRUE(r->nexthops[0].gateway.has_value());
  EXPECT_EQ(text(*r->nexthops[0].gateway), "10.9.0.2");
  EXPECT_EQ(r->nexthops[0].oif, 4u);
  EXPECT_FALSE(r->nexthops[0].dead);
}

TEST(ParseRtnlRoute, DefaultRouteHasNoDst) {
  Payload p;
  p.put(route_header(AF_INET, 0, RTN_UNICAST, RTPROT_DHCP)).attr(RTA_GATEWAY, v4("192.0.2.1"))
      .attr(RTA_OIF, std::int32_t{2});
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(text(r->destination), "0.0.0.0");
  EXPECT_EQ(r->prefix_len, 0);
  EXPECT_EQ(r->priority, std::nullopt);
}

TEST(ParseRtnlRoute, LocalTableRouteWithPrefsrcAndLinkdown) {
  Payload p;
  p.put(route_header(AF_INET, 32, RTN_LOCAL, RTPROT_KERNEL, RT_TABLE_LOCAL, RTNH_F_LINKDOWN))
      .attr(RTA_DST, v4("10.9.0.1")).attr(RTA_PREFSRC, v4("10.9.0.1")).attr(RTA_OIF, std::int32_t{4});
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->type, RouteType::Local);
  EXPECT_EQ(r->table, kRouteTableLocal);
  ASSERT_TRUE(r->prefsrc.has_value());
  EXPECT_EQ(text(*r->prefsrc), "10.9.0.1");
  EXPECT_TRUE(r->nexthops[0].linkdown);
  EXPECT_FALSE(r->nexthops[0].gateway.has_value());
}

TEST(ParseRtnlRoute, Ipv6WithExpiry) {
  rta_cacheinfo ci{};
  ci.rta_expires = 180000;  // clock ticks
  Payload p;
  p.put(route_header(AF_INET6, 64, RTN_UNICAST, RTPROT_RA)).attr(RTA_DST, v6("2001:db8:1::"))
      .attr(RTA_GATEWAY, v6("fe80::1")).attr(RTA_OIF, std::int32_t{3}).attr(RTA_PRIORITY, std::uint32_t{1024})
      .attr(RTA_CACHEINFO, ci);
  auto r = parse_rtnl_route(p.span(), 100);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->family, Family::Inet6);
  EXPECT_EQ(text(r->destination), "2001:db8:1::");
  EXPECT_EQ(text(*r->nexthops[0].gateway), "fe80::1");
  EXPECT_EQ(r->expires_seconds, 1800u);
  // Expired (negative) or no expiry: nothing.
  rta_cacheinfo gone{};
  gone.rta_expires = static_cast<std::uint32_t>(-5);
  Payload q;
  q.put(route_header(AF_INET6, 64)).attr(RTA_CACHEINFO, gone);
  auto e = parse_rtnl_route(q.span(), 100);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->expires_seconds, std::nullopt);
}

TEST(ParseRtnlRoute, Multipath) {
  std::vector<std::byte> hops;
  auto add_hop = [&](int ifindex, int weight, std::uint32_t gw, unsigned flags) {
    Payload h;
    rtnexthop nh{};
    nh.rtnh_len = static_cast<unsigned short>(sizeof(rtnexthop) + NLA_HDRLEN + 4);
    nh.rtnh_flags = static_cast<unsigned char>(flags);
    nh.rtnh_hops = static_cast<unsigned char>(weight - 1);
    nh.rtnh_ifindex = ifindex;
    h.put(nh).attr(RTA_GATEWAY, gw);
    hops.insert(hops.end(), h.bytes.begin(), h.bytes.end());
  };
  add_hop(4, 1, v4("10.9.0.2"), 0);
  add_hop(5, 3, v4("10.8.0.2"), RTNH_F_DEAD);
  Payload p;
  p.put(route_header(AF_INET, 24)).attr(RTA_DST, v4("10.66.0.0")).attr(RTA_MULTIPATH, hops.data(), hops.size());
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->multipath);
  ASSERT_EQ(r->nexthops.size(), 2u);
  EXPECT_EQ(r->nexthops[0].oif, 4u);
  EXPECT_EQ(text(*r->nexthops[0].gateway), "10.9.0.2");
  EXPECT_EQ(r->nexthops[0].weight, 1);
  EXPECT_EQ(r->nexthops[1].oif, 5u);
  EXPECT_EQ(text(*r->nexthops[1].gateway), "10.8.0.2");
  EXPECT_EQ(r->nexthops[1].weight, 3);
  EXPECT_TRUE(r->nexthops[1].dead);

  // A next hop claiming more bytes than there are ends the list after the good one.
  std::vector<std::byte> broken(hops.begin(), hops.begin() + static_cast<std::ptrdiff_t>(hops.size() / 2));
  rtnexthop liar{};
  liar.rtnh_len = 400;
  const auto* lb = reinterpret_cast<const std::byte*>(&liar);
  broken.insert(broken.end(), lb, lb + sizeof liar);
  Payload q;
  q.put(route_header(AF_INET, 24)).attr(RTA_MULTIPATH, broken.data(), broken.size());
  auto b = parse_rtnl_route(q.span());
  ASSERT_TRUE(b.has_value());
  ASSERT_EQ(b->nexthops.size(), 1u);
  EXPECT_EQ(b->nexthops[0].oif, 4u);
}

TEST(ParseRtnlRoute, ViaAnotherFamily) {
  std::vector<std::byte> via(sizeof(__kernel_sa_family_t) + 16);
  const __kernel_sa_family_t fam = AF_INET6;
  std::memcpy(via.data(), &fam, sizeof fam);
  const auto gw = v6("fe80::9");
  std::memcpy(via.data() + sizeof fam, &gw, 16);
  Payload p;
  p.put(route_header(AF_INET, 0)).attr(RTA_VIA, via.data(), via.size()).attr(RTA_OIF, std::int32_t{2});
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r && r->nexthops[0].gateway);
  EXPECT_EQ(r->nexthops[0].gateway->family, Family::Inet6);
  EXPECT_EQ(text(*r->nexthops[0].gateway), "fe80::9");
}

TEST(ParseRtnlRoute, RejectsWhatIsNotARoute) {
  Payload cloned;
  cloned.put(route_header(AF_INET, 32, RTN_UNICAST, RTPROT_KERNEL, RT_TABLE_MAIN, RTM_F_CLONED));
  EXPECT_FALSE(parse_rtnl_route(cloned.span()).has_value());
  Payload bad_len;
  bad_len.put(route_header(AF_INET, 33));
  EXPECT_FALSE(parse_rtnl_route(bad_len.span()).has_value());
  Payload bad_len6;
  bad_len6.put(route_header(AF_INET6, 129));
  EXPECT_FALSE(parse_rtnl_route(bad_len6.span()).has_value());
  Payload mpls;
  mpls.put(route_header(28 /* AF_MPLS */, 20));
  EXPECT_FALSE(parse_rtnl_route(mpls.span()).has_value());
  Payload ok;
  ok.put(route_header(AF_INET, 8));
  EXPECT_FALSE(parse_rtnl_route(ok.span().first(sizeof(rtmsg) - 1)).has_value());
  EXPECT_TRUE(parse_rtnl_route(ok.span()).has_value());
}

TEST(ParseRtnlRoute, MalformedAttributesKeepWhatCameBefore) {
  Payload p;
  p.put(route_header(AF_INET, 16)).attr(RTA_DST, v4("10.5.0.0")).attr(RTA_PRIORITY, std::uint32_t{7})
      .bad_attr(300, RTA_GATEWAY);
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(text(r->destination), "10.5.0.0");
  EXPECT_EQ(r->priority, 7u);
  EXPECT_FALSE(r->nexthops[0].gateway.has_value());
  // A destination of the wrong size is not believed.
  Payload q;
  const std::uint16_t two = 0x0a0a;
  q.put(route_header(AF_INET, 16)).attr(RTA_DST, two);
  auto s = parse_rtnl_route(q.span());
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(text(s->destination), "0.0.0.0");
}

TEST(ParseRtnlRoute, TypesAndNexthopObjects) {
  Payload p;
  p.put(route_header(AF_INET, 8, RTN_BLACKHOLE)).attr(RTA_DST, v4("192.168.0.0"));
  auto r = parse_rtnl_route(p.span());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->type, RouteType::Blackhole);
  EXPECT_EQ(r->nexthops[0].oif, 0u);
  Payload n;
  n.put(route_header(AF_INET, 24)).attr(RTA_NH_ID, std::uint32_t{12});
  auto h = parse_rtnl_route(n.span());
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->nexthop_id, 12u);
  Payload weird;
  weird.put(route_header(AF_INET, 24, 200));
  auto w = parse_rtnl_route(weird.span());
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->type, RouteType::Unspec);
}

}  // namespace
}  // namespace sockscope
