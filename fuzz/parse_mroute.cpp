// Fuzz target: the multicast routing tables (ip_mr_vif, ip_mr_cache, ip6_mr_vif, ip6_mr_cache); the first byte picks one.
#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "parse/mroute.hpp"

using namespace sockscope;
using fuzz::check;
using fuzz::count_lines;

namespace {

// A numeric address in the canonical form inet_ntop writes (so it reads back as itself).
bool canonical(const std::string& text, bool ipv6) {
  unsigned char buf[16];
  char back[INET6_ADDRSTRLEN] = {};
  const int af = ipv6 ? AF_INET6 : AF_INET;
  return ::inet_pton(af, text.c_str(), buf) == 1 && ::inet_ntop(af, buf, back, sizeof back) && text == back;
}

// The kernel's %08X of a __be32.
std::string be32_hex(const std::string& dotted) {
  in_addr a{};
  if (dotted.empty() || ::inet_pton(AF_INET, dotted.c_str(), &a) != 1) return "00000000";
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08X", a.s_addr);
  return buf;
}

void check_vifs(std::string_view text, bool ipv6) {
  const auto vifs = parse_mroute_vifs(text, ipv6);
  if (!vifs) return;
  check(vifs->size() < count_lines(text));  // the heading is no row
  std::string printed = "Interface      BytesIn  PktsIn  BytesOut PktsOut Flags Local    Remote\n";
  for (const auto& v : *vifs) {
    check(!v.name.empty() && v.name.find_first_of(" \t\n") == std::string::npos);
    if (ipv6) {
      check(v.local.empty() && v.remote.empty());
    } else {
      check(canonical(v.remote, false));
      check(v.local.empty() == bool(v.flags & 0x8) && (v.local.empty() || canonical(v.local, false)));
    }
    char flags[16];
    std::snprintf(flags, sizeof flags, "%05X", v.flags);
    printed += std::to_string(v.index) + ' ' + v.name + ' ' + std::to_string(v.bytes_in) + ' ' +
               std::to_string(v.pkts_in) + ' ' + std::to_string(v.bytes_out) + ' ' + std::to_string(v.pkts_out) +
               ' ' + flags;
    if (!ipv6) printed += ' ' + be32_hex(v.local) + ' ' + be32_hex(v.remote);
    printed += '\n';
  }
  // Printed back in the kernel's layout, the rows read the same.
  const auto again = parse_mroute_vifs(printed, ipv6);
  check(again && again->size() == vifs->size());
  for (std::size_t i = 0; i < vifs->size(); ++i) {
    const auto &a = (*vifs)[i], &b = (*again)[i];
    check(a.index == b.index && a.name == b.name && a.bytes_in == b.bytes_in && a.pkts_in == b.pkts_in &&
          a.bytes_out == b.bytes_out && a.pkts_out == b.pkts_out && a.flags == b.flags && a.local == b.local &&
          a.remote == b.remote);
  }
}

void check_cache(std::string_view text, bool ipv6) {
  const auto cache = parse_mroute_cache(text, ipv6);
  if (!cache) return;
  check(cache->size() < count_lines(text));
  std::string printed = "Group    Origin   Iif     Pkts    Bytes    Wrong Oifs\n";
  for (const auto& e : *cache) {
    check(canonical(e.group, ipv6) && canonical(e.origin, ipv6));
    printed += (ipv6 ? e.group : be32_hex(e.group)) + ' ' + (ipv6 ? e.origin : be32_hex(e.origin)) + ' ' +
               std::to_string(e.in_vif) + ' ' + std::to_string(e.packets) + ' ' + std::to_string(e.bytes) + ' ' +
               std::to_string(e.wrong_if);
    for (const auto& [vif, ttl] : e.out_ttls) printed += ' ' + std::to_string(vif) + ':' + std::to_string(ttl);
    printed += '\n';
  }
  const auto again = parse_mroute_cache(printed, ipv6);
  check(again && again->size() == cache->size());
  for (std::size_t i = 0; i < cache->size(); ++i) {
    const auto &a = (*cache)[i], &b = (*again)[i];
    check(a.group == b.group && a.origin == b.origin && a.in_vif == b.in_vif && a.packets == b.packets &&
          a.bytes == b.bytes && a.wrong_if == b.wrong_if && a.out_ttls == b.out_ttls);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  const bool ipv6 = data[0] & 2;
  if (data[0] % 2 == 0) check_vifs(text, ipv6);
  else check_cache(text, ipv6);
  return 0;
}
