// Hand-built snapshots, a fake NameSource and fixed local lookups shared by the presenter tests.
#pragma once

#include <arpa/inet.h>

#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/snapshot.hpp"
#include "present/local_lookups.hpp"
#include "resolve/names.hpp"

namespace sockscope::testing {

inline IpAddress ip4(const char* text) {
  in_addr a{};
  inet_pton(AF_INET, text, &a);
  return IpAddress::v4(a.s_addr);
}

inline IpAddress ip6(const char* text, std::uint32_t scope = 0) {
  in6_addr a{};
  inet_pton(AF_INET6, text, &a);
  return IpAddress::v6(a.s6_addr, scope);
}

inline Endpoint inet(Proto proto, IpAddress local, std::uint16_t lport, IpAddress remote,
                     std::uint16_t rport, TcpState state) {
  Endpoint e;
  e.proto = proto;
  e.family = local.family;
  e.local = local;
  e.remote = remote;
  e.local_port = lport;
  e.remote_port = rport;
  e.state = state;
  return e;
}

inline Endpoint owned(Endpoint e, std::initializer_list<std::uint32_t> processes) {
  int fd = 3;
  for (std::uint32_t p : processes) e.owners.push_back(Owner{p, fd++});
  return e;
}

inline Process process(int pid, std::string name, std::string exe, std::vector<std::string> argv,
                       std::uint32_t uid = 0, std::string user = "root", std::int64_t start_ms = 0) {
  Process p;
  p.pid = pid;
  p.name = std::move(name);
  p.exe = std::move(exe);
  p.cmdline = std::move(argv);
  p.uid = uid;
  p.user = std::move(user);
  p.start_time_ms = start_ms;
  return p;
}

// Names from fixed maps; anything else stays numeric.
class FakeNames : public NameSource {
 public:
  std::map<std::string, std::string> hosts;  // numeric address -> name
  std::map<std::pair<std::uint16_t, Proto>, std::string> services;

  std::optional<std::string> host_name(const IpAddress& addr) const override {
    auto it = hosts.find(addr.to_string());
    if (it == hosts.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> service_name(std::uint16_t port, Proto proto) const override {
    auto it = services.find({port, proto});
    if (it == services.end()) return std::nullopt;
    return it->second;
  }
};

// uid 0 root, 1000 alice; interfaces 1 lo, 2 eth0; nothing else.
inline LocalLookups fixed_lookups() {
  return LocalLookups(
      [](std::uint32_t uid) -> std::optional<std::string> {
        if (uid == 0) return "root";
        if (uid == 1000) return "alice";
        return std::nullopt;
      },
      [](std::uint32_t index) -> std::optional<std::string> {
        if (index == 1) return "lo";
        if (index == 2) return "eth0";
        return std::nullopt;
      });
}

// Sets TZ for the test's life, so local-time text is predictable.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (old_) setenv("TZ", old_->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
  ScopedTimeZone(const ScopedTimeZone&) = delete;
  ScopedTimeZone& operator=(const ScopedTimeZone&) = delete;

 private:
  std::optional<std::string> old_;
};

inline std::vector<std::size_t> all_rows(const Snapshot& s) {
  std::vector<std::size_t> rows(s.endpoints.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return rows;
}

}  // namespace sockscope::testing
