// Query evaluator over hand-built endpoints: ss's predicates, typed fields, absent values.
#include "logic/query_eval.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "logic/query_parser.hpp"

namespace sockscope {
namespace {

IpAddress addr(const char* text) {
  std::uint8_t b[16];
  if (inet_pton(AF_INET, text, b) == 1) {
    std::uint32_t v;
    std::memcpy(&v, b, 4);
    return IpAddress::v4(v);
  }
  EXPECT_EQ(inet_pton(AF_INET6, text, b), 1) << text;
  return IpAddress::v6(b);
}

Endpoint tcp(const char* l, int lp, const char* r, int rp, TcpState st = TcpState::Established) {
  Endpoint e;
  e.proto = Proto::Tcp;
  e.local = addr(l);
  e.remote = addr(r);
  e.family = e.local.family;
  e.local_port = static_cast<std::uint16_t>(lp);
  e.remote_port = static_cast<std::uint16_t>(rp);
  e.state = st;
  return e;
}

bool sel(std::string_view text, const Endpoint& e, const FieldSource& src = EndpointFields{}) {
  QueryLookups l;
  l.service_port = [](std::string_view s) -> std::optional<std::uint16_t> {
    return s == "ssh" ? std::optional<std::uint16_t>(22) : std::nullopt;
  };
  auto q = parse_query(text, l);
  EXPECT_TRUE(q) << text << ": " << q.error().format();
  return q && evaluate(*q, e, src);
}

TEST(QueryEval, PortsAndOperators) {
  const Endpoint e = tcp("10.0.0.1", 22, "10.0.0.2", 40000);
  EXPECT_TRUE(sel("sport = :ssh", e));
  EXPECT_TRUE(sel("sport :22", e));
  EXPECT_FALSE(sel("sport != :22", e));
  EXPECT_TRUE(sel("dport > :39999", e));
  EXPECT_FALSE(sel("dport > :40000", e));
  EXPECT_TRUE(sel("dport >= :40000", e));
  EXPECT_TRUE(sel("dport <= :40000", e));
  EXPECT_FALSE(sel("dport < :40000", e));
  EXPECT_TRUE(sel("sport lt :23 and dport gt :1024", e));
  EXPECT_TRUE(sel("( dport = :ssh or sport = :ssh )", e));
  EXPECT_TRUE(sel("local_port = 22 and remote_port >= 40000", e));
}

TEST(QueryEval, PrecedenceChangesTheAnswerAsInSs) {
  const Endpoint e = tcp("10.0.0.1", 1, "10.0.0.2", 2);
  // (true or false) and false = false; the usual precedence would say true or (false and false)... = true
  EXPECT_FALSE(sel("sport = :1 or sport = :5 and sport = :6", e));
  EXPECT_TRUE(sel("sport = :1 or ( sport = :5 and sport = :6 )", e));
  EXPECT_TRUE(sel("not sport = :5 sport = :1", e));
}

TEST(QueryEval, AddressesPrefixesAndMappedV4) {
  const Endpoint v4 = tcp("10.1.2.3", 80, "192.168.1.9", 5000);
  EXPECT_TRUE(sel("src 10.0.0.0/8", v4));
  EXPECT_TRUE(sel("src 10.1.2.3:80", v4));
  EXPECT_FALSE(sel("src 10.1.2.3:81", v4));
  EXPECT_FALSE(sel("src 10.1.2.4", v4));
  EXPECT_TRUE(sel("dst 192.168.1.0/25", v4));
  EXPECT_FALSE(sel("dst 192.168.1.128/25", v4));
  EXPECT_TRUE(sel("src *", v4));
  EXPECT_TRUE(sel("src inet:*", v4));
  EXPECT_FALSE(sel("src inet6:*", v4));
  EXPECT_FALSE(sel("src [::a01:203]", v4));
  const Endpoint mapped = tcp("::ffff:10.1.2.3", 80, "::ffff:192.168.1.9", 5000);
  EXPECT_TRUE(sel("src 10.0.0.0/8", mapped));
  EXPECT_TRUE(sel("src [::ffff:10.1.2.3]", mapped));
  EXPECT_FALSE(sel("src inet:*", mapped));  // as ss: inet: asks for IPv4 sockets only
  EXPECT_FALSE(sel("not src inet6:*", v4));  // ... and limits the whole query to that family
  EXPECT_FALSE(sel("src inet6:* or sport = :80", v4));
  EXPECT_TRUE(sel("src 0.0.0.0/0", mapped));   // an IPv4 prefix, even of length 0, takes mapped ones
  EXPECT_TRUE(sel("dst inet:* and src inet6:*", mapped));  // inet:* is any address; the last scope wins
  EXPECT_FALSE(sel("src inet6:* and dst inet:*", mapped));
  EXPECT_TRUE(sel("family = inet6", mapped));
  const Endpoint v6 = tcp("fd00::1", 443, "fd00:1::9", 6000);
  EXPECT_TRUE(sel("src fd00::/64", v6));
  EXPECT_FALSE(sel("dst fd00::/64", v6));
  EXPECT_TRUE(sel("dst [fd00:1::9]:6000", v6));
  EXPECT_FALSE(sel("src 0.0.0.0/0", v6));
  EXPECT_TRUE(sel("local_address = fd00::/16", v6));
  EXPECT_TRUE(sel("remote_address != fd00::/64", v6));
}

TEST(QueryEval, StatesAndLeadingRun) {
  const Endpoint est = tcp("10.0.0.1", 1, "10.0.0.2", 2);
  const Endpoint lis = tcp("10.0.0.1", 1, "0.0.0.0", 0, TcpState::Listen);
  const Endpoint tw = tcp("10.0.0.1", 3, "10.0.0.2", 2, TcpState::TimeWait);
  EXPECT_TRUE(sel("state established", est));
  EXPECT_FALSE(sel("state established", lis));
  EXPECT_TRUE(sel("state connected", tw));
  EXPECT_FALSE(sel("state connected", lis));
  EXPECT_FALSE(sel("state synchronized", tcp("1.1.1.1", 1, "2.2.2.2", 2, TcpState::SynSent)));
  EXPECT_TRUE(sel("state bucket", tw));
  EXPECT_FALSE(sel("state big", tw));
  EXPECT_TRUE(sel("exclude listening", est));
  EXPECT_FALSE(sel("exclude listening", lis));
  EXPECT_TRUE(sel("state established state listening sport = :1", lis));
  EXPECT_FALSE(sel("state established state listening sport = :3", tw));
  EXPECT_TRUE(sel("sport = :1 exclude established", lis));
  EXPECT_TRUE(sel("state all", lis));
}

TEST(QueryEval, EndpointFieldsAndUnits) {
  Endpoint e = tcp("10.0.0.1", 1, "10.0.0.2", 2);
  e.rqueue = 10;
  e.wqueue = 5;
  e.uid = 1000;
  e.inode = 77;
  e.ifindex = 3;
  EXPECT_TRUE(sel("queue > 0", e));
  EXPECT_TRUE(sel("queue = 15 and recv_q = 10 and send_q = 5", e));
  EXPECT_TRUE(sel("uid = 1000 inode = 0x4d", e));
  EXPECT_TRUE(sel("proto = tcp family = inet", e));
  EXPECT_FALSE(sel("proto = udp", e));
  EXPECT_TRUE(sel("proto != udp", e));
  EXPECT_TRUE(sel("dev 3", e));
  EXPECT_TRUE(sel("dev != 4", e));
  // No tcp_info: counters are absent, every comparison false, `not` true.
  EXPECT_FALSE(sel("bytes_received >= 0", e));
  EXPECT_TRUE(sel("not bytes_received > 10M", e));
  TcpCounters t;
  t.bytes_received = 10'000'001;
  t.bytes_sent = 1024;
  t.rtt_us = 150'000;
  t.segs_out = 9;
  e.tcp = t;
  EXPECT_TRUE(sel("bytes_received > 10M", e));
  EXPECT_FALSE(sel("bytes_received > 10MiB", e));
  EXPECT_TRUE(sel("bytes_sent = 1KiB", e));
  EXPECT_TRUE(sel("rtt > 100ms and rtt < 0.2s", e));
  EXPECT_TRUE(sel("rtt_ms = 150", e));
  EXPECT_TRUE(sel("packets_sent = 9", e));
  // Fields beyond the endpoint are absent from EndpointFields.
  EXPECT_FALSE(sel("pid = 1", e));
  EXPECT_FALSE(sel("process ~ .", e));
  EXPECT_TRUE(sel("not process ~ .", e));
}

// A richer source, as the presenters will give: process names and rates.
class FakeFields : public FieldSource {
 public:
  FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const override {
    if (id == FieldId::Process) return std::string_view("sshd");
    if (id == FieldId::Cmdline) {
      scratch = "/usr/bin/python3 -m http.server";
      return std::string_view(scratch);
    }
    if (id == FieldId::SendRate) return std::int64_t{2'000'000};
    if (id == FieldId::Age) return std::int64_t{700'000'000};
    if (id == FieldId::Mark) return std::int64_t{0x1234};
    if (id == FieldId::Cgroup) return std::string_view("/system.slice/ssh.service");
    return EndpointFields{}.get(id, e, scratch);
  }
};

TEST(QueryEval, RegexesRatesAgeMarkCgroupThroughASource) {
  const Endpoint e = tcp("10.0.0.1", 22, "10.0.0.2", 2);
  const FakeFields f;
  EXPECT_TRUE(sel("process = sshd", e, f));
  EXPECT_FALSE(sel("process = ssh", e, f));
  EXPECT_TRUE(sel("process ~ ^ssh", e, f));
  EXPECT_FALSE(sel("process ~ ^sh", e, f));
  EXPECT_TRUE(sel("process !~ ^sh", e, f));
  EXPECT_TRUE(sel("cmdline ~ 'python[0-9]* -m'", e, f));
  EXPECT_TRUE(sel("process > sshc and process < sshe", e, f));
  EXPECT_TRUE(sel("send_rate > 1MB/s", e, f));
  EXPECT_FALSE(sel("send_rate > 2MiB/s", e, f));
  EXPECT_TRUE(sel("age > 10m", e, f));
  EXPECT_FALSE(sel("age > 12m", e, f));
  EXPECT_TRUE(sel("fwmark = 0x34/0xff", e, f));
  EXPECT_FALSE(sel("fwmark = 0x34", e, f));
  EXPECT_TRUE(sel("cgroup /system.slice/ssh.service", e, f));
  EXPECT_FALSE(sel("cgroup /system.slice", e, f));
}

TEST(QueryEval, UnixSockets) {
  Endpoint u;
  u.proto = Proto::Unix;
  u.family = Family::Unix;
  u.state = TcpState::Listen;
  u.unix_path = "/run/Foo.sock";
  u.unix_type = UnixType::Stream;
  EXPECT_TRUE(sel("src unix:/run/*.sock", u));
  EXPECT_TRUE(sel("src unix:/RUN/foo.SOCK", u));  // case-insensitive as ss
  EXPECT_FALSE(sel("src unix:/tmp/*", u));
  EXPECT_FALSE(sel("sport = :0", u));
  EXPECT_FALSE(sel("sport < :5", u));
  EXPECT_TRUE(sel("src *", u));
  EXPECT_FALSE(sel("src 10.0.0.0/8", u));
  EXPECT_TRUE(sel("path ~ Foo and unix_type = stream and family = unix", u));
  EXPECT_FALSE(sel("src unix:/run/*.sock", tcp("10.0.0.1", 1, "10.0.0.2", 2)));
}

TEST(QueryEval, Autobound) {
  EXPECT_TRUE(sel("autobound", tcp("10.0.0.1", 40000, "10.0.0.2", 80)));
  EXPECT_FALSE(sel("autobound", tcp("10.0.0.1", 80, "10.0.0.2", 40000)));
  auto q = parse_query("autobound");
  EXPECT_TRUE(evaluate(*q, tcp("10.0.0.1", 1500, "10.0.0.2", 1), EndpointFields{}, EvalOptions{1024, 2000}));
}

}  // namespace
}  // namespace sockscope
