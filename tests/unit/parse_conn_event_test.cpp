// parse_conn_event: ring-buffer records from the conn_events eBPF program, well-formed and malformed.
#include <arpa/inet.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "parse/conn_event.hpp"

extern "C" {
#include "model/conn_event_record.h"
}

using namespace sockscope;

namespace {

conn_event_record outgoing_v4() {
  conn_event_record r{};
  r.size = sizeof r;
  r.kind = CONN_EVENT_CLOSED;
  r.direction = CONN_DIR_OUTGOING;
  r.family = AF_INET;
  r.old_state = 4;  // FIN_WAIT1
  r.new_state = 7;  // CLOSE
  r.flags = CONN_FLAG_OWNER | CONN_FLAG_OPEN_TIME;
  r.netns = 4026531840u;
  r.tgid = 4242;
  r.tid = 4243;
  r.cookie = 0x1234;
  r.open_ns = 1000;
  r.close_ns = 5000;
  r.bytes_sent = 11;
  r.bytes_acked = 10;
  r.bytes_received = 20;
  r.cgroup_id = 77;
  r.segs_in = 3;
  r.segs_out = 4;
  r.total_retrans = 1;
  r.srtt_us = 50;
  r.uid = 1000;
  r.local_port = 40000;
  r.remote_port = 80;
  const std::uint32_t lo = htonl(0x7f000001), peer = htonl(0xc0000205);
  std::memcpy(r.local_addr, &lo, 4);
  std::memcpy(r.remote_addr, &peer, 4);
  std::memcpy(r.comm, "curl", 5);
  return r;
}

// The record's bytes one past an aligned start, as a ring buffer need not align them for the parser.
Result<ConnEvent> parse(const conn_event_record& r, std::size_t size = sizeof(conn_event_record)) {
  std::array<std::byte, 1 + sizeof(conn_event_record) + 8> buf{};
  std::memcpy(buf.data() + 1, &r, sizeof r);
  return parse_conn_event(std::span(buf).subspan(1, size));
}

}  // namespace

TEST(ParseConnEvent, ReadsEveryField) {
  const auto e = parse(outgoing_v4());
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, ConnEventKind::Closed);
  EXPECT_EQ(e->source, ConnEventSource::Ebpf);
  EXPECT_EQ(e->direction, ConnDirection::Outgoing);
  EXPECT_EQ(e->family, Family::Inet4);
  EXPECT_EQ(e->old_state, TcpState::FinWait1);
  EXPECT_EQ(e->new_state, TcpState::Close);
  EXPECT_EQ(e->netns, 4026531840u);
  EXPECT_EQ(e->cookie, 0x1234u);
  EXPECT_EQ(e->local.to_string(), "127.0.0.1");
  EXPECT_EQ(e->remote.to_string(), "192.0.2.5");
  EXPECT_EQ(e->local_port, 40000);
  EXPECT_EQ(e->remote_port, 80);
  EXPECT_EQ(e->open_ns, 1000u);
  EXPECT_EQ(e->close_ns, 5000u);
  EXPECT_EQ(e->tcp.bytes_sent, 11u);
  EXPECT_EQ(e->tcp.bytes_acked, 10u);
  EXPECT_EQ(e->tcp.bytes_received, 20u);
  EXPECT_EQ(e->tcp.segs_in, 3u);
  EXPECT_EQ(e->tcp.segs_out, 4u);
  EXPECT_EQ(e->tcp.total_retrans, 1u);
  EXPECT_EQ(e->tcp.rtt_us, 50u);
  ASSERT_TRUE(e->owner);
  EXPECT_EQ(*e->owner, (ConnOwner{4242, 4243, 1000, 77, "curl"}));
  EXPECT_FALSE(failed_connect(*e));
}

TEST(ParseConnEvent, Ipv6AndFailedConnect) {
  auto r = outgoing_v4();
  r.family = AF_INET6;
  std::memset(r.local_addr, 0, 16);
  r.local_addr[15] = 1;
  r.old_state = 2;  // SYN_SENT
  const auto e = parse(r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->family, Family::Inet6);
  EXPECT_EQ(e->local.to_string(), "::1");
  EXPECT_TRUE(failed_connect(*e));
}

TEST(ParseConnEvent, WithoutOwnerOrOpenTimeTheyStayUnknown) {
  auto r = outgoing_v4();
  r.flags = 0;
  r.open_ns = 9999;  // ignored without CONN_FLAG_OPEN_TIME, even though it is after close
  const auto e = parse(r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_FALSE(e->owner);
  EXPECT_EQ(e->open_ns, 0u);
}

TEST(ParseConnEvent, CommFillingAllSixteenBytesHasNoTerminator) {
  auto r = outgoing_v4();
  std::memset(r.comm, 'x', sizeof r.comm);
  const auto e = parse(r);
  ASSERT_TRUE(e && e->owner);
  EXPECT_EQ(e->owner->comm, std::string(16, 'x'));
}

TEST(ParseConnEvent, TrailingPaddingIsIgnored) {
  EXPECT_TRUE(parse(outgoing_v4(), sizeof(conn_event_record) + 8));
}

TEST(ParseConnEvent, MalformedRecordsAreRefusedWithAReason) {
  struct Case {
    const char* name;
    void (*spoil)(conn_event_record&);
    const char* says;
  };
  const Case cases[] = {
      {"size", [](conn_event_record& r) { r.size = 144; }, "another build"},
      {"kind 0", [](conn_event_record& r) { r.kind = 0; }, "kind"},
      {"kind 5", [](conn_event_record& r) { r.kind = 5; }, "kind"},
      {"family", [](conn_event_record& r) { r.family = AF_UNIX; }, "family"},
      {"direction", [](conn_event_record& r) { r.direction = 3; }, "direction"},
      {"old state 0", [](conn_event_record& r) { r.old_state = 0; }, "state"},
      {"new state 14", [](conn_event_record& r) { r.new_state = 14; }, "state"},
      {"time", [](conn_event_record& r) { r.open_ns = r.close_ns + 1; }, "before it opens"},
  };
  for (const auto& c : cases) {
    auto r = outgoing_v4();
    c.spoil(r);
    const auto e = parse(r);
    ASSERT_FALSE(e) << c.name;
    EXPECT_NE(e.error().message.find(c.says), std::string::npos) << c.name << ": " << e.error().message;
  }
}

TEST(ParseConnEvent, TruncatedRecordsAreRefused) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{8}, sizeof(conn_event_record) - 1}) {
    const auto e = parse(outgoing_v4(), n);
    ASSERT_FALSE(e) << n;
    EXPECT_NE(e.error().message.find("a record has 152"), std::string::npos) << e.error().message;
  }
}

TEST(ParseConnEvent, RefusedSynHasNoOwnerNorOpenTime) {
  auto r = outgoing_v4();
  r.kind = CONN_EVENT_REFUSED;
  r.direction = CONN_DIR_INCOMING;
  r.flags = 0;
  r.old_state = r.new_state = 7;
  const auto e = parse(r);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->kind, ConnEventKind::Refused);
  EXPECT_TRUE(refused_syn(*e));
  EXPECT_FALSE(failed_connect(*e));
  EXPECT_FALSE(e->owner);
  EXPECT_EQ(e->open_ns, 0u);
  EXPECT_EQ(e->direction, ConnDirection::Incoming);
}

namespace {

struct UdpFlowBytes {
  udp_flow_key key{};
  udp_flow value{};
};

UdpFlowBytes dns_query_v6() {
  UdpFlowBytes f;
  f.key.netns = 4026531840u;
  f.key.family = AF_INET6;
  f.key.local_port = 41000;
  f.key.remote_port = 53;
  f.key.local_addr[15] = 1;
  f.key.remote_addr[0] = 0x20;
  f.key.remote_addr[1] = 0x01;
  f.key.remote_addr[2] = 0x0d;
  f.key.remote_addr[3] = 0xb8;
  f.key.remote_addr[15] = 0x35;
  f.value.first_ns = 100;
  f.value.last_ns = 900;
  f.value.bytes_sent = 40;
  f.value.bytes_received = 120;
  f.value.packets_sent = 1;
  f.value.packets_received = 2;
  f.value.tgid = 77;
  f.value.tid = 78;
  f.value.uid = 1000;
  f.value.cgroup_id = 5;
  f.value.flags = UDP_FLOW_OWNER;
  std::memcpy(f.value.comm, "dig", 4);
  return f;
}

// Key and value one byte past an aligned start, as in the fuzz target.
Result<ConnEvent> parse_flow(const UdpFlowBytes& f, std::size_t key_size = sizeof(udp_flow_key),
                             std::size_t value_size = sizeof(udp_flow)) {
  std::array<std::byte, 1 + sizeof(udp_flow_key) + sizeof(udp_flow)> buf{};
  std::memcpy(buf.data() + 1, &f.key, sizeof f.key);
  std::memcpy(buf.data() + 1 + sizeof f.key, &f.value, sizeof f.value);
  return parse_udp_flow(std::span(buf).subspan(1, key_size), std::span(buf).subspan(1 + sizeof f.key, value_size));
}

}  // namespace

TEST(ParseUdpFlow, ReadsEveryField) {
  const auto e = parse_flow(dns_query_v6());
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->proto, Proto::Udp);
  EXPECT_EQ(e->kind, ConnEventKind::Closed);
  EXPECT_EQ(e->family, Family::Inet6);
  EXPECT_EQ(e->direction, ConnDirection::Outgoing);
  EXPECT_EQ(e->local.to_string(), "::1");
  EXPECT_EQ(e->remote.to_string(), "2001:db8::35");
  EXPECT_EQ(e->local_port, 41000);
  EXPECT_EQ(e->remote_port, 53);
  EXPECT_EQ(e->netns, 4026531840u);
  EXPECT_EQ(e->open_ns, 100u);
  EXPECT_EQ(e->close_ns, 900u);
  EXPECT_EQ(e->tcp.bytes_sent, 40u);
  EXPECT_EQ(e->tcp.bytes_received, 120u);
  EXPECT_EQ(e->tcp.segs_out, 1u);
  EXPECT_EQ(e->tcp.segs_in, 2u);
  ASSERT_TRUE(e->owner);
  EXPECT_EQ(*e->owner, (ConnOwner{77, 78, 1000, 5, "dig"}));
}

TEST(ParseUdpFlow, ReceivedFirstWithoutOwnerIsIncomingAndUnowned) {
  auto f = dns_query_v6();
  f.key.family = AF_INET;
  f.value.flags = UDP_FLOW_FIRST_RX;
  const auto e = parse_flow(f);
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->direction, ConnDirection::Incoming);
  EXPECT_EQ(e->family, Family::Inet4);
  EXPECT_EQ(e->local.to_string(), "0.0.0.0");
  EXPECT_FALSE(e->owner);
}

TEST(ParseUdpFlow, MalformedEntriesAreRefusedWithAReason) {
  auto f = dns_query_v6();
  f.key.family = AF_UNIX;
  auto e = parse_flow(f);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("family"), std::string::npos);
  f = dns_query_v6();
  f.value.first_ns = f.value.last_ns + 1;
  e = parse_flow(f);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("before the first"), std::string::npos);
  e = parse_flow(dns_query_v6(), sizeof(udp_flow_key) - 1);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("key of 43 bytes"), std::string::npos);
  e = parse_flow(dns_query_v6(), sizeof(udp_flow_key), sizeof(udp_flow) - 8);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("value of 72 bytes"), std::string::npos);
}
