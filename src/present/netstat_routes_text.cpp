// Windows `route print` and BSD `netstat -r` layouts filled from rtnetlink routes.
#include "present/netstat_routes_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "present/netstat_text_util.hpp"
#include "present/sanitize.hpp"

namespace sockscope {
namespace {

using namespace netstat_text;

const std::string kRule(75, '=');

std::vector<const RouteEntry*> sorted(const std::vector<RouteEntry>& routes) {
  std::vector<const RouteEntry*> out;
  out.reserve(routes.size());
  for (const auto& r : routes) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const RouteEntry* a, const RouteEntry* b) {
    if (a->destination.bytes != b->destination.bytes) return a->destination.bytes < b->destination.bytes;
    if (a->prefix_len != b->prefix_len) return a->prefix_len < b->prefix_len;
    return a->priority.value_or(0) < b->priority.value_or(0);
  });
  return out;
}

// What stands in the gateway column when there is no next-hop address.
std::optional<std::string_view> special_gateway(const RouteEntry& r) {
  switch (r.type) {
    case RouteType::Blackhole: return "Blackhole";
    case RouteType::Unreachable: return "Unreachable";
    case RouteType::Prohibit: return "Prohibit";
    case RouteType::Throw: return "Throw";
    default: return std::nullopt;
  }
}

std::string windows_gateway(const RouteEntry& r, const RouteNextHop& hop) {
  if (auto s = special_gateway(r)) return std::string(*s);
  if (hop.gateway) return ip(*hop.gateway);
  if (r.nexthop_id) return fmt::format("nhid {}", *r.nexthop_id);
  return "On-link";
}

std::string windows_interface4(const std::vector<InterfaceInfo>& links, const RouteEntry& r, const RouteNextHop& hop) {
  if (r.prefsrc) return ip(*r.prefsrc);
  const InterfaceInfo* link = find_link(links, hop.oif);
  if (!link) return hop.oif ? std::to_string(hop.oif) : "-";
  for (const auto& a : link->addresses) {
    if (a.address.family == Family::Inet4 && !a.secondary) return ip(a.address);
  }
  return safe_name(*link);
}

void interface_list(std::string& out, const std::vector<InterfaceInfo>& links) {
  out += kRule + "\nInterface List\n";
  for (const auto& l : links) {
    std::string line = fmt::format("{:>3}...", l.index);
    const std::string hw = hw_text(l.hwaddr, ' ', true);
    if (!hw.empty()) {
      line += hw;
      line += "......";
    }
    if (line.size() < 30) line.append(30 - line.size(), '.');
    line += safe_name(l);
    out += line;
    out += '\n';
  }
  out += kRule + "\n";
}

void persistent(std::string& out) {
  out += kRule + "\nPersistent Routes:\n  None (Linux keeps no persistent routes)\n";
}

void ipv4_table(std::string& out, const std::vector<InterfaceInfo>& links, const std::vector<RouteEntry>& routes) {
  out += "\nIPv4 Route Table\n" + kRule + "\nActive Routes:\n";
  out += "Network Destination        Netmask          Gateway       Interface  Metric\n";
  for (const RouteEntry* r : sorted(routes)) {
    for (const auto& hop : r->nexthops) {
      out += right(ip(r->destination), 17);
      out += right(netmask4(r->prefix_len), 17);
      out += right(windows_gateway(*r, hop), 17);
      out += right(windows_interface4(links, *r, hop), 16);
      out += right(std::to_string(r->priority.value_or(0)), 8);
      out += '\n';
    }
  }
  persistent(out);
}

void ipv6_table(std::string& out, const RouteTables& routes) {
  out += "\nIPv6 Route Table\n" + kRule + "\nActive Routes:\n";
  if (!routes.has_ipv6) {
    out += "  IPv6 is not available: this kernel has no IPv6 routing\n";
    persistent(out);
    return;
  }
  out += " If Metric Network Destination      Gateway\n";
  for (const RouteEntry* r : sorted(routes.inet6)) {
    for (const auto& hop : r->nexthops) {
      const std::string dest = fmt::format("{}/{}", ip(r->destination), r->prefix_len);
      out += right(hop.oif ? std::to_string(hop.oif) : "-", 3);
      out += right(std::to_string(r->priority.value_or(0)), 7);
      out += ' ';
      // Windows moves the gateway to the next line when the destination does not fit.
      if (dest.size() > 24) {
        out += dest;
        out += '\n';
        out += std::string(36, ' ');
      } else {
        out += fmt::format("{:<24} ", dest);
      }
      out += windows_gateway(*r, hop);
      out += '\n';
    }
  }
  persistent(out);
}

// BSD ------------------------------------------------------------------------------------------

std::string host_text(const IpAddress& a, const HostNamer& names, const InterfaceInfo* link) {
  if (names) {
    if (auto n = names(a)) return terminal_safe(*n);
  }
  std::string s = ip(a);
  if (is_link_local(a) && link) s += "%" + safe_name(*link);
  return s;
}

std::string bsd_destination(const RouteEntry& r, const HostNamer& names, const InterfaceInfo* link) {
  const std::uint8_t full = r.family == Family::Inet4 ? 32 : 128;
  if (r.prefix_len == 0) return "default";
  if (r.prefix_len == full) return host_text(r.destination, names, link);
  std::string s = ip(r.destination);
  if (is_link_local(r.destination) && link) s += "%" + safe_name(*link);
  return fmt::format("{}/{}", s, r.prefix_len);
}

std::string bsd_gateway(const RouteEntry& r, const RouteNextHop& hop, const HostNamer& names,
                        const InterfaceInfo* link) {
  if (hop.gateway) return host_text(*hop.gateway, names, link);
  if (r.nexthop_id) return fmt::format("nhid#{}", *r.nexthop_id);
  if (hop.oif) return fmt::format("link#{}", hop.oif);
  return "-";
}

struct BsdRow {
  std::string dest, gateway, flags, netif, expire;
};

void bsd_table(std::string& out, std::string_view title, const std::vector<InterfaceInfo>& links,
               const std::vector<RouteEntry>& routes, const HostNamer& names, std::size_t min_width) {
  std::vector<BsdRow> rows;
  for (const RouteEntry* r : sorted(routes)) {
    for (const auto& hop : r->nexthops) {
      const InterfaceInfo* link = find_link(links, hop.oif);
      BsdRow row;
      row.dest = bsd_destination(*r, names, link);
      row.gateway = bsd_gateway(*r, hop, names, link);
      row.flags = bsd_route_flags(*r, hop);
      row.netif = link ? safe_name(*link) : hop.oif ? std::to_string(hop.oif) : "-";
      if (r->expires_seconds) row.expire = std::to_string(*r->expires_seconds);
      rows.push_back(std::move(row));
    }
  }
  std::size_t wd = min_width, wg = min_width, wf = 5, wn = 5;
  for (const auto& r : rows) {
    wd = std::max(wd, r.dest.size());
    wg = std::max(wg, r.gateway.size());
    wf = std::max(wf, r.flags.size());
    wn = std::max(wn, r.netif.size());
  }
  out += title;
  out += ":\n";
  auto line = [&](std::string_view d, std::string_view g, std::string_view f, std::string_view refs,
                  std::string_view use, std::string_view n, std::string_view e) {
    fmt::format_to(std::back_inserter(out), "{:<{}} {:<{}} {:<{}} {:>4} {:>8}  {:<{}} {}\n", d, wd, g, wg, f, wf, refs,
                   use, n, wn, e);
  };
  line("Destination", "Gateway", "Flags", "Refs", "Use", "Netif", "Expire");
  for (const auto& r : rows) line(r.dest, r.gateway, r.flags, "-", "-", r.netif, r.expire);
}

}  // namespace

std::string bsd_route_flags(const RouteEntry& r, const RouteNextHop& hop) {
  std::string f;
  const bool reject = r.type == RouteType::Unreachable || r.type == RouteType::Prohibit;
  if (!hop.dead && !hop.linkdown) f += 'U';
  if (hop.gateway) f += 'G';
  if (r.prefix_len == (r.family == Family::Inet4 ? 32 : 128)) f += 'H';
  if (reject) f += 'R';
  if (r.type == RouteType::Blackhole) f += 'B';
  if (r.protocol == kRouteProtoRedirect) f += 'D';
  if (r.protocol == kRouteProtoBoot || r.protocol == kRouteProtoStatic) f += 'S';
  if (r.type == RouteType::Local) f += 'l';
  if (r.type == RouteType::Broadcast) f += 'b';
  return f;
}

std::string format_route_print(const std::vector<InterfaceInfo>& links, const RouteTables& routes) {
  std::string out;
  interface_list(out, links);
  ipv4_table(out, links, routes.inet);
  ipv6_table(out, routes);
  trim_line_ends(out);
  return out;
}

std::string format_bsd_routes(const std::vector<InterfaceInfo>& links, const RouteTables& routes,
                              const HostNamer& names) {
  std::string out = "Routing tables\n\n";
  bsd_table(out, "Internet", links, routes.inet, names, 18);
  if (routes.has_ipv6) {
    out += '\n';
    bsd_table(out, "Internet6", links, routes.inet6, names, 24);
  }
  trim_line_ends(out);
  return out;
}

}  // namespace sockscope
