// Reading /proc/net/sockstat(6), the multicast routing tables and the routing counters.
#include "collect/proc_net_extras_read.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "collect/proc_read_file.hpp"
#include "collect/proc_snmp_read.hpp"

namespace sockscope {
namespace {

// The text, nullopt when the file does not exist, or an error naming it.
Result<std::optional<std::string>> read_optional(const std::string& path) {
  std::string text;
  if (const int err = read_file_at(AT_FDCWD, path.c_str(), text)) {
    if (err == ENOENT) return std::optional<std::string>{};
    return fail(path + ": " + std::strerror(err), err);
  }
  return std::optional<std::string>(std::move(text));
}

template <typename T>
Result<T> named(const std::string& path, Result<T> r) {
  if (!r) return fail(path + ": " + r.error().message, EBADMSG);
  return r;
}

}  // namespace

Result<SocketMemory> read_socket_memory(const std::string& proc_root) {
  SocketMemory m;
  if (const long p = ::sysconf(_SC_PAGESIZE); p > 0) m.page_size = p;
  for (const char* f : {"/net/sockstat", "/net/sockstat6"}) {
    const std::string path = proc_root + f;
    auto text = read_optional(path);
    if (!text) return std::unexpected(text.error());
    if (!*text) {
      if (m.lines.empty()) return fail(path + ": " + std::strerror(ENOENT), ENOENT);
      continue;
    }
    auto lines = named(path, parse_sockstat(**text));
    if (!lines) return std::unexpected(lines.error());
    m.lines.insert(m.lines.end(), lines->begin(), lines->end());
  }
  for (auto [f, into] : {std::pair{"/sys/net/ipv4/tcp_mem", &m.tcp_mem}, std::pair{"/sys/net/ipv4/udp_mem", &m.udp_mem}}) {
    const std::string path = proc_root + f;
    auto text = read_optional(path);
    if (!text) return std::unexpected(text.error());
    if (!*text) continue;
    auto lim = named(path, parse_mem_limits(**text));
    if (!lim) return std::unexpected(lim.error());
    *into = *lim;
  }
  return m;
}

Result<MulticastRouting> read_multicast_routing(const std::string& proc_root) {
  MulticastRouting r;
  struct Table {
    const char* vif;
    const char* cache;
    bool v6;
    bool* present;
    std::vector<MrouteVif>* vifs;
    std::vector<MrouteEntry>* entries;
  };
  const Table tables[] = {{"/net/ip_mr_vif", "/net/ip_mr_cache", false, &r.ipv4, &r.vifs4, &r.cache4},
                          {"/net/ip6_mr_vif", "/net/ip6_mr_cache", true, &r.ipv6, &r.vifs6, &r.cache6}};
  for (const Table& t : tables) {
    const std::string vp = proc_root + t.vif, cp = proc_root + t.cache;
    auto vt = read_optional(vp);
    if (!vt) return std::unexpected(vt.error());
    auto ct = read_optional(cp);
    if (!ct) return std::unexpected(ct.error());
    if (!*vt || !*ct) continue;
    auto vifs = named(vp, parse_mroute_vifs(**vt, t.v6));
    if (!vifs) return std::unexpected(vifs.error());
    auto cache = named(cp, parse_mroute_cache(**ct, t.v6));
    if (!cache) return std::unexpected(cache.error());
    *t.present = true;
    *t.vifs = std::move(*vifs);
    *t.entries = std::move(*cache);
  }
  return r;
}

Result<RoutingStatistics> read_routing_statistics(const std::string& proc_root) {
  RoutingStatistics s;
  auto c = read_protocol_counters(true, proc_root);
  if (!c) return std::unexpected(c.error());
  s.counters = std::move(*c);
  {
    const std::string path = proc_root + "/net/stat/rt_cache";
    auto text = read_optional(path);
    if (!text) return std::unexpected(text.error());
    if (*text) {
      auto p = named(path, parse_rt_cache_stat(**text));
      if (!p) return std::unexpected(p.error());
      s.rt_cache = std::move(*p);
    }
  }
  {
    const std::string path = proc_root + "/net/rt6_stats";
    auto text = read_optional(path);
    if (!text) return std::unexpected(text.error());
    if (*text) {
      auto p = named(path, parse_rt6_stats(**text));
      if (!p) return std::unexpected(p.error());
      s.rt6 = *p;
    }
  }
  return s;
}

}  // namespace sockscope
