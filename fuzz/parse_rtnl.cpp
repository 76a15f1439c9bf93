// Fuzz target: rtnetlink payloads: RTM_NEWLINK (and its counter structs), RTM_NEWADDR, RTM_NEWROUTE.
#include <linux/if_link.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/rtnl_link.hpp"
#include "parse/rtnl_route.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

int family_of(std::span<const std::byte> payload) { return payload.empty() ? -1 : std::to_integer<int>(payload[0]); }

void check_link(std::span<const std::byte> payload) {
  const auto link = parse_rtnl_link(payload);
  if (!link) return;
  // A positive index; the name is a NUL-free piece of an attribute; counters only when sent.
  check(payload.size() >= sizeof(ifinfomsg) && link->index > 0 && link->index <= 0x7fffffffu);
  check(link->name.find('\0') == std::string::npos && link->name.size() < payload.size());
  check(link->hwaddr.size() < payload.size() && link->addresses.empty());
}

void check_stats(std::span<const std::byte> stats, bool wide) {
  // The ten basic counters end with collisions: shorter is no counter struct.
  const std::size_t need = wide ? offsetof(rtnl_link_stats64, collisions) + 8 : offsetof(rtnl_link_stats, collisions) + 4;
  const auto c = parse_link_stats(stats, wide);
  check(c.has_value() == (stats.size() >= need));
  if (c && !wide) {
    constexpr std::uint64_t k32 = 0xffffffffu;
    check(c->rx_packets <= k32 && c->tx_packets <= k32 && c->rx_bytes <= k32 && c->tx_bytes <= k32 &&
          c->collisions <= k32 && (!c->rx_nohandler || *c->rx_nohandler <= k32));
  }
}

void check_addr(std::span<const std::byte> payload) {
  const auto a = parse_rtnl_addr(payload);
  if (!a) return;
  const int family = family_of(payload);
  check(family == AF_INET || family == AF_INET6);
  const Family want = family == AF_INET ? Family::Inet4 : Family::Inet6;
  check(a->address.address.family == want && (!a->address.peer || a->address.peer->family == want));
  check(a->address.prefix_len <= (want == Family::Inet4 ? 32 : 128));
}

void check_route(std::span<const std::byte> payload, long ticks) {
  const auto r = parse_rtnl_route(payload, ticks);
  if (!r) return;
  const int family = family_of(payload);
  check(family == AF_INET || family == AF_INET6);
  const Family want = family == AF_INET ? Family::Inet4 : Family::Inet6;
  check(r->family == want && r->destination.family == want && (!r->prefsrc || r->prefsrc->family == want));
  check(r->prefix_len <= (want == Family::Inet4 ? 32 : 128));
  // A plain route has exactly one next hop, a multipath route at least one.
  check(r->multipath ? !r->nexthops.empty() : r->nexthops.size() == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto payload = fuzz::as_bytes(data + 1, size - 1);  // odd address: no alignment assumed
  switch (data[0] % 5) {
    case 0: check_link(payload); break;
    case 1: check_stats(payload, true); break;
    case 2: check_stats(payload, false); break;
    case 3: check_addr(payload); break;
    default: check_route(payload, data[0] & 0x80 ? 100 : 1); break;
  }
  return 0;
}
