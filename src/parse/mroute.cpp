// Parsing the multicast routing vif and cache tables the kernel prints under /proc/net.
#include "parse/mroute.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "parse/proc_text.hpp"

namespace sockscope {

namespace {

template <typename T>
std::optional<T> number(std::string_view s, int base = 10) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// The kernel prints a __be32 with %08X: the integer read back in host order holds the network bytes.
std::optional<std::string> ipv4_hex(std::string_view s) {
  if (s.size() != 8) return std::nullopt;
  auto v = number<std::uint32_t>(s, 16);
  if (!v) return std::nullopt;
  in_addr a{};
  a.s_addr = *v;
  char buf[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  return std::string(buf);
}

std::optional<std::string> ipv6_text(std::string_view s) {
  in6_addr a{};
  const std::string z(s);
  if (::inet_pton(AF_INET6, z.c_str(), &a) != 1) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET6, &a, buf, sizeof buf);
  return std::string(buf);
}

std::unexpected<Error> bad(std::string_view file, int line, std::string_view why) {
  return fail(std::string(file) + " line " + std::to_string(line) + ": " + std::string(why), EBADMSG);
}

}  // namespace

Result<std::vector<MrouteVif>> parse_mroute_vifs(std::string_view text, bool ipv6) {
  const std::string_view file = ipv6 ? "ip6_mr_vif" : "ip_mr_vif";
  std::vector<MrouteVif> out;
  std::string_view rest = text;
  const std::string_view head = proc_text::next_line(rest);
  if (head.find("Interface") == std::string_view::npos) return bad(file, 1, "no heading");
  int n = 1;
  while (!rest.empty()) {
    const std::string_view line = proc_text::next_line(rest);
    ++n;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    proc_text::Tokens t(line);
    std::string_view f[9];
    const int want = ipv6 ? 7 : 9;
    for (int i = 0; i < want; ++i) {
      auto tok = t.next();
      if (!tok) return bad(file, n, "too few fields");
      f[i] = *tok;
    }
    MrouteVif v;
    auto idx = number<int>(f[0]);
    auto bi = number<std::uint64_t>(f[2]), pi = number<std::uint64_t>(f[3]);
    auto bo = number<std::uint64_t>(f[4]), po = number<std::uint64_t>(f[5]);
    auto fl = number<unsigned>(f[6], 16);
    if (!idx || !bi || !pi || !bo || !po || !fl) return bad(file, n, "a field is not a number");
    v.index = *idx;
    v.name = std::string(f[1]);
    v.bytes_in = *bi, v.pkts_in = *pi, v.bytes_out = *bo, v.pkts_out = *po, v.flags = *fl;
    if (!ipv6) {
      auto l = ipv4_hex(f[7]), r = ipv4_hex(f[8]);
      if (!l || !r) return bad(file, n, "an address is not 8 hex digits");
      constexpr unsigned kUseIfindex = 0x8;  // VIFF_USE_IFINDEX
      if (!(v.flags & kUseIfindex)) v.local = *l;
      v.remote = *r;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::vector<MrouteEntry>> parse_mroute_cache(std::string_view text, bool ipv6) {
  const std::string_view file = ipv6 ? "ip6_mr_cache" : "ip_mr_cache";
  std::vector<MrouteEntry> out;
  std::string_view rest = text;
  const std::string_view head = proc_text::next_line(rest);
  if (head.find("Group") == std::string_view::npos) return bad(file, 1, "no heading");
  int n = 1;
  while (!rest.empty()) {
    const std::string_view line = proc_text::next_line(rest);
    ++n;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    proc_text::Tokens t(line);
    std::string_view f[6];
    for (auto& x : f) {
      auto tok = t.next();
      if (!tok) return bad(file, n, "too few fields");
      x = *tok;
    }
    MrouteEntry e;
    auto g = ipv6 ? ipv6_text(f[0]) : ipv4_hex(f[0]);
    auto o = ipv6 ? ipv6_text(f[1]) : ipv4_hex(f[1]);
    if (!g || !o) return bad(file, n, "an address is malformed");
    auto iif = number<int>(f[2]);
    auto p = number<std::uint64_t>(f[3]), b = number<std::uint64_t>(f[4]), w = number<std::uint64_t>(f[5]);
    if (!iif || !p || !b || !w) return bad(file, n, "a field is not a number");
    e.group = *g, e.origin = *o, e.in_vif = *iif, e.packets = *p, e.bytes = *b, e.wrong_if = *w;
    while (auto tok = t.next()) {
      const auto colon = tok->find(':');
      if (colon == std::string_view::npos) return bad(file, n, "an output is not vif:ttl");
      auto vif = number<int>(tok->substr(0, colon)), ttl = number<int>(tok->substr(colon + 1));
      if (!vif || !ttl) return bad(file, n, "an output is not vif:ttl");
      e.out_ttls.emplace_back(*vif, *ttl);
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sockscope
