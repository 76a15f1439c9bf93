// Per-connection transfer rates from two readings of the kernel's tcp_info byte counters.
#pragma once

#include <chrono>
#include <optional>

#include "model/endpoint.hpp"

namespace sockscope {

// Bytes per second; absent when there is nothing to compare (no tcp_info, first reading,
// counters that went backwards because the socket was replaced, no time elapsed).
struct Rates {
  std::optional<double> send;
  std::optional<double> receive;
  friend bool operator==(const Rates&, const Rates&) = default;
};

// `before` and `after` are the same socket read `elapsed` apart. Send counts tcpi_bytes_sent
// (retransmissions included, as the Sent Bytes column), receive tcpi_bytes_received.
Rates tcp_rates(const Endpoint& before, const Endpoint& after, std::chrono::duration<double> elapsed);

}  // namespace sockscope
