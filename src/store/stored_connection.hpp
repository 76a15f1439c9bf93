// One finished connection or listener change as the history database holds it: wall-clock times, text addresses, owner details.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/conn_event.hpp"

namespace sockscope {

struct StoredConnection {
  ConnEventKind kind = ConnEventKind::Closed;
  std::string source;     // "ebpf" or "diag"
  std::string direction;  // "out", "in" or "" (unknown)
  std::string proto;      // "tcp", "tcp6", "udp", "udp6"
  std::string state;      // TCP: the last state before the close; "REFUSED": a SYN no socket took; UDP: ""
  std::uint32_t netns = 0;
  std::uint64_t cookie = 0;
  std::string local_address;
  std::uint16_t local_port = 0;
  std::string remote_address;
  std::uint16_t remote_port = 0;
  std::optional<std::int64_t> opened_ns;  // Unix time; unknown before capture began or without eBPF
  std::int64_t closed_ns = 0;             // Unix time
  TcpCounters tcp;
  std::optional<std::uint32_t> pid;
  std::optional<std::uint32_t> uid;
  std::string process, exe, cmdline, user, unit, container;  // raw: sanitize before showing
  friend bool operator==(const StoredConnection&, const StoredConnection&) = default;
};

// CLOCK_BOOTTIME to Unix time: one offset taken at capture start, so all rows of a run agree.
std::int64_t boottime_to_unix_offset_ns();

// The event as a row; owner details beyond pid/comm/uid are left for the caller to fill.
StoredConnection to_stored(const ConnEvent& e, std::int64_t boot_to_unix_ns);

}  // namespace sockscope
