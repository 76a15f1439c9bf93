// The column registry: names, lookup, default sets, needs, and every getter's value per socket kind.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "present/columns.hpp"
#include "present/local_lookups.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

using namespace sockscope::testing;

std::vector<std::string> keys(const std::vector<const Column*>& cols) {
  std::vector<std::string> out;
  for (const Column* c : cols) out.emplace_back(c->key);
  return out;
}

TEST(Columns, IdListIsStable) {
  std::vector<std::string> all;
  for (const Column& c : all_columns()) all.emplace_back(c.key);
  const std::vector<std::string> want = {
      "proto", "state", "local_address", "local_port", "remote_address", "remote_port", "local",
      "remote", "local_name", "remote_name", "local_service", "remote_service", "interface", "inode",
      "cookie", "uid", "user", "recv_q", "send_q", "bytes_sent", "bytes_acked", "bytes_received",
      "segs_out", "segs_in", "rtt_ms", "retrans", "pid", "process", "pids", "exe", "cmdline",
      "process_user", "process_start", "unix_type", "unix_peer", "raw_protocol", "unit", "netns", "netns_name", "container",
      "mark", "cgroup"};
  EXPECT_EQ(all, want);
  EXPECT_EQ(all_columns().size(), kColumnCount);
  for (const Column& c : all_columns()) {
    EXPECT_EQ(&column(c.id), &c);
    EXPECT_FALSE(c.title.empty()) << c.key;
    EXPECT_FALSE(c.description.empty()) << c.key;
    EXPECT_EQ(c.description.find('\n'), std::string_view::npos) << c.key;
  }
}

TEST(Columns, FindAcceptsIdsAndTitlesLoosely) {
  EXPECT_EQ(find_column("proto"), &column(ColumnId::Proto));
  EXPECT_EQ(find_column("PROTO"), &column(ColumnId::Proto));
  EXPECT_EQ(find_column("local_port"), &column(ColumnId::LocalPort));
  EXPECT_EQ(find_column("Local Port"), &column(ColumnId::LocalPort));
  EXPECT_EQ(find_column("local-port"), &column(ColumnId::LocalPort));
  EXPECT_EQ(find_column("LocalPort"), &column(ColumnId::LocalPort));
  EXPECT_EQ(find_column("Recv-Q"), &column(ColumnId::RecvQ));
  EXPECT_EQ(find_column("recvq"), &column(ColumnId::RecvQ));
  EXPECT_EQ(find_column("Command Line"), &column(ColumnId::Cmdline));
  EXPECT_EQ(find_column("Executable"), &column(ColumnId::Exe));
  EXPECT_EQ(find_column("RTT ms"), &column(ColumnId::RttMs));
  EXPECT_EQ(find_column("pid"), &column(ColumnId::Pid));
  EXPECT_EQ(find_column("PIDs"), &column(ColumnId::Pids));
  EXPECT_EQ(find_column("local"), &column(ColumnId::Local));
  EXPECT_EQ(find_column("nope"), nullptr);
  EXPECT_EQ(find_column(""), nullptr);
  EXPECT_EQ(find_column(" _-"), nullptr);
}

TEST(Columns, LooseNamesAreUnambiguous) {
  // Each column's id and title must lead back to that column, not an earlier one.
  for (const Column& c : all_columns()) {
    EXPECT_EQ(find_column(c.key), &c) << c.key;
    EXPECT_EQ(find_column(c.title), &c) << c.title;
  }
}

TEST(Columns, DefaultSets) {
  EXPECT_EQ(keys(default_table_columns()),
            (std::vector<std::string>{"proto", "local", "remote", "state", "pid", "process"}));
  const auto data = keys(default_data_columns());
  EXPECT_EQ(data.size(), kColumnCount - 4) << "all but local, remote and the opt-in mark and cgroup";
  EXPECT_EQ(std::count(data.begin(), data.end(), "mark"), 0);
  EXPECT_EQ(std::count(data.begin(), data.end(), "cgroup"), 0);
  EXPECT_EQ(std::count(data.begin(), data.end(), "local"), 0);
  EXPECT_EQ(std::count(data.begin(), data.end(), "remote"), 0);
  EXPECT_EQ(data.front(), "proto");
  EXPECT_EQ(data.back(), "container");
}

TEST(Columns, NeedsSaySomethingUseful) {
  const std::vector<const Column*> plain = {&column(ColumnId::Proto), &column(ColumnId::LocalPort)};
  EXPECT_EQ(columns_need(plain), kNeedNothing);
  EXPECT_EQ(columns_need(default_table_columns()), kNeedOwners | kNeedNames);
  const std::vector<const Column*> bytes = {&column(ColumnId::BytesSent), &column(ColumnId::Exe)};
  EXPECT_EQ(columns_need(bytes), kNeedOwners | kNeedTcpInfo);
  EXPECT_EQ(column(ColumnId::RemoteName).needs, kNeedNames);
  EXPECT_EQ(column(ColumnId::RttMs).needs, kNeedTcpInfo);
}

TEST(Columns, AlignmentFollowsKind) {
  for (const Column& c : all_columns()) {
    const bool numeric = c.kind == ValueKind::Integer || c.kind == ValueKind::Float;
    EXPECT_EQ(c.align == Align::Right, numeric) << c.key;
    if (numeric) {
      EXPECT_EQ(c.elide, Elide::None) << c.key;
    }
  }
  for (ColumnId id : {ColumnId::Cmdline, ColumnId::Exe, ColumnId::Process, ColumnId::Local,
                      ColumnId::Remote, ColumnId::LocalAddress, ColumnId::RemoteAddress}) {
    EXPECT_NE(column(id).elide, Elide::None) << column(id).key;
  }
}

// --- getters ---

class Getters : public ::testing::Test {
 protected:
  Getters() : lookups(fixed_lookups()) {
    snap.processes.push_back(process(100, "sshd", "/usr/sbin/sshd", {"/usr/sbin/sshd", "-D"}, 0, "root",
                                     1700000000000));
    snap.processes.push_back(process(200, "sshd", "/usr/sbin/sshd", {}, 1000, "alice"));
    snap.processes[0].unit = "ssh.service";
  }

  Value get(ColumnId id, const Endpoint& e, const NameSource* names = nullptr, bool with_lookups = true) {
    return column(id).get(e, ValueContext{snap, names, with_lookups ? &lookups : nullptr}, scratch);
  }
  std::string text(ColumnId id, const Endpoint& e, const NameSource* names = nullptr,
                   bool with_lookups = true) {
    const Value v = get(id, e, names, with_lookups);
    if (std::holds_alternative<std::monostate>(v)) return "<null>";
    std::string out;
    append_plain_text(out, column(id), v, &lookups, FloatStyle::Shortest);
    return out;
  }
  bool is_null(ColumnId id, const Endpoint& e) { return std::holds_alternative<std::monostate>(get(id, e)); }

  Snapshot snap;
  LocalLookups lookups;
  std::string scratch;
};

TEST_F(Getters, ConnectedTcp4) {
  ScopedTimeZone utc("UTC");
  Endpoint e = owned(inet(Proto::Tcp, ip4("192.168.1.10"), 22, ip4("10.0.0.7"), 50522, TcpState::Established),
                     {0, 0, 1});
  e.inode = 12345;
  e.cookie = 0xdeadbeef;
  e.uid = 1000;
  e.rqueue = 3;
  e.wqueue = 4;
  TcpCounters t;
  t.bytes_sent = 1000, t.bytes_acked = 900, t.bytes_received = 5000000000ull;
  t.segs_out = 10, t.segs_in = 20, t.rtt_us = 1500, t.total_retrans = 2;
  e.tcp = t;

  EXPECT_EQ(text(ColumnId::Proto, e), "tcp");
  EXPECT_EQ(text(ColumnId::State, e), "ESTABLISHED");
  EXPECT_EQ(text(ColumnId::LocalAddress, e), "192.168.1.10");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::LocalPort, e)), 22);
  EXPECT_EQ(text(ColumnId::RemoteAddress, e), "10.0.0.7");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::RemotePort, e)), 50522);
  EXPECT_EQ(text(ColumnId::Local, e), "192.168.1.10:22");
  EXPECT_EQ(text(ColumnId::Remote, e), "10.0.0.7:50522");
  EXPECT_TRUE(is_null(ColumnId::LocalName, e));
  EXPECT_TRUE(is_null(ColumnId::LocalService, e));
  EXPECT_TRUE(is_null(ColumnId::Interface, e));
  EXPECT_EQ(std::get<std::uint64_t>(get(ColumnId::Inode, e)), 12345u);
  EXPECT_EQ(text(ColumnId::Cookie, e), "deadbeef");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::Uid, e)), 1000);
  EXPECT_EQ(text(ColumnId::User, e), "alice");
  EXPECT_EQ(text(ColumnId::User, e, nullptr, false), "1000");
  EXPECT_EQ(text(ColumnId::RecvQ, e), "3");
  EXPECT_EQ(text(ColumnId::SendQ, e), "4");
  EXPECT_EQ(std::get<std::uint64_t>(get(ColumnId::BytesReceived, e)), 5000000000ull);
  EXPECT_EQ(text(ColumnId::BytesSent, e), "1000");
  EXPECT_EQ(text(ColumnId::BytesAcked, e), "900");
  EXPECT_EQ(text(ColumnId::SegsOut, e), "10");
  EXPECT_EQ(text(ColumnId::SegsIn, e), "20");
  EXPECT_DOUBLE_EQ(std::get<double>(get(ColumnId::RttMs, e)), 1.5);
  EXPECT_EQ(text(ColumnId::Retrans, e), "2");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::Pid, e)), 100);
  EXPECT_EQ(text(ColumnId::Process, e), "sshd");
  EXPECT_EQ(text(ColumnId::Pids, e), "100,200");  // pid 100 holds it twice: listed once
  EXPECT_EQ(text(ColumnId::Exe, e), "/usr/sbin/sshd");
  EXPECT_EQ(text(ColumnId::Cmdline, e), "/usr/sbin/sshd -D");
  EXPECT_EQ(text(ColumnId::ProcessUser, e), "root");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::ProcessStart, e)), 1700000000000);
  EXPECT_EQ(text(ColumnId::ProcessStart, e), "2023-11-14T22:13:20+00:00");
  EXPECT_TRUE(is_null(ColumnId::UnixType, e));
  EXPECT_TRUE(is_null(ColumnId::UnixPeer, e));
  EXPECT_TRUE(is_null(ColumnId::RawProtocol, e));
  EXPECT_EQ(text(ColumnId::Unit, e), "ssh.service");
  EXPECT_EQ(find_column("Module"), &column(ColumnId::Unit));
}

TEST_F(Getters, MissingDataIsNullNotZero) {
  Endpoint e = inet(Proto::Tcp, ip4("127.0.0.1"), 8080, ip4("127.0.0.1"), 40000, TcpState::TimeWait);
  for (ColumnId id : {ColumnId::Inode, ColumnId::Cookie, ColumnId::BytesSent, ColumnId::BytesAcked,
                      ColumnId::BytesReceived, ColumnId::SegsOut, ColumnId::SegsIn, ColumnId::RttMs,
                      ColumnId::Retrans, ColumnId::Pid, ColumnId::Process, ColumnId::Pids, ColumnId::Exe,
                      ColumnId::Cmdline, ColumnId::ProcessUser, ColumnId::ProcessStart, ColumnId::Interface,
                      ColumnId::Unit}) {
    EXPECT_TRUE(is_null(id, e)) << column(id).key;
  }
  // An owner index the snapshot does not have is treated as no owner, not a crash.
  e.owners.push_back(Owner{99, 3});
  EXPECT_TRUE(is_null(ColumnId::Pid, e));
  EXPECT_TRUE(is_null(ColumnId::Pids, e));
  // An owner without exe, argv or start time.
  e.owners = {Owner{1, 3}};
  EXPECT_EQ(text(ColumnId::Pid, e), "200");
  EXPECT_TRUE(is_null(ColumnId::Cmdline, e));
  EXPECT_TRUE(is_null(ColumnId::ProcessStart, e));
  EXPECT_TRUE(is_null(ColumnId::Unit, e)) << "unit unknown";
}

TEST_F(Getters, NamespaceColumnsFollowTheRowsRange) {
  snap.endpoints.resize(3);
  snap.init_netns = 100;
  NetnsInfo host, blue, box;
  host.inode = 100;
  blue.inode = 200, blue.names = {"blue"};
  box.inode = 300, box.container = "docker web", box.container_name = "web";
  snap.namespaces = {host, blue, box};
  snap.netns_rows = {{100, 0, 1}, {200, 1, 2}, {300, 2, 3}};
  EXPECT_EQ(text(ColumnId::Netns, snap.endpoints[0]), "100");
  EXPECT_EQ(text(ColumnId::NetnsName, snap.endpoints[0]), "host");
  EXPECT_TRUE(is_null(ColumnId::Container, snap.endpoints[0]));
  EXPECT_EQ(text(ColumnId::Netns, snap.endpoints[1]), "200");
  EXPECT_EQ(text(ColumnId::NetnsName, snap.endpoints[1]), "blue");
  EXPECT_EQ(text(ColumnId::NetnsName, snap.endpoints[2]), "web");
  EXPECT_EQ(text(ColumnId::Container, snap.endpoints[2]), "docker web") << "no owner: the namespace's container";
  snap.processes[1].container = "podman db";
  snap.endpoints[2].owners = {Owner{1, 3}};
  EXPECT_EQ(text(ColumnId::Container, snap.endpoints[2]), "podman db") << "the owner's own container first";
  EXPECT_EQ(find_column("Namespace"), &column(ColumnId::NetnsName));
  const Endpoint elsewhere;
  EXPECT_TRUE(is_null(ColumnId::Netns, elsewhere));
  EXPECT_TRUE(is_null(ColumnId::NetnsName, elsewhere));
}

TEST_F(Getters, ListeningShowsWildcards) {
  const Endpoint v4 = inet(Proto::Tcp, ip4("0.0.0.0"), 22, ip4("0.0.0.0"), 0, TcpState::Listen);
  EXPECT_EQ(text(ColumnId::Local, v4), "0.0.0.0:22");
  EXPECT_EQ(text(ColumnId::Remote, v4), "0.0.0.0:*");
  EXPECT_EQ(text(ColumnId::RemotePort, v4), "0");
  const Endpoint v6 = inet(Proto::Tcp, ip6("::"), 22, ip6("::"), 0, TcpState::Listen);
  EXPECT_EQ(text(ColumnId::Proto, v6), "tcp6");
  EXPECT_EQ(text(ColumnId::Local, v6), "[::]:22");
  EXPECT_EQ(text(ColumnId::Remote, v6), "[::]:*");
  const Endpoint udp = inet(Proto::Udp, ip4("0.0.0.0"), 0, ip4("0.0.0.0"), 0, TcpState::Close);
  EXPECT_EQ(text(ColumnId::State, udp), "UNCONN");
  EXPECT_EQ(text(ColumnId::Local, udp), "0.0.0.0:*");
}

TEST_F(Getters, Ipv6ScopeAndMappedAddresses) {
  Endpoint e = inet(Proto::Tcp, ip6("fe80::1", 2), 22, ip6("fe80::2", 7), 50000, TcpState::Established);
  EXPECT_EQ(text(ColumnId::LocalAddress, e), "fe80::1%eth0");
  EXPECT_EQ(text(ColumnId::RemoteAddress, e), "fe80::2%7");  // an index nobody knows: the number
  EXPECT_EQ(text(ColumnId::Local, e), "[fe80::1%eth0]:22");
  EXPECT_EQ(text(ColumnId::LocalAddress, e, nullptr, false), "fe80::1%2");
  const Endpoint mapped = inet(Proto::Tcp, ip6("::ffff:10.1.2.3"), 80, ip6("::ffff:10.1.2.4"), 1234,
                               TcpState::Established);
  EXPECT_EQ(text(ColumnId::Local, mapped), "[::ffff:10.1.2.3]:80");
}

TEST_F(Getters, NamesAreSubstitutedWhenKnown) {
  FakeNames names;
  names.hosts["127.0.0.1"] = "localhost";
  names.hosts["0.0.0.0"] = "must-not-be-asked";
  names.hosts["2001:db8::5"] = "v6.example";
  names.services[{22, Proto::Tcp}] = "ssh";
  names.services[{53, Proto::Udp}] = "domain";
  const Endpoint e = inet(Proto::Tcp, ip4("127.0.0.1"), 22, ip4("10.9.9.9"), 41000, TcpState::Established);
  EXPECT_EQ(text(ColumnId::Local, e, &names), "localhost:ssh");
  EXPECT_EQ(text(ColumnId::Remote, e, &names), "10.9.9.9:41000");
  EXPECT_EQ(text(ColumnId::LocalName, e, &names), "localhost");
  EXPECT_EQ(text(ColumnId::RemoteName, e, &names), "<null>");
  EXPECT_EQ(text(ColumnId::LocalService, e, &names), "ssh");
  EXPECT_EQ(text(ColumnId::RemoteService, e, &names), "<null>");
  EXPECT_EQ(text(ColumnId::LocalAddress, e, &names), "127.0.0.1");  // numeric whatever the names
  const Endpoint listen = inet(Proto::Udp, ip4("0.0.0.0"), 53, ip4("0.0.0.0"), 0, TcpState::Close);
  EXPECT_EQ(text(ColumnId::Local, listen, &names), "0.0.0.0:domain");
  EXPECT_EQ(text(ColumnId::LocalName, listen, &names), "<null>");
  const Endpoint v6 = inet(Proto::Tcp, ip6("2001:db8::5"), 22, ip6("::"), 0, TcpState::Listen);
  EXPECT_EQ(text(ColumnId::Local, v6, &names), "v6.example:ssh");  // a name needs no brackets
}

TEST_F(Getters, UnixSockets) {
  Endpoint e;
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.state = TcpState::Established;
  e.unix_type = UnixType::Stream;
  e.unix_path = "/run/dbus/system_bus_socket";
  e.unix_peer = 777;
  e.inode = 778;
  EXPECT_EQ(text(ColumnId::Proto, e), "unix");
  EXPECT_EQ(text(ColumnId::LocalAddress, e), "/run/dbus/system_bus_socket");
  EXPECT_EQ(text(ColumnId::Local, e), "/run/dbus/system_bus_socket");
  EXPECT_EQ(text(ColumnId::Remote, e), "*");
  EXPECT_TRUE(is_null(ColumnId::RemoteAddress, e));
  EXPECT_TRUE(is_null(ColumnId::LocalPort, e));
  EXPECT_TRUE(is_null(ColumnId::RemotePort, e));
  EXPECT_TRUE(is_null(ColumnId::LocalName, e));
  EXPECT_EQ(text(ColumnId::UnixType, e), "stream");
  EXPECT_EQ(std::get<std::uint64_t>(get(ColumnId::UnixPeer, e)), 777u);
  e.unix_path.clear();
  EXPECT_TRUE(is_null(ColumnId::LocalAddress, e));
  EXPECT_EQ(text(ColumnId::Local, e), "*");
}

TEST_F(Getters, RawSockets) {
  Endpoint e = inet(Proto::Raw, ip4("0.0.0.0"), 1, ip4("0.0.0.0"), 0, TcpState::Close);
  e.raw_protocol = 1;
  EXPECT_EQ(text(ColumnId::Proto, e), "raw");
  EXPECT_EQ(std::get<std::int64_t>(get(ColumnId::RawProtocol, e)), 1);
  EXPECT_TRUE(is_null(ColumnId::LocalPort, e));
  EXPECT_EQ(text(ColumnId::Local, e), "0.0.0.0:*");
}

TEST_F(Getters, BoundInterface) {
  Endpoint e = inet(Proto::Udp, ip4("0.0.0.0"), 67, ip4("0.0.0.0"), 0, TcpState::Close);
  e.ifindex = 2;
  EXPECT_EQ(text(ColumnId::Interface, e), "eth0");
  EXPECT_EQ(text(ColumnId::Interface, e, nullptr, false), "2");
  e.ifindex = 9;
  EXPECT_EQ(text(ColumnId::Interface, e), "9");
}

TEST(LocalTime, Iso8601WithOffset) {
  {
    ScopedTimeZone tz("UTC");
    std::string s;
    append_local_time(s, 1700000000999);
    EXPECT_EQ(s, "2023-11-14T22:13:20+00:00");
  }
  {
    ScopedTimeZone tz("<+0530>-5:30");
    std::string s;
    append_local_time(s, 1700000000000);
    EXPECT_EQ(s, "2023-11-15T03:43:20+05:30");
  }
  {
    ScopedTimeZone tz("<-03>3");
    std::string s;
    append_local_time(s, 1700000000000);
    EXPECT_EQ(s, "2023-11-14T19:13:20-03:00");
    LocalLookups lookups = fixed_lookups();
    EXPECT_EQ(lookups.local_time(1700000000000), "2023-11-14T19:13:20-03:00");
  }
  {
    ScopedTimeZone tz("UTC");
    std::string s;
    append_local_time(s, -1);  // just before the epoch: floor, not truncation
    EXPECT_EQ(s, "1969-12-31T23:59:59+00:00");
  }
}

TEST(LocalLookups, RemembersAnswers) {
  int user_calls = 0;
  LocalLookups l([&](std::uint32_t) -> std::optional<std::string> { ++user_calls; return "bob"; },
                 [](std::uint32_t) -> std::optional<std::string> { return std::nullopt; });
  EXPECT_EQ(l.user_name(5), "bob");
  EXPECT_EQ(l.user_name(5), "bob");
  EXPECT_EQ(user_calls, 1);
  EXPECT_FALSE(l.interface_name(0));
  EXPECT_FALSE(l.interface_name(3));
}

TEST(LocalLookups, SystemLookupsKnowRootAndLoopback) {
  LocalLookups l;
  EXPECT_EQ(l.user_name(0), "root");
  EXPECT_EQ(l.user_name(4000000000u), "4000000000");
  EXPECT_EQ(l.interface_name(1).value_or("?"), "lo");  // loopback is index 1 in every namespace
}

TEST(CompareValues, OrdersByTypeAbsentLast) {
  const Value none = std::monostate{};
  EXPECT_LT(compare_values(Value{std::int64_t{2}}, Value{std::int64_t{10}}), 0);
  EXPECT_GT(compare_values(Value{std::uint64_t{10}}, Value{std::uint64_t{2}}), 0);
  EXPECT_EQ(compare_values(Value{1.5}, Value{1.5}), 0);
  EXPECT_LT(compare_values(Value{std::string_view("apache")}, Value{std::string_view("nginx")}), 0);
  EXPECT_LT(compare_values(Value{std::int64_t{-5}}, none), 0);
  EXPECT_GT(compare_values(none, Value{std::string_view("")}), 0);
  EXPECT_EQ(compare_values(none, none), 0);
}

TEST(PlainText, FloatStyles) {
  std::string a, b;
  append_plain_text(a, column(ColumnId::RttMs), Value{0.25}, nullptr, FloatStyle::Fixed3);
  append_plain_text(b, column(ColumnId::RttMs), Value{0.25}, nullptr, FloatStyle::Shortest);
  EXPECT_EQ(a, "0.250");
  EXPECT_EQ(b, "0.25");
  std::string c;
  append_plain_text(c, column(ColumnId::Pid), Value{}, nullptr, FloatStyle::Shortest);
  EXPECT_EQ(c, "");
}

}  // namespace
}  // namespace sockscope
