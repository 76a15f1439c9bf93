// Golden tests of the netstat connection displays on hand-built snapshots: every layout and switch.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "cli/netstat_state_clock.hpp"
#include "present/netstat_connections_text.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope::cli {
namespace {

using namespace sockscope::testing;

Endpoint with_inode(Endpoint e, std::uint64_t inode) {
  e.inode = inode;
  return e;
}

// Processes: 0 nginx (pid 812) in nginx.service, 1 sshd (pid 501), 2 a worker (pid 900) in a container.
Snapshot sample() {
  Snapshot s;
  s.processes.push_back(process(812, "nginx", "/usr/sbin/nginx", {"nginx"}));
  s.processes.back().unit = "nginx.service";
  s.processes.push_back(process(501, "sshd", "/usr/sbin/sshd", {"sshd"}));
  s.processes.back().unit = "ssh.service";
  s.processes.push_back(process(900, "worker", "/app/worker", {"worker"}));
  s.processes.back().unit = "container 0123456789ab";
  auto& e = s.endpoints;
  // Deliberately out of order: the formatter sorts as Windows does.
  e.push_back(owned(with_inode(inet(Proto::Udp, ip4("0.0.0.0"), 68, ip4("0.0.0.0"), 0, TcpState::Close), 30), {1}));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip6("::"), 22, ip6("::"), 0, TcpState::Listen), 11), {1}));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen), 10), {0}));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip4("10.0.0.5"), 80, ip4("10.0.0.9"), 51000, TcpState::Established), 12), {0}));
  e.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 80, ip4("10.0.0.7"), 50999, TcpState::TimeWait));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip6("fe80::1", 2), 22, ip6("fe80::2", 2), 40000, TcpState::Established), 13), {1}));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip4("10.0.0.5"), 41000, ip4("192.0.2.1"), 5432, TcpState::SynSent), 14), {2}));
  e.push_back(owned(with_inode(inet(Proto::Tcp, ip4("127.0.0.1"), 6000, ip4("0.0.0.0"), 0, TcpState::BoundInactive), 15), {2}));
  e.push_back(owned(with_inode(inet(Proto::Udp, ip6("::"), 5353, ip6("::"), 0, TcpState::Close), 31), {2}));
  e.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 80, ip4("10.0.0.8"), 52000, TcpState::NewSynRecv));
  Endpoint ux;
  ux.proto = Proto::Unix;
  ux.family = Family::Unix;
  ux.state = TcpState::Listen;
  ux.unix_type = UnixType::Stream;
  ux.unix_path = "/run/nginx.sock";
  ux.inode = 40;
  e.push_back(owned(ux, {0}));
  return s;
}

std::string render(const Snapshot& s, const ConnectionView& v, const NameSource* names = nullptr,
                   const ConnectionHooks& hooks = {}) {
  return format_connections(s, select_connections(s, v), v, names, hooks);
}

ConnectionView numeric() {
  ConnectionView v;
  v.numeric = true;
  return v;
}

TEST(NetstatConnections, DefaultShowsActiveTcpOnly) {
  EXPECT_EQ(render(sample(), numeric()),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT\n"
            "  TCP    [fe80::1%2]:22         [fe80::2%2]:40000      ESTABLISHED\n");
}

TEST(NetstatConnections, AllNumericWithPids) {
  ConnectionView v = numeric();
  v.all = true;
  v.pid = true;
  EXPECT_EQ(render(sample(), v),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State           PID\n"
            "  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       812\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT       0\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED    0\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED     812\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT        900\n"
            "  TCP    [::]:22                [::]:0                 LISTENING       501\n"
            "  TCP    [fe80::1%2]:22         [fe80::2%2]:40000      ESTABLISHED     501\n"
            "  UDP    0.0.0.0:68             *:*                                    501\n"
            "  UDP    [::]:5353              *:*                                    900\n");
}

TEST(NetstatConnections, BoundAddsBoundTcp) {
  ConnectionView v = numeric();
  v.bound = true;
  const std::string out = render(sample(), v);
  EXPECT_NE(out.find("  TCP    127.0.0.1:6000         0.0.0.0:0              BOUND\n"), std::string::npos) << out;
  EXPECT_NE(out.find("LISTENING"), std::string::npos) << "-q includes -a";
  EXPECT_NE(out.find("UDP"), std::string::npos);
  v.bound = false;
  v.all = true;
  EXPECT_EQ(render(sample(), v).find("BOUND"), std::string::npos) << "-a alone has no BOUND rows";
}

// The selection is logic/filter's EndpointFilter: a state the kernel did not name and CLOSED
// rows are listed only with -a, UDP only with -a, BOUND only with -q.
TEST(NetstatConnections, FilterKeepsWindowsRulesPerStateAndProtocol) {
  Snapshot s;
  s.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 1, ip4("10.0.0.6"), 2, TcpState::Unknown));
  s.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 3, ip4("10.0.0.6"), 4, TcpState::Close));
  s.endpoints.push_back(inet(Proto::Udp, ip4("10.0.0.5"), 5, ip4("10.0.0.6"), 6, TcpState::Established));
  s.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 7, ip4("0.0.0.0"), 0, TcpState::BoundInactive));
  s.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.5"), 9, ip4("10.0.0.6"), 10, TcpState::CloseWait));
  ConnectionView v = numeric();
  EXPECT_EQ(select_connections(s, v), (std::vector<std::size_t>{4}));
  v.all = true;
  EXPECT_EQ(select_connections(s, v), (std::vector<std::size_t>{0, 1, 4, 2}));
  v.all = false;
  v.bound = true;
  EXPECT_EQ(select_connections(s, v), (std::vector<std::size_t>{0, 1, 3, 4, 2}));
}

TEST(NetstatConnections, ProtocolSelection) {
  ConnectionView v = numeric();
  v.all = true;
  v.protos.tcp6 = v.protos.udp4 = v.protos.udp6 = false;  // -p TCP: IPv4 only, as on Windows
  const std::string tcp = render(sample(), v);
  EXPECT_EQ(tcp.find("UDP"), std::string::npos);
  EXPECT_EQ(tcp.find('['), std::string::npos) << tcp;
  EXPECT_NE(tcp.find("0.0.0.0:80"), std::string::npos);
  v.protos.tcp4 = false;
  v.protos.udp6 = true;  // -p UDPv6
  EXPECT_EQ(render(sample(), v),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State\n"
            "  UDP    [::]:5353              *:*\n");
}

TEST(NetstatConnections, NamesShortAndFullyQualified) {
  FakeNames names;
  names.hosts["10.0.0.9"] = "client.example.org";
  names.hosts["192.0.2.1"] = "db.example.net";
  names.services[{80, Proto::Tcp}] = "http";
  names.services[{5432, Proto::Tcp}] = "postgresql";
  names.services[{22, Proto::Tcp}] = "ssh";
  names.services[{68, Proto::Udp}] = "bootpc";
  ConnectionView v;
  v.all = true;
  v.host_name = "myhost.corp.example";
  EXPECT_EQ(render(sample(), v, &names),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State\n"
            "  TCP    myhost:http            myhost:0               LISTENING\n"
            "  TCP    myhost:http            10.0.0.7:50999         TIME_WAIT\n"
            "  TCP    myhost:http            10.0.0.8:52000         SYN_RECEIVED\n"
            "  TCP    myhost:http            client:51000           ESTABLISHED\n"
            "  TCP    myhost:41000           db:postgresql          SYN_SENT\n"
            "  TCP    myhost:ssh             myhost:0               LISTENING\n"
            "  TCP    myhost:ssh             [fe80::2%2]:40000      ESTABLISHED\n"
            "  UDP    myhost:bootpc          *:*\n"
            "  UDP    myhost:5353            *:*\n");
  v.fqdn = true;
  const std::string full = render(sample(), v, &names);
  EXPECT_NE(full.find("  TCP    myhost.corp.example:http client.example.org:51000 ESTABLISHED\n"), std::string::npos)
      << "long fields keep one space, as Windows does:\n" << full;
  EXPECT_NE(full.find("db.example.net:postgresql"), std::string::npos);
}

TEST(NetstatConnections, NamesAreEscaped) {
  FakeNames names;
  names.hosts["10.0.0.9"] = "evil\x1b[2J\nname.example";
  ConnectionView v;
  v.host_name = "me\x07";
  const std::string out = render(sample(), v, &names);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_NE(out.find("evil\\x1b[2J\\nname:51000"), std::string::npos) << out;
  EXPECT_NE(out.find("me\\x07:80"), std::string::npos) << out;
}

TEST(NetstatConnections, OwnersUnderEachRow) {
  Snapshot s = sample();
  s.processes[1].unit.clear();  // sshd's unit unknown: only the [name] line
  ConnectionView v = numeric();
  v.all = true;
  v.protos.tcp6 = v.protos.udp4 = v.protos.udp6 = false;
  EXPECT_EQ(render(s, v),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State\n"
            "  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT\n")
      << "no owner lines without -b";
  v.owners = true;
  EXPECT_EQ(render(s, v),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State\n"
            "  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING\n"
            "  nginx.service\n"
            " [nginx]\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT\n"
            " Can not obtain ownership information\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED\n"
            " Can not obtain ownership information\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED\n"
            "  nginx.service\n"
            " [nginx]\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT\n"
            "  container 0123456789ab\n"
            " [worker]\n");
  v.protos.tcp4 = false;
  v.protos.tcp6 = true;
  const std::string v6 = render(s, v);
  EXPECT_NE(v6.find("LISTENING\n [sshd]\n"), std::string::npos) << "no unit: only the process\n" << v6;
}

TEST(NetstatConnections, EveryProcessHoldingASocketIsNamed) {
  Snapshot s = sample();
  s.endpoints[2].owners = {Owner{1, 3}, Owner{0, 7}, Owner{0, 8}};  // 0.0.0.0:80 after a fork
  ConnectionView v = numeric();
  v.all = true;
  v.owners = true;
  v.pid = true;
  v.protos.tcp6 = v.protos.udp4 = v.protos.udp6 = false;
  const std::string out = render(s, v);
  EXPECT_NE(out.find("LISTENING       501\n  ssh.service\n [sshd]\n  nginx.service\n [nginx]\n  TCP"), std::string::npos)
      << out;
}

TEST(NetstatConnections, VerboseOwnersShowTheChainInsideTheUnit) {
  Snapshot s = sample();
  ConnectionView v = numeric();
  v.owners = v.verbose = true;
  v.protos.tcp6 = v.protos.udp4 = v.protos.udp6 = false;
  ConnectionHooks hooks;
  int asked = 0;
  hooks.ancestry = [&](int pid) {
    ++asked;
    std::vector<Process> chain;
    if (pid == 812) {
      chain.push_back(s.processes[0]);
      chain.push_back(process(700, "nginx", "/usr/sbin/nginx", {}));
      chain.back().unit = "nginx.service";
      chain.push_back(process(650, "wrapper\x1b", "/bin/sh", {}));
      chain.back().unit = "nginx.service";
      chain.push_back(process(1, "systemd", "/sbin/init", {}));
      chain.back().unit = "init.scope";
    }
    return chain;  // pid 900: gone since the snapshot
  };
  const std::string out = render(s, v, nullptr, hooks);
  EXPECT_NE(out.find("  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED\n"
                     "  nginx.service\n"
                     "  wrapper\\x1b (PID 650)\n"
                     "  nginx (PID 700)\n"
                     " [nginx]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("SYN_SENT\n  container 0123456789ab\n [worker]\n"), std::string::npos) << out;
  // Named by its runtime when the collector found the container's name.
  Snapshot named = s;
  named.processes[2].container = "docker web\x1b";
  const std::string with_name = render(named, v, nullptr, hooks);
  EXPECT_NE(with_name.find("SYN_SENT\n  container docker web\\x1b\n [worker]\n"), std::string::npos) << with_name;
  EXPECT_GT(asked, 0);
  v.verbose = false;
  asked = 0;
  render(s, v, nullptr, hooks);
  EXPECT_EQ(asked, 0) << "no /proc walk without -v";
}

TEST(NetstatConnections, OwnerTextIsEscaped) {
  Snapshot s = sample();
  s.processes[0].name = "ng\x1b]0;x\x07";
  s.processes[0].unit = "bad\nunit.service";
  ConnectionView v = numeric();
  v.owners = true;
  const std::string out = render(s, v);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_NE(out.find("  bad\\nunit.service\n [ng\\x1b]0;x\\x07]\n"), std::string::npos) << out;
}

TEST(NetstatConnections, OffloadTemplateTimeAndPcbColumns) {
  ConnectionView v = numeric();
  v.pid = v.offload = v.templates = v.time_in_state = v.pcb = true;
  v.all = true;
  v.protos.tcp6 = v.protos.udp6 = false;
  Snapshot s = sample();
  s.endpoints[3].cookie = 0xabc;
  ConnectionHooks hooks;
  hooks.ms_in_state = [](const Endpoint& e) -> std::optional<std::int64_t> {
    if (e.remote_port == 51000) return 1234;
    return std::nullopt;
  };
  EXPECT_EQ(render(s, v, nullptr, hooks),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State           PID      Offload State   Template        Time in State (ms)  Inode       Cookie\n"
            "  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       812      InHost          Not Applicable  -                   10          -\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT       0        InHost          Not Applicable  -                   -           -\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED    0        InHost          Not Applicable  -                   -           -\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED     812      InHost          Not Applicable  1234                12          abc\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT        900      InHost          Not Applicable  -                   14          -\n"
            "  UDP    0.0.0.0:68             *:*                                    501      InHost          Not Applicable  -                   30          -\n");
}

TEST(NetstatConnections, OffloadAloneLikeWindows) {
  ConnectionView v = numeric();
  v.offload = true;
  v.protos.tcp6 = false;
  EXPECT_EQ(render(sample(), v),
            "\n"
            "Active Connections\n"
            "\n"
            "  Proto  Local Address          Foreign Address        State           Offload State\n"
            "  TCP    10.0.0.5:80            10.0.0.7:50999         TIME_WAIT       InHost\n"
            "  TCP    10.0.0.5:80            10.0.0.8:52000         SYN_RECEIVED    InHost\n"
            "  TCP    10.0.0.5:80            10.0.0.9:51000         ESTABLISHED     InHost\n"
            "  TCP    10.0.0.5:41000         192.0.2.1:5432         SYN_SENT        InHost\n");
}

TEST(NetstatConnections, HiddenOwnersShowADashAndAreReported) {
  Snapshot s = sample();
  s.endpoints[3].owners.clear();  // 10.0.0.5:80 <- 10.0.0.9: has an inode, owner not visible
  ConnectionView v = numeric();
  v.pid = true;
  v.protos.tcp6 = false;
  std::vector<std::size_t> rows = select_connections(s, v);
  EXPECT_FALSE(owners_hidden(s, rows)) << "nothing was denied: the socket has no holder";
  EXPECT_NE(render(s, v).find("ESTABLISHED     0\n"), std::string::npos);
  s.notes.owners_incomplete = true;
  EXPECT_TRUE(owners_hidden(s, rows));
  const std::string out = render(s, v);
  EXPECT_NE(out.find("ESTABLISHED     -\n"), std::string::npos) << out;
  EXPECT_NE(out.find("TIME_WAIT       0\n"), std::string::npos) << "TIME_WAIT has no holder at all";
  s.endpoints[3].owners = {Owner{0, 4}};
  EXPECT_FALSE(owners_hidden(s, select_connections(s, v)));
}

TEST(NetstatConnections, EmptyTableStillHasItsHeader) {
  Snapshot s;
  EXPECT_EQ(render(s, numeric()), "\nActive Connections\n\n  Proto  Local Address          Foreign Address        State\n");
}

TEST(NetstatConnections, WindowsStateNames) {
  EXPECT_EQ(windows_state_name(TcpState::Listen), "LISTENING");
  EXPECT_EQ(windows_state_name(TcpState::Established), "ESTABLISHED");
  EXPECT_EQ(windows_state_name(TcpState::TimeWait), "TIME_WAIT");
  EXPECT_EQ(windows_state_name(TcpState::CloseWait), "CLOSE_WAIT");
  EXPECT_EQ(windows_state_name(TcpState::SynSent), "SYN_SENT");
  EXPECT_EQ(windows_state_name(TcpState::SynRecv), "SYN_RECEIVED");
  EXPECT_EQ(windows_state_name(TcpState::NewSynRecv), "SYN_RECEIVED");
  EXPECT_EQ(windows_state_name(TcpState::FinWait1), "FIN_WAIT_1");
  EXPECT_EQ(windows_state_name(TcpState::FinWait2), "FIN_WAIT_2");
  EXPECT_EQ(windows_state_name(TcpState::LastAck), "LAST_ACK");
  EXPECT_EQ(windows_state_name(TcpState::Closing), "CLOSING");
  EXPECT_EQ(windows_state_name(TcpState::Close), "CLOSED");
  EXPECT_EQ(windows_state_name(TcpState::BoundInactive), "BOUND");
}

TEST(NetstatConnections, ResolvesOnlyForeignNonWildcardTcp) {
  const Snapshot s = sample();
  ConnectionView v = numeric();
  v.all = true;
  const auto addrs = addresses_to_resolve(s, select_connections(s, v));
  std::vector<std::string> text;
  for (const auto& a : addrs) text.push_back(a.to_string());
  EXPECT_EQ(text, (std::vector<std::string>{"10.0.0.7", "10.0.0.8", "10.0.0.9", "192.0.2.1", "fe80::2"}));
}

TEST(NetstatUnixSockets, WithoutAllLeavesOutListeners) {
  Snapshot s = sample();
  Endpoint c;
  c.proto = Proto::Unix;
  c.family = Family::Unix;
  c.state = TcpState::Established;
  c.unix_type = UnixType::Stream;
  c.inode = 41;
  s.endpoints.push_back(c);
  Endpoint d = c;
  d.state = TcpState::Close;
  d.unix_type = UnixType::Dgram;
  d.unix_path = "@abstract\x1b";
  d.inode = 39;
  s.endpoints.push_back(owned(d, {1}));
  ConnectionView v;
  EXPECT_EQ(format_unix_sockets(s, v),
            "\n"
            "Active UNIX domain sockets (w/o servers)\n"
            "Proto RefCnt Flags       Type       State         I-Node   Path\n"
            "unix  -      [ ]         DGRAM                    39       @abstract\\x1b\n"
            "unix  -      [ ]         STREAM     CONNECTED     41\n");
  v.all = true;
  v.pid = true;
  EXPECT_EQ(format_unix_sockets(s, v),
            "\n"
            "Active UNIX domain sockets (servers and established)\n"
            "Proto RefCnt Flags       Type       State         I-Node   PID      Path\n"
            "unix  -      [ ]         DGRAM                    39       501      @abstract\\x1b\n"
            "unix  -      [ ACC ]     STREAM     LISTENING     40       812      /run/nginx.sock\n"
            "unix  -      [ ]         STREAM     CONNECTED     41       0\n");
  v.pid = false;
  v.owners = true;
  const std::string owned_out = format_unix_sockets(s, v);
  EXPECT_NE(owned_out.find("/run/nginx.sock\n  nginx.service\n [nginx]\n"), std::string::npos) << owned_out;
}

TEST(NetstatNetworkDirect, SaysLinuxHasNone) {
  const std::string x = format_network_direct();
  EXPECT_EQ(x.rfind("\nActive NetworkDirect Connections, Listeners, SharedEndpoints\n\n", 0), 0u) << x;
  EXPECT_NE(x.find("Linux has no NetworkDirect"), std::string::npos);
  EXPECT_EQ(std::count(x.begin(), x.end(), '\n'), 4);
}

TEST(StateClock, KnowsOnlyWhatItSawBegin) {
  using namespace std::chrono_literals;
  StateClock clock;
  const auto t0 = StateClock::Clock::time_point{} + 100s;
  Snapshot s;
  Endpoint old = inet(Proto::Tcp, ip4("10.0.0.5"), 80, ip4("10.0.0.9"), 51000, TcpState::Established);
  Endpoint udp = inet(Proto::Udp, ip4("0.0.0.0"), 68, ip4("0.0.0.0"), 0, TcpState::Close);
  s.endpoints = {old, udp};
  clock.observe(s, t0);
  EXPECT_EQ(clock.ms_in_state(old, t0 + 1s), std::nullopt) << "there before sockscope looked";
  EXPECT_EQ(clock.ms_in_state(udp, t0), std::nullopt);

  Endpoint fresh = inet(Proto::Tcp, ip4("10.0.0.5"), 80, ip4("10.0.0.8"), 52000, TcpState::SynRecv);
  s.endpoints = {old, fresh};
  clock.observe(s, t0 + 2s);
  EXPECT_EQ(clock.ms_in_state(fresh, t0 + 2s), 0);
  EXPECT_EQ(clock.ms_in_state(old, t0 + 2s), std::nullopt);

  fresh.state = TcpState::Established;
  old.state = TcpState::TimeWait;
  s.endpoints = {old, fresh};
  clock.observe(s, t0 + 4s);
  EXPECT_EQ(clock.ms_in_state(fresh, t0 + 5s), 1000) << "state changed at the third display";
  EXPECT_EQ(clock.ms_in_state(old, t0 + 4500ms), 500) << "TIME_WAIT began while watched";
  clock.observe(s, t0 + 6s);
  EXPECT_EQ(clock.ms_in_state(fresh, t0 + 6s), 2000) << "unchanged: the same start";

  Endpoint other_state = fresh;
  other_state.state = TcpState::FinWait1;
  EXPECT_EQ(clock.ms_in_state(other_state, t0 + 6s), std::nullopt) << "asked about a state it did not see";

  s.endpoints = {old};
  clock.observe(s, t0 + 8s);
  EXPECT_EQ(clock.ms_in_state(fresh, t0 + 8s), std::nullopt) << "gone: forgotten";
  s.endpoints = {old, fresh};
  clock.observe(s, t0 + 10s);
  EXPECT_EQ(clock.ms_in_state(fresh, t0 + 10s), 0) << "back: new since";
}

TEST(StateClock, ANewSocketOnTheSameAddressesStartsAgain) {
  using namespace std::chrono_literals;
  StateClock clock;
  const auto t0 = StateClock::Clock::time_point{} + 100s;
  Snapshot s;
  clock.observe(s, t0);
  Endpoint first = inet(Proto::Tcp, ip4("10.0.0.5"), 41000, ip4("10.0.0.9"), 80, TcpState::Established);
  first.cookie = 0x11;
  s.endpoints = {first};
  clock.observe(s, t0 + 1s);
  EXPECT_EQ(clock.ms_in_state(first, t0 + 3s), 2000);

  // Closed and reconnected from the same port between two displays: same state, another socket.
  Endpoint second = first;
  second.cookie = 0x22;
  s.endpoints = {second};
  clock.observe(s, t0 + 3s);
  EXPECT_EQ(clock.ms_in_state(second, t0 + 4s), 1000) << "counted from the display that first saw it";
  EXPECT_EQ(clock.ms_in_state(first, t0 + 4s), std::nullopt) << "the old socket is not the one it timed";

  // Without cookies (the /proc fallback) the addresses are all there is to go by.
  Endpoint no_cookie = second;
  no_cookie.cookie = 0;
  s.endpoints = {no_cookie};
  clock.observe(s, t0 + 5s);
  EXPECT_EQ(clock.ms_in_state(no_cookie, t0 + 5s), 2000);
}

}  // namespace
}  // namespace sockscope::cli
