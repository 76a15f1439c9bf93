// Synthetic inputs for the micro-benchmarks: a loopback host like sockscope-loadgen's, in memory.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/snapshot.hpp"

namespace sockscope::micro {

inline constexpr int kProcesses = 8;

// `connections` established loopback TCP connections (two sockets each, the ends held by
// neighbouring processes), 8 listeners and `udp` UDP sockets, as sock_diag would report them,
// in the kernel's (hash) order rather than sorted; owners attributed, tcp counters absent.
inline Snapshot loopback_snapshot(std::size_t connections, std::size_t udp = 1000) {
  Snapshot s;
  for (int p = 0; p < kProcesses; ++p) {
    Process proc;
    proc.pid = 40000 + p;
    proc.ppid = 39999;
    proc.name = "loadgen-" + std::to_string(p);
    proc.exe = "/usr/local/bin/sockscope-loadgen";
    proc.cmdline = {"sockscope-loadgen", "--tcp", std::to_string(connections)};
    proc.user = "root";
    proc.unit = "session-1.scope";
    proc.start_time_ms = 1'700'000'000'000;
    s.processes.push_back(std::move(proc));
  }
  std::uint64_t inode = 1'000'000;
  int fd = 3;
  auto add = [&](Proto proto, TcpState state, std::uint32_t laddr, std::uint16_t lport, std::uint32_t raddr,
                 std::uint16_t rport, std::uint32_t owner) {
    Endpoint e;
    e.proto = proto;
    e.family = Family::Inet4;
    e.state = state;
    e.local = IpAddress::v4(htonl(laddr));
    e.remote = IpAddress::v4(htonl(raddr));
    e.local_port = lport;
    e.remote_port = rport;
    e.inode = inode++;
    e.cookie = inode * 7919;
    e.owners.push_back(Owner{owner, fd++});
    s.endpoints.push_back(std::move(e));
  };
  s.endpoints.reserve(2 * connections + kProcesses + udp);
  for (std::uint32_t c = 0; c < kProcesses; ++c) add(Proto::Tcp, TcpState::Listen, 0x7f000001, static_cast<std::uint16_t>(5000 + c), 0, 0, c);
  for (std::size_t i = 0; i < connections; ++i) {
    const auto c = static_cast<std::uint32_t>(i % kProcesses);
    const auto server = (c + 1) % kProcesses;
    const std::uint32_t client_addr = 0x7f000001 | (c + 1) << 16 | static_cast<std::uint32_t>(i / kProcesses / 50000) << 8;
    const auto client_port = static_cast<std::uint16_t>(10000 + (i / kProcesses) % 50000);
    const auto server_port = static_cast<std::uint16_t>(5000 + server);
    add(Proto::Tcp, TcpState::Established, client_addr, client_port, 0x7f000001, server_port, c);
    add(Proto::Tcp, TcpState::Established, 0x7f000001, server_port, client_addr, client_port, server);
  }
  for (std::size_t i = 0; i < udp; ++i) {
    add(Proto::Udp, i % 2 ? TcpState::Established : TcpState::Close, 0x7f000001, static_cast<std::uint16_t>(20000 + i),
        i % 2 ? 0x7f000001 : 0, i % 2 ? static_cast<std::uint16_t>(30000 + i) : 0, static_cast<std::uint32_t>(i % kProcesses));
  }
  // sock_diag walks hash buckets: neither address nor inode order.
  std::uint64_t x = 88172645463325252ull;
  for (std::size_t i = s.endpoints.size(); i > 1; --i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::swap(s.endpoints[i - 1], s.endpoints[x % i]);
  }
  return s;
}

}  // namespace sockscope::micro
