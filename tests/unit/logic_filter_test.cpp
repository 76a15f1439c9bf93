// Endpoint selection: protocol names, default connected-only rule, states, process selectors.
#include "logic/filter.hpp"

#include <gtest/gtest.h>

#include "logic/endpoint_order.hpp"

namespace sockscope {
namespace {

Endpoint ep(Proto proto, Family fam, TcpState st, std::uint16_t lport = 1) {
  Endpoint e;
  e.proto = proto;
  e.family = fam;
  e.state = st;
  e.local_port = lport;
  e.local.family = e.remote.family = fam == Family::Unix ? Family::Inet4 : fam;
  return e;
}

TEST(ProtoSet, NamesExpandToFamilies) {
  ProtoSet s;
  EXPECT_TRUE(add_proto(s, "TCP"));
  EXPECT_TRUE(s.tcp4 && s.tcp6);
  EXPECT_FALSE(s.udp4 || s.udp6 || s.raw4 || s.unix_);
  ProtoSet six;
  EXPECT_TRUE(add_proto(six, "udp6"));
  EXPECT_TRUE(six.udp6);
  EXPECT_FALSE(six.udp4);
  ProtoSet inet;
  EXPECT_TRUE(add_proto(inet, "inet6"));
  EXPECT_TRUE(inet.tcp6 && inet.udp6 && inet.raw6);
  EXPECT_FALSE(inet.tcp4);
  EXPECT_FALSE(add_proto(inet, "sctp"));
  EXPECT_FALSE(add_proto(inet, ""));
}

TEST(EndpointFilter, DefaultIsConnectedTcp) {
  Snapshot snap;
  EndpointFilter f;
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::Established), snap));
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet6, TcpState::TimeWait), snap));
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::CloseWait), snap));
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::NewSynRecv), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::Listen), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::BoundInactive), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::Close), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Udp, Family::Inet4, TcpState::Established), snap));
}

TEST(EndpointFilter, NonTcpWithoutStatesMeansConnected) {
  Snapshot snap;
  EndpointFilter f;
  f.protos = ProtoSet{};
  add_proto(f.protos, "udp");
  EXPECT_TRUE(f.matches(ep(Proto::Udp, Family::Inet4, TcpState::Established), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Udp, Family::Inet4, TcpState::Close), snap));
  f.states = kAllStates;
  EXPECT_TRUE(f.matches(ep(Proto::Udp, Family::Inet4, TcpState::Close), snap));
}

TEST(EndpointFilter, ExplicitStates) {
  Snapshot snap;
  EndpointFilter f;
  f.protos = ProtoSet::all();
  f.states = state_bit(*parse_state_name("listening")) | state_bit(*parse_state_name("time-wait"));
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::Listen), snap));
  EXPECT_TRUE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::TimeWait), snap));
  EXPECT_FALSE(f.matches(ep(Proto::Tcp, Family::Inet4, TcpState::Established), snap));
  EXPECT_TRUE(f.matches(ep(Proto::Unix, Family::Unix, TcpState::Listen), snap));
}

TEST(ProcessSelector, PidOrNameOrExeOrArgv0) {
  Process p;
  p.pid = 42;
  p.name = "nginx: worker";
  p.exe = "/usr/sbin/nginx";
  p.cmdline = {"/usr/sbin/nginx", "-g", "daemon off;"};
  EXPECT_TRUE(ProcessSelector::parse("42").matches(p));
  EXPECT_FALSE(ProcessSelector::parse("4").matches(p));
  EXPECT_TRUE(ProcessSelector::parse("NGINX").matches(p)) << "exe base name, any case";
  EXPECT_TRUE(ProcessSelector::parse("nginx: worker").matches(p));
  EXPECT_FALSE(ProcessSelector::parse("ngin").matches(p));
  EXPECT_FALSE(ProcessSelector::parse("42x").pid.has_value());
  EXPECT_FALSE(ProcessSelector::parse("0").pid.has_value());
}

TEST(EndpointFilter, ProcessSelectsByOwner) {
  Snapshot snap;
  Process a;
  a.pid = 10;
  a.name = "alpha";
  Process b;
  b.pid = 20;
  b.name = "beta";
  snap.processes = {a, b};
  Endpoint shared = ep(Proto::Tcp, Family::Inet4, TcpState::Established);
  shared.owners = {{0, 3}, {1, 4}};
  Endpoint only_b = ep(Proto::Tcp, Family::Inet4, TcpState::Established);
  only_b.owners = {{1, 5}};
  Endpoint nobody = ep(Proto::Tcp, Family::Inet4, TcpState::TimeWait);
  snap.endpoints = {shared, only_b, nobody};
  EndpointFilter f;
  f.process = ProcessSelector::parse("alpha");
  EXPECT_EQ(select_endpoints(snap, f), (std::vector<std::size_t>{0}));
  f.process = ProcessSelector::parse("20");
  EXPECT_EQ(select_endpoints(snap, f), (std::vector<std::size_t>{0, 1}));
  EXPECT_TRUE(any_process_matches(snap, *f.process));
  EXPECT_FALSE(any_process_matches(snap, ProcessSelector::parse("gamma")));
}

TEST(EndpointOrder, ProtoThenLocalThenRemote) {
  std::vector<Endpoint> eps = {ep(Proto::Udp, Family::Inet4, TcpState::Close, 53),
                               ep(Proto::Tcp, Family::Inet6, TcpState::Listen, 22),
                               ep(Proto::Tcp, Family::Inet4, TcpState::Listen, 443),
                               ep(Proto::Tcp, Family::Inet4, TcpState::Listen, 22)};
  std::vector<std::size_t> rows = {0, 1, 2, 3};
  sort_default(rows, eps);
  EXPECT_EQ(rows, (std::vector<std::size_t>{3, 2, 1, 0}));
}

}  // namespace
}  // namespace sockscope
