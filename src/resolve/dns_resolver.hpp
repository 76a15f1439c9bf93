// Asynchronous reverse DNS (PTR) lookups on a worker thread, with a result cache.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/endpoint.hpp"
#include "model/error.hpp"

namespace sockscope {

class DnsResolver {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::chrono::milliseconds timeout{1000};  // per try, per server
    int tries = 2;
    // "" = the servers of /etc/resolv.conf. Otherwise c-ares' list syntax:
    // "192.0.2.1", "127.0.0.1:5353", "[2001:db8::1]:53", comma separated.
    std::string servers;
    bool use_hosts_file = true;  // c-ares consults /etc/hosts before DNS
    std::chrono::seconds positive_ttl{3600};
    std::chrono::seconds negative_ttl{300};  // failures too, so refreshes do not re-query
    std::size_t max_in_flight = 64;          // queries outstanding at the server at once
    std::function<Clock::time_point()> now;  // cache expiry clock; empty = Clock::now
  };

  // Fails when c-ares cannot start or `servers` does not parse.
  static Result<std::unique_ptr<DnsResolver>> create(Options options);
  ~DnsResolver();
  DnsResolver(const DnsResolver&) = delete;
  DnsResolver& operator=(const DnsResolver&) = delete;

  // Queues a lookup unless one is pending or a cached answer is still fresh. Unspecified
  // addresses are ignored; IPv6 scope is dropped and IPv4-mapped addresses are looked up as IPv4.
  void request(const IpAddress& addr);
  // The name if one is known now, possibly stale while a refresh is pending. Never blocks on DNS.
  // The name is hostile data from whoever answers the PTR query: escape before display.
  std::optional<std::string> find(const IpAddress& addr) const;
  // Blocks until nothing is pending or the deadline passes; true if nothing is pending.
  bool wait(Clock::time_point deadline);

 private:
  struct Impl;
  explicit DnsResolver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockscope
