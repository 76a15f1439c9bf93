// Names: the NameSource presenters get, from /etc/services, /etc/hosts and reverse DNS.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "parse/hosts.hpp"
#include "parse/services.hpp"
#include <atomic>

#include "resolve/dns_resolver.hpp"
#include "resolve/names.hpp"
#include "resolve/system_files.hpp"

namespace sockscope {

class Names final : public NameSource {
 public:
  struct Options {
    bool numeric = false;        // -n: no names at all, and no files read or threads started
    bool dns = true;             // false: /etc/hosts and /etc/services only, never a query
    bool use_hosts_file = true;  // also sets dns.use_hosts_file
    std::string services_path = kServicesPath;
    std::string hosts_path = kHostsPath;
    DnsResolver::Options dns_options;
  };
  static constexpr std::chrono::milliseconds kDefaultResolveBound{2000};

  // Fails only when DNS cannot start (e.g. a bad server list); unreadable files become warnings().
  // With the system's servers, DNS (its channel and thread) starts only when the first address
  // that needs it is requested: a host whose addresses /etc/hosts or loopback answer never pays.
  static Result<Names> create(Options options);

  std::optional<std::string> host_name(const IpAddress& addr) const override;
  std::optional<std::string> service_name(std::uint16_t port, Proto proto) const override;

  // Starts a lookup in the background (for the TUI: ask each refresh, show what is known).
  void request(const IpAddress& addr);
  // Requests every address and waits at most `total_bound` for the answers; names that are
  // late stay numeric. True if every lookup finished in time.
  bool resolve_all(const std::vector<IpAddress>& addrs,
                   std::chrono::milliseconds total_bound = kDefaultResolveBound);

  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  // DNS started on first use. request() runs on one thread at a time; host_name() may run on
  // others meanwhile, so the resolver is published through an atomic pointer once it exists.
  struct LazyDns {
    DnsResolver::Options options;
    bool failed = false;
    std::unique_ptr<DnsResolver> owned;
    std::atomic<DnsResolver*> ready{nullptr};
  };
  Names() = default;
  DnsResolver* dns() const { return dns_ ? dns_->ready.load(std::memory_order_acquire) : nullptr; }
  DnsResolver* start_dns();
  bool numeric_ = false;
  ServiceTable services_;
  HostTable hosts_;
  std::unique_ptr<LazyDns> dns_;  // null when numeric or DNS is off
  std::vector<std::string> warnings_;
};

}  // namespace sockscope
