// Text of `netstat -m`, `-g`, `-g -s` and the BSD routing statistics.
#include "present/netstat_extras_text.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "present/netstat_text_util.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

using netstat_text::right;

std::string left(std::string_view text, std::size_t width) {
  std::string s(text);
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s + ' ';
}

std::string num(std::uint64_t v) { return std::to_string(v); }

std::string opt(const std::optional<std::uint64_t>& v) { return v ? num(*v) : std::string(); }

// A table whose columns are as wide as their widest cell; `align_right[i]` for numbers.
std::string table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& align_right) {
  std::vector<std::size_t> w(align_right.size(), 0);
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size() && i < w.size(); ++i) w[i] = std::max(w[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const bool last = i + 1 == r.size();
      if (align_right[i]) line += right(r[i], w[i] + 1) + (last ? "" : " ");
      else line += last ? " " + r[i] : " " + left(r[i], w[i]);
    }
    out += line + '\n';
  }
  netstat_text::trim_line_ends(out);
  return out;
}

std::string limits(std::string_view what, const std::array<std::uint64_t, 3>& l, long page) {
  return std::string(what) + " memory limits: " + num(l[0]) + "/" + num(l[1]) + "/" + num(l[2]) +
         " pages (min/pressure/max), " + num(l[2] * static_cast<std::uint64_t>(page) / 1024) + " KBytes at most\n";
}

std::string vif_table(bool v6, const std::vector<MrouteVif>& vifs) {
  const std::string title = v6 ? "IPv6 Multicast Interface Table" : "IPv4 Virtual Interface Table";
  if (vifs.empty()) return "\n" + title + " is empty\n";
  std::vector<std::vector<std::string>> rows;
  if (v6) rows.push_back({"Mif", "Name", "Pkts-In", "Pkts-Out"});
  else rows.push_back({"Vif", "Name", "Local-Address", "Remote-Address", "Pkts-In", "Pkts-Out"});
  for (const auto& v : vifs) {
    const std::string name = terminal_safe(v.name);
    if (v6) rows.push_back({num(static_cast<std::uint64_t>(v.index)), name, num(v.pkts_in), num(v.pkts_out)});
    else rows.push_back({num(static_cast<std::uint64_t>(v.index)), name, v.local.empty() ? "-" : v.local, v.remote,
                         num(v.pkts_in), num(v.pkts_out)});
  }
  const std::vector<bool> align = v6 ? std::vector<bool>{true, false, true, true}
                                     : std::vector<bool>{true, false, false, false, true, true};
  return "\n" + title + "\n" + table(rows, align);
}

std::string cache_table(bool v6, const std::vector<MrouteEntry>& entries) {
  const std::string title = v6 ? "IPv6 Multicast Forwarding Cache" : "IPv4 Multicast Forwarding Cache";
  if (entries.empty()) return "\n" + title + " is empty\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Origin", "Group", "Packets", v6 ? "In-Mif" : "In-Vif", v6 ? "Out-Mifs:Ttls" : "Out-Vifs:Ttls"});
  for (const auto& e : entries) {
    std::string outs;
    for (const auto& [vif, ttl] : e.out_ttls) outs += (outs.empty() ? "" : " ") + std::to_string(vif) + ":" + std::to_string(ttl);
    rows.push_back({e.origin, e.group, num(e.packets), e.in_vif < 0 ? "-" : std::to_string(e.in_vif), outs});
  }
  return "\n" + title + "\n" + table(rows, {false, false, true, true, false});
}

void stat_line(std::string& out, const std::optional<std::uint64_t>& v, std::string_view text) {
  if (v) out += "\t" + num(*v) + " " + std::string(text) + "\n";
}

}  // namespace

std::string format_socket_memory(const SocketMemory& m) {
  std::string out = "Linux has no mbufs: shown instead are its sockets and the memory their buffers hold\n"
                    "(/proc/net/sockstat, sockstat6).\n";
  std::uint64_t kbytes = 0;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Proto", "InUse", "Orphan", "TimeWait", "Alloc", "KBytes"});
  const auto page = static_cast<std::uint64_t>(m.page_size);
  for (const auto& l : m.lines) {
    if (l.label == "sockets") {
      out += opt(l.get("used")) + " sockets in use\n";
      continue;
    }
    std::optional<std::uint64_t> kb;
    if (auto pages = l.get("mem")) kb = *pages * page / 1024;
    else if (auto bytes = l.get("memory")) kb = *bytes / 1024;
    if (kb) kbytes += *kb;
    rows.push_back({terminal_safe(l.label), opt(l.get("inuse")), opt(l.get("orphan")), opt(l.get("tw")),
                    opt(l.get("alloc")), opt(kb)});
  }
  out += table(rows, {false, true, true, true, true, true});
  out += num(kbytes) + " KBytes allocated to network (socket buffers and fragment queues)\n";
  if (m.tcp_mem) out += limits("TCP", *m.tcp_mem, m.page_size);
  if (m.udp_mem) out += limits("UDP", *m.udp_mem, m.page_size);
  return out;
}

std::string format_multicast_routing(const MulticastRouting& r) {
  std::string out;
  if (r.ipv4) out += vif_table(false, r.vifs4) + cache_table(false, r.cache4);
  else out += "\nIPv4 multicast routing: not in this kernel (no /proc/net/ip_mr_vif; CONFIG_IP_MROUTE is off)\n";
  if (r.ipv6) out += vif_table(true, r.vifs6) + cache_table(true, r.cache6);
  else out += "\nIPv6 multicast routing: not in this kernel (no /proc/net/ip6_mr_vif; CONFIG_IPV6_MROUTE is off)\n";
  return out;
}

std::string format_multicast_statistics(const MulticastRouting& r, const ProtocolCounters& c) {
  std::string out;
  auto family = [&](bool v6, bool present, const std::vector<MrouteEntry>& cache, const std::vector<MrouteVif>& vifs) {
    out += v6 ? "IPv6 multicast forwarding:\n" : "IPv4 multicast forwarding:\n";
    if (present) {
      std::uint64_t unresolved = 0, packets = 0, wrong = 0;
      for (const auto& e : cache) {
        if (e.in_vif < 0) ++unresolved;
        packets += e.packets;
        wrong += e.wrong_if;
      }
      out += "\t" + num(vifs.size()) + (v6 ? " multicast interfaces\n" : " virtual interfaces\n");
      out += "\t" + num(cache.size()) + " forwarding cache entries (" + num(unresolved) +
             " unresolved, waiting for the routing daemon)\n";
      out += "\t" + num(packets) + " packets forwarded through the cache\n";
      out += "\t" + num(wrong) + " packets arrived on the wrong interface\n";
    } else {
      out += "\tnot in this kernel (no multicast routing tables)\n";
    }
    if (v6) {
      stat_line(out, c.get("Ip6", "InMcastPkts"), "multicast packets received (all, routed or not)");
      stat_line(out, c.get("Ip6", "OutMcastPkts"), "multicast packets sent");
    } else {
      stat_line(out, c.get("IpExt", "InMcastPkts"), "multicast packets received (all, routed or not)");
      stat_line(out, c.get("IpExt", "OutMcastPkts"), "multicast packets sent");
    }
  };
  family(false, r.ipv4, r.cache4, r.vifs4);
  family(true, r.ipv6, r.cache6, r.vifs6);
  out += "Not kept by Linux: forwarding cache lookups and misses, upcalls to the routing daemon,\n"
         "packets dropped for TTL threshold or rate limit, tunnel and bandwidth counters.\n";
  return out;
}

std::string format_routing_statistics(const RoutingStatistics& s) {
  const ProtocolCounters& c = s.counters;
  std::string out = "routing:\n";
  stat_line(out, c.get("Icmp", "InRedirects"), "ICMP redirects received (Linux does not count bad ones apart)");
  stat_line(out, c.get("Icmp", "OutRedirects"), "ICMP redirects sent");
  stat_line(out, c.get("Ip", "OutNoRoutes"), "IPv4 packets to send found no route (destination unreachable)");
  stat_line(out, c.get("IpExt", "InNoRoutes"), "IPv4 packets received found no route");
  stat_line(out, c.get("Icmp6", "InRedirects"), "ICMPv6 redirects received");
  stat_line(out, c.get("Icmp6", "OutRedirects"), "ICMPv6 redirects sent");
  stat_line(out, c.get("Ip6", "OutNoRoutes"), "IPv6 packets to send found no route (destination unreachable)");
  stat_line(out, c.get("Ip6", "InNoRoutes"), "IPv6 packets received found no route");
  if (s.rt_cache) {
    auto get = [&](std::string_view k) -> std::optional<std::uint64_t> {
      const auto it = s.rt_cache->find(k);
      if (it == s.rt_cache->end()) return std::nullopt;
      return it->second;
    };
    stat_line(out, get("in_no_route"), "input route lookups found no route (rt_cache)");
    stat_line(out, get("in_martian_dst"), "packets to martian destinations (rt_cache)");
    stat_line(out, get("in_martian_src"), "packets from martian sources (rt_cache)");
  }
  if (s.rt6) {
    stat_line(out, s.rt6->fib_nodes, "IPv6 routing tree nodes (rt6_stats)");
    stat_line(out, s.rt6->fib_rt_entries, "IPv6 route entries (rt6_stats)");
    stat_line(out, s.rt6->fib_rt_cache, "IPv6 cached routes, made by redirects or path MTU (rt6_stats)");
    stat_line(out, s.rt6->discarded_routes, "IPv6 routes discarded (rt6_stats)");
  }
  out += "Not kept by Linux: bad routing redirects, dynamically created routes, new gateways\n"
         "due to redirects, uses of a wildcard route.\n";
  return out;
}

}  // namespace sockscope
