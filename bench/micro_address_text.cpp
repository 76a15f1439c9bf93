// Micro-benchmark: address text with our formatter (present/address_text.cpp) against glibc inet_ntop.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "present/address_text.hpp"

namespace sockscope {
namespace {

// The mix a host shows: loopback and private IPv4, IPv6 loopback, link-local, global, v4-mapped.
std::vector<IpAddress> addresses(std::size_t n) {
  std::vector<IpAddress> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<std::uint8_t>(i);
    switch (i % 6) {
      case 0: out.push_back(IpAddress::v4(htonl(0x7f000001u))); break;
      case 1: out.push_back(IpAddress::v4(htonl(0x0a000000u | static_cast<std::uint32_t>(i & 0xffff)))); break;
      case 2: {
        std::uint8_t b[16] = {};
        b[15] = 1;
        out.push_back(IpAddress::v6(b));
        break;
      }
      case 3: {
        std::uint8_t b[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x42, 0xac, 0xff, 0xfe, 0x11, 0, k};
        out.push_back(IpAddress::v6(b));
        break;
      }
      case 4: {
        std::uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, k};
        out.push_back(IpAddress::v6(b));
        break;
      }
      default: {
        std::uint8_t b[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, k};
        out.push_back(IpAddress::v6(b));
        break;
      }
    }
  }
  return out;
}

void BM_AddressTextOwn(benchmark::State& state) {
  const auto addrs = addresses(1200);
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const auto& a : addrs) append_ip_text(out, a);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_AddressTextOwn);

void BM_AddressTextInetNtop(benchmark::State& state) {
  const auto addrs = addresses(1200);
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (const auto& a : addrs) {
      char buf[INET6_ADDRSTRLEN];
      const int af = a.family == Family::Inet6 ? AF_INET6 : AF_INET;
      ::inet_ntop(af, a.bytes.data(), buf, sizeof buf);
      out.append(buf, std::strlen(buf));
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * addrs.size()));
}
BENCHMARK(BM_AddressTextInetNtop);

}  // namespace
}  // namespace sockscope
