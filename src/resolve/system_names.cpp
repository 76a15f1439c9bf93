// Names: hosts entries answer at once, DNS fills in the rest in the background.
#include "resolve/system_names.hpp"

namespace sockscope {

Result<Names> Names::create(Options options) {
  Names names;
  names.numeric_ = options.numeric;
  if (options.numeric) return names;

  if (auto services = load_services(options.services_path)) {
    names.services_ = std::move(*services);
  } else {
    names.warnings_.push_back("service names unavailable: " + services.error().message);
  }
  if (options.use_hosts_file) {
    if (auto hosts = load_hosts(options.hosts_path)) {
      names.hosts_ = std::move(*hosts);
    } else {
      names.warnings_.push_back("/etc/hosts names unavailable: " + hosts.error().message);
    }
  }
  if (options.dns) {
    options.dns_options.use_hosts_file = options.use_hosts_file;
    names.dns_ = std::make_unique<LazyDns>();
    // Servers named on the command line: start now, so a bad list is an error at once.
    if (!options.dns_options.servers.empty()) {
      auto dns = DnsResolver::create(std::move(options.dns_options));
      if (!dns) return std::unexpected(dns.error());
      names.dns_->owned = std::move(*dns);
      names.dns_->ready.store(names.dns_->owned.get(), std::memory_order_release);
    } else {
      names.dns_->options = std::move(options.dns_options);
    }
  }
  return names;
}

DnsResolver* Names::start_dns() {
  if (DnsResolver* d = dns()) return d;
  if (!dns_ || dns_->failed) return nullptr;
  auto dns = DnsResolver::create(dns_->options);
  if (!dns) {
    dns_->failed = true;  // said once; names stay numeric
    warnings_.push_back("DNS unavailable: " + dns.error().message);
    return nullptr;
  }
  dns_->owned = std::move(*dns);
  dns_->ready.store(dns_->owned.get(), std::memory_order_release);
  return dns_->owned.get();
}

std::optional<std::string> Names::host_name(const IpAddress& addr) const {
  if (numeric_ || addr.is_unspecified()) return std::nullopt;
  if (const std::string* name = hosts_.find(addr)) return *name;
  if (const DnsResolver* d = dns()) return d->find(addr);
  return std::nullopt;
}

std::optional<std::string> Names::service_name(std::uint16_t port, Proto proto) const {
  if (numeric_) return std::nullopt;
  if (const std::string* name = services_.find(port, proto)) return *name;
  return std::nullopt;
}

void Names::request(const IpAddress& addr) {
  if (!dns_ || hosts_.find(addr)) return;
  // Loopback names come from /etc/hosts alone: RFC 6761 (6.3) has resolvers answer
  // 127.in-addr.arpa themselves rather than ask DNS, and asking costs a query per address.
  if (addr.is_loopback() || addr.is_unspecified()) return;
  if (DnsResolver* d = start_dns()) d->request(addr);
}

bool Names::resolve_all(const std::vector<IpAddress>& addrs, std::chrono::milliseconds total_bound) {
  if (!dns_) return true;
  // The deadline is taken first so queueing thousands of addresses counts against the bound.
  const auto deadline = DnsResolver::Clock::now() + total_bound;
  for (const auto& addr : addrs) request(addr);
  DnsResolver* d = dns();
  return d ? d->wait(deadline) : true;
}

}  // namespace sockscope
