// Shared by the live model and view tests: endpoint and snapshot builders on a fixed wall clock.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "present/columns.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope::testing {

using namespace std::chrono_literals;

inline const std::chrono::system_clock::time_point kWallStart =
    std::chrono::system_clock::time_point{} + std::chrono::seconds(1'700'000'000);  // 2023-11-14T22:13:20Z

inline bool column_exists(std::string_view key) { return find_column(key) != nullptr; }

inline Endpoint tcp4(const char* local, std::uint16_t lport, const char* remote, std::uint16_t rport,
                     TcpState st, std::uint64_t cookie) {
  Endpoint e = inet(Proto::Tcp, ip4(local), lport, ip4(remote), rport, st);
  e.cookie = cookie;
  e.inode = cookie + 1000;
  return e;
}

inline Endpoint udp4(const char* local, std::uint16_t lport, std::uint64_t cookie) {
  Endpoint e = inet(Proto::Udp, ip4(local), lport, ip4("0.0.0.0"), 0, TcpState::Close);
  e.cookie = cookie;
  e.inode = cookie + 1000;
  return e;
}

inline Endpoint tcp6(const char* local, std::uint16_t lport, const char* remote, std::uint16_t rport,
                     TcpState st, std::uint64_t cookie) {
  Endpoint e = inet(Proto::Tcp, ip6(local), lport, ip6(remote), rport, st);
  e.cookie = cookie;
  e.inode = cookie + 1000;
  return e;
}

// Processes 0: nginx (100), 1: curl (200), 2: sshd (300).
inline std::vector<Process> standard_processes() {
  return {process(100, "nginx", "/usr/sbin/nginx", {"nginx", "-g", "daemon off;"}, 33, "www-data", 1'699'999'000'000),
          process(200, "curl", "/usr/bin/curl", {"curl", "http://10.0.0.2/"}, 1000, "alice", 1'699'999'900'000),
          process(300, "sshd", "/usr/sbin/sshd", {"sshd: alice [priv]"}, 0, "root", 1'699'990'000'000)};
}

inline SnapshotPtr make_snapshot(std::chrono::system_clock::time_point at, std::vector<Endpoint> endpoints,
                                 std::vector<Process> processes = standard_processes()) {
  auto s = std::make_shared<Snapshot>();
  s->taken_at = at;
  s->endpoints = std::move(endpoints);
  s->processes = std::move(processes);
  return s;
}

}  // namespace sockscope::testing
