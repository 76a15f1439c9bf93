// Tests for DnsResolver and Names against a fake DNS server on a loopback UDP socket.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "resolve/dns_resolver.hpp"
#include "resolve/system_names.hpp"

namespace sockscope {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Answers PTR queries from a table; counts every query it receives by name.
class FakeDns {
 public:
  FakeDns() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(fd_, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    socklen_t len = sizeof sa;
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len), 0);
    port_ = ntohs(sa.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeDns() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  std::string server() const { return "127.0.0.1:" + std::to_string(port_); }
  void answer(const std::string& qname, std::vector<std::string> labels) {
    std::lock_guard lock(mutex_);
    rules_[qname] = Rule{Kind::Answer, std::move(labels)};
  }
  void drop(const std::string& qname) {
    std::lock_guard lock(mutex_);
    rules_[qname] = Rule{Kind::Drop, {}};
  }
  int queries(const std::string& qname) const {
    std::lock_guard lock(mutex_);
    auto it = counts_.find(qname);
    return it == counts_.end() ? 0 : it->second;
  }
  int total_queries() const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [name, count] : counts_) n += count;
    return n;
  }

 private:
  enum class Kind { Answer, Drop };  // names without a rule get NXDOMAIN
  struct Rule {
    Kind kind;
    std::vector<std::string> labels;
  };

  void serve() {
    unsigned char buf[1500];
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      sockaddr_in from{};
      socklen_t fromlen = sizeof from;
      const ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &fromlen);
      if (n < 12) continue;
      std::string qname;
      std::size_t pos = 12;
      while (pos < static_cast<std::size_t>(n) && buf[pos] != 0) {
        const std::size_t len = buf[pos];
        if (pos + 1 + len > static_cast<std::size_t>(n)) break;
        if (!qname.empty()) qname += '.';
        qname.append(reinterpret_cast<const char*>(buf + pos + 1), len);
        pos += 1 + len;
      }
      const std::size_t question_end = pos + 1 + 4;  // root label, type, class
      if (question_end > static_cast<std::size_t>(n)) continue;

      Rule rule{Kind::Drop, {}};
      bool known = false;
      {
        std::lock_guard lock(mutex_);
        ++counts_[qname];
        if (auto it = rules_.find(qname); it != rules_.end()) {
          rule = it->second;
          known = true;
        }
      }
      if (known && rule.kind == Kind::Drop) continue;

      std::vector<unsigned char> out(buf, buf + question_end);
      out[2] = static_cast<unsigned char>(0x80 | (buf[2] & 0x01));  // QR, keep RD
      out[3] = static_cast<unsigned char>(0x80 | (known ? 0 : 3));  // RA, NOERROR or NXDOMAIN
      out[4] = 0, out[5] = 1;                                       // one question
      out[6] = 0, out[7] = known ? 1 : 0;                           // answers
      out[8] = out[9] = out[10] = out[11] = 0;
      if (known) {
        std::vector<unsigned char> rdata;
        for (const auto& label : rule.labels) {
          rdata.push_back(static_cast<unsigned char>(label.size()));
          rdata.insert(rdata.end(), label.begin(), label.end());
        }
        rdata.push_back(0);
        const unsigned char rr[] = {0xc0, 0x0c, 0, 12, 0, 1, 0, 0, 0x0e, 0x10,
                                    static_cast<unsigned char>(rdata.size() >> 8),
                                    static_cast<unsigned char>(rdata.size() & 0xff)};
        out.insert(out.end(), rr, rr + sizeof rr);
        out.insert(out.end(), rdata.begin(), rdata.end());
      }
      ::sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), fromlen);
    }
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::map<std::string, Rule> rules_;
  std::map<std::string, int> counts_;
};

IpAddress v4(const char* text) {
  std::uint32_t a = 0;
  EXPECT_EQ(inet_pton(AF_INET, text, &a), 1) << text;
  return IpAddress::v4(a);
}

IpAddress v6(const char* text, std::uint32_t scope = 0) {
  std::uint8_t b[16] = {};
  EXPECT_EQ(inet_pton(AF_INET6, text, b), 1) << text;
  return IpAddress::v6(b, scope);
}

// Hand-driven time for cache expiry.
struct FakeClock {
  std::atomic<Clock::rep> ticks{Clock::now().time_since_epoch().count()};
  Clock::time_point now() const { return Clock::time_point(Clock::duration(ticks.load())); }
  void advance(Clock::duration d) { ticks += d.count(); }
};

class DnsTest : public ::testing::Test {
 protected:
  DnsResolver::Options options() const {
    DnsResolver::Options o;
    o.servers = dns.server();
    o.timeout = 2000ms;  // longer than the bounds tested, so a dropped query stays pending
    o.tries = 1;
    o.use_hosts_file = false;
    o.now = [this] { return clock.now(); };
    return o;
  }
  std::unique_ptr<DnsResolver> make(DnsResolver::Options o) {
    auto r = DnsResolver::create(std::move(o));
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? std::move(*r) : nullptr;
  }

  FakeDns dns;
  FakeClock clock;
};

constexpr const char* kHostA = "7.2.0.192.in-addr.arpa";
constexpr const char* kEvil = "8.2.0.192.in-addr.arpa";
constexpr const char* kSilent = "9.2.0.192.in-addr.arpa";
constexpr const char* kMissing = "10.2.0.192.in-addr.arpa";

TEST_F(DnsTest, ResolvesPtrAndCachesTheAnswer) {
  dns.answer(kHostA, {"host-a", "example"});
  auto r = make(options());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->find(v4("192.0.2.7")), std::nullopt);
  r->request(v4("192.0.2.7"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(dns.queries(kHostA), 1);

  // Refreshes ask again; the cache answers without the server.
  for (int i = 0; i < 5; ++i) r->request(v4("192.0.2.7"));
  EXPECT_TRUE(r->wait(Clock::now()));
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(dns.queries(kHostA), 1);
}

TEST_F(DnsTest, ConcurrentDuplicateRequestsQueryOnce) {
  dns.answer(kHostA, {"host-a", "example"});
  auto r = make(options());
  ASSERT_TRUE(r);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        r->request(v4("192.0.2.7"));
        (void)r->find(v4("192.0.2.7"));
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(dns.queries(kHostA), 1);
}

TEST_F(DnsTest, PositiveAnswersExpireAfterTheirTtl) {
  dns.answer(kHostA, {"host-a", "example"});
  auto o = options();
  o.positive_ttl = 60s;
  auto r = make(o);
  ASSERT_TRUE(r);
  r->request(v4("192.0.2.7"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  clock.advance(61s);
  dns.answer(kHostA, {"host-a2", "example"});
  r->request(v4("192.0.2.7"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(dns.queries(kHostA), 2);
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a2.example");
}

// c-ares 1.18.1 refuses PTR names with bytes outside [A-Za-z0-9._-] (ARES_EBADRESP), so a
// hostile answer leaves the address numeric; it is remembered like any failure.
TEST_F(DnsTest, HostileNameIsRefusedAndCachedAsAFailure) {
  dns.answer(kEvil, {"\x1b[31mevil\n", "example"});
  dns.answer(kHostA, {"_gateway", "example"});  // odd but legal names still come through
  auto r = make(options());
  ASSERT_TRUE(r);
  r->request(v4("192.0.2.8"));
  r->request(v4("192.0.2.7"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(dns.queries(kEvil), 1);
  EXPECT_EQ(r->find(v4("192.0.2.8")), std::nullopt);
  EXPECT_EQ(r->find(v4("192.0.2.7")), "_gateway.example");
  r->request(v4("192.0.2.8"));
  EXPECT_TRUE(r->wait(Clock::now()));
  EXPECT_EQ(dns.queries(kEvil), 1);
}

TEST_F(DnsTest, NxDomainIsCachedForTheNegativeTtl) {
  auto r = make(options());  // default negative TTL: 5 minutes
  ASSERT_TRUE(r);
  r->request(v4("192.0.2.10"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v4("192.0.2.10")), std::nullopt);
  EXPECT_EQ(dns.queries(kMissing), 1);

  clock.advance(4min);
  r->request(v4("192.0.2.10"));
  EXPECT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(dns.queries(kMissing), 1);

  clock.advance(2min);
  r->request(v4("192.0.2.10"));
  EXPECT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(dns.queries(kMissing), 2);
}

TEST_F(DnsTest, WaitHonoursItsDeadlineWhenTheServerIsSilent) {
  dns.drop(kSilent);
  dns.answer(kHostA, {"host-a", "example"});
  auto r = make(options());
  ASSERT_TRUE(r);
  r->request(v4("192.0.2.9"));
  r->request(v4("192.0.2.7"));
  const auto start = Clock::now();
  EXPECT_FALSE(r->wait(start + 300ms));
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, 290ms);
  EXPECT_LT(waited, 800ms);
  EXPECT_EQ(r->find(v4("192.0.2.9")), std::nullopt);
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a.example");  // the silent one did not hold it up
  EXPECT_EQ(dns.queries(kSilent), 1);

  // Shutting down with a query outstanding is prompt and leaves nothing behind.
  const auto stop = Clock::now();
  r.reset();
  EXPECT_LT(Clock::now() - stop, 500ms);
}

TEST_F(DnsTest, UnspecifiedAddressesAreNeverLookedUp) {
  auto r = make(options());
  ASSERT_TRUE(r);
  r->request(v4("0.0.0.0"));
  r->request(v6("::"));
  r->request(v6("::ffff:0.0.0.0"));
  EXPECT_TRUE(r->wait(Clock::now()));
  EXPECT_EQ(r->find(v4("0.0.0.0")), std::nullopt);
  std::this_thread::sleep_for(100ms);  // give a wrongly sent query time to arrive
  EXPECT_EQ(dns.total_queries(), 0);
}

TEST_F(DnsTest, Ipv6AndScopedLinkLocal) {
  dns.answer("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", {"six", "example"});
  const std::string ll = "2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa";
  dns.answer(ll, {"router", "lan"});
  auto r = make(options());
  ASSERT_TRUE(r);
  r->request(v6("2001:db8::1"));
  r->request(v6("fe80::2", 3));
  r->request(v6("fe80::2", 4));  // same address on another interface: same name, same query
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v6("2001:db8::1")), "six.example");
  EXPECT_EQ(r->find(v6("fe80::2", 3)), "router.lan");
  EXPECT_EQ(r->find(v6("fe80::2")), "router.lan");
  EXPECT_EQ(dns.queries(ll), 1);
}

TEST_F(DnsTest, V4MappedIsLookedUpAsIpv4) {
  dns.answer(kHostA, {"host-a", "example"});
  auto r = make(options());
  ASSERT_TRUE(r);
  r->request(v6("::ffff:192.0.2.7"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(r->find(v6("::ffff:192.0.2.7")), "host-a.example");
  EXPECT_EQ(dns.queries(kHostA), 1);
}

TEST_F(DnsTest, ManyAddressesThroughASmallWindow) {
  std::vector<IpAddress> addrs;
  for (int i = 100; i < 130; ++i) {
    const std::string ip = "192.0.2." + std::to_string(i);
    dns.answer(std::to_string(i) + ".2.0.192.in-addr.arpa", {"h" + std::to_string(i), "example"});
    addrs.push_back(v4(ip.c_str()));
  }
  auto o = options();
  o.max_in_flight = 3;
  auto r = make(o);
  ASSERT_TRUE(r);
  for (const auto& a : addrs) r->request(a);
  ASSERT_TRUE(r->wait(Clock::now() + 5s));
  for (int i = 100; i < 130; ++i) {
    EXPECT_EQ(r->find(addrs[i - 100]), "h" + std::to_string(i) + ".example");
  }
  EXPECT_EQ(dns.total_queries(), 30);
}

TEST_F(DnsTest, LoopbackResolvesThroughTheHostsFile) {
  auto hosts = load_hosts();
  ASSERT_TRUE(hosts.has_value());
  const std::string* expected = hosts->find(v4("127.0.0.1"));
  if (!expected) GTEST_SKIP() << "/etc/hosts has no 127.0.0.1 entry on this machine";
  auto o = options();
  o.use_hosts_file = true;
  auto r = make(o);
  ASSERT_TRUE(r);
  r->request(v4("127.0.0.1"));
  ASSERT_TRUE(r->wait(Clock::now() + 3s));
  EXPECT_EQ(r->find(v4("127.0.0.1")), *expected);
  EXPECT_EQ(dns.queries("1.0.0.127.in-addr.arpa"), 0);
}

TEST_F(DnsTest, BadServerListIsAnError) {
  auto o = options();
  o.servers = "not an address:xx";
  auto r = DnsResolver::create(o);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("not an address"), std::string::npos);
}

// Names: hosts entries answer without DNS, services come from the file, -n turns all off.
class NamesTest : public DnsTest {
 protected:
  Names::Options names_options() const {
    Names::Options o;
    o.services_path = SOCKSCOPE_FIXTURES "/resolve/services";
    o.hosts_path = SOCKSCOPE_FIXTURES "/resolve/hosts";
    o.dns_options = options();
    return o;
  }
};

TEST_F(NamesTest, HostsEntriesAnswerWithoutDns) {
  auto names = Names::create(names_options());
  ASSERT_TRUE(names.has_value()) << names.error().message;
  EXPECT_TRUE(names->warnings().empty());
  EXPECT_EQ(names->host_name(v4("192.0.2.50")), "fixture-host");
  EXPECT_EQ(names->host_name(v6("2001:db8::50")), "fixture-host6");
  EXPECT_TRUE(names->resolve_all({v4("192.0.2.50"), v6("2001:db8::50")}));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(dns.total_queries(), 0);
}

TEST_F(NamesTest, LoopbackAddressesAreNeverAskedOfDns) {
  dns.answer("2.0.0.127.in-addr.arpa", {"leaked", "example"});
  auto names = Names::create(names_options());
  ASSERT_TRUE(names.has_value());
  EXPECT_TRUE(names->resolve_all({v4("127.0.0.2"), v4("127.8.0.1"), v6("::1"), v6("::ffff:127.0.0.2"), v4("0.0.0.0")}));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(dns.total_queries(), 0);
  EXPECT_EQ(names->host_name(v4("127.0.0.2")), std::nullopt);
  // Other addresses still are.
  dns.answer(kHostA, {"host-a", "example"});
  EXPECT_TRUE(names->resolve_all({v4("192.0.2.7")}));
  EXPECT_EQ(names->host_name(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(dns.total_queries(), 1);
}

TEST_F(NamesTest, ServiceNamesFromTheFile) {
  auto names = Names::create(names_options());
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->service_name(22, Proto::Tcp), "ssh");
  EXPECT_EQ(names->service_name(22, Proto::Udp), std::nullopt);
  EXPECT_EQ(names->service_name(4999, Proto::Udp), "fixture-svc");
  EXPECT_EQ(names->service_name(80, Proto::Tcp), "http");
  EXPECT_EQ(names->service_name(80, Proto::Raw), std::nullopt);
}

TEST_F(NamesTest, ResolveAllIsBoundedAndLateNamesStayNumeric) {
  dns.answer(kHostA, {"host-a", "example"});
  dns.drop(kSilent);
  auto names = Names::create(names_options());
  ASSERT_TRUE(names.has_value());
  const auto start = Clock::now();
  EXPECT_FALSE(names->resolve_all({v4("192.0.2.7"), v4("192.0.2.9"), v4("0.0.0.0")}, 400ms));
  const auto took = Clock::now() - start;
  EXPECT_GE(took, 390ms);
  EXPECT_LT(took, 900ms);
  EXPECT_EQ(names->host_name(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(names->host_name(v4("192.0.2.9")), std::nullopt);
  EXPECT_EQ(names->host_name(v4("0.0.0.0")), std::nullopt);
}

TEST_F(NamesTest, ResolveAllReturnsAsSoonAsEverythingIsAnswered) {
  dns.answer(kHostA, {"host-a", "example"});
  auto names = Names::create(names_options());
  ASSERT_TRUE(names.has_value());
  const auto start = Clock::now();
  EXPECT_TRUE(names->resolve_all({v4("192.0.2.7"), v4("192.0.2.10")}));
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(names->host_name(v4("192.0.2.7")), "host-a.example");
  EXPECT_EQ(names->host_name(v4("192.0.2.10")), std::nullopt);
}

TEST_F(NamesTest, NumericGivesNoNamesAndAsksNobody) {
  dns.answer(kHostA, {"host-a", "example"});
  auto o = names_options();
  o.numeric = true;
  auto names = Names::create(o);
  ASSERT_TRUE(names.has_value());
  EXPECT_TRUE(names->resolve_all({v4("192.0.2.7")}));
  EXPECT_EQ(names->host_name(v4("192.0.2.7")), std::nullopt);
  EXPECT_EQ(names->host_name(v4("192.0.2.50")), std::nullopt);
  EXPECT_EQ(names->service_name(22, Proto::Tcp), std::nullopt);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(dns.total_queries(), 0);
}

TEST_F(NamesTest, WithoutDnsOnlyFilesAnswer) {
  dns.answer(kHostA, {"host-a", "example"});
  auto o = names_options();
  o.dns = false;
  auto names = Names::create(o);
  ASSERT_TRUE(names.has_value());
  EXPECT_TRUE(names->resolve_all({v4("192.0.2.7"), v4("192.0.2.50")}));
  EXPECT_EQ(names->host_name(v4("192.0.2.7")), std::nullopt);
  EXPECT_EQ(names->host_name(v4("192.0.2.50")), "fixture-host");
  EXPECT_EQ(dns.total_queries(), 0);
}

TEST_F(NamesTest, MissingFilesMeanNoNamesNotErrors) {
  auto o = names_options();
  o.services_path = "/nonexistent/services";
  o.hosts_path = "/nonexistent/hosts";
  auto names = Names::create(o);
  ASSERT_TRUE(names.has_value());
  EXPECT_TRUE(names->warnings().empty());
  EXPECT_EQ(names->service_name(22, Proto::Tcp), std::nullopt);
}

TEST_F(NamesTest, UnreadableFilesBecomeWarnings) {
  auto o = names_options();
  o.services_path = SOCKSCOPE_FIXTURES;  // a directory: open works, read fails
  auto names = Names::create(o);
  ASSERT_TRUE(names.has_value());
  ASSERT_EQ(names->warnings().size(), 1u);
  EXPECT_NE(names->warnings()[0].find("service"), std::string::npos);
  EXPECT_EQ(names->host_name(v4("192.0.2.50")), "fixture-host");
}

}  // namespace
}  // namespace sockscope
