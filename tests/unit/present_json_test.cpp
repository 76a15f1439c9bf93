// The JSON presenter: array and JSON Lines, typed values, null, valid UTF-8 from hostile input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "present/json.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

using namespace sockscope::testing;
using nlohmann::json;

std::string render(const Snapshot& s, std::span<const Column* const> cols, JsonStyle style,
                   const NameSource* names = nullptr) {
  LocalLookups lookups = fixed_lookups();
  JsonOptions o;
  o.style = style;
  o.local = &lookups;
  std::ostringstream out;
  const auto rows = all_rows(s);
  auto r = write_json(s, rows, cols, names, o, out);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return out.str();
}

std::vector<const Column*> cols(std::initializer_list<ColumnId> ids) {
  std::vector<const Column*> out;
  for (ColumnId id : ids) out.push_back(&column(id));
  return out;
}

Snapshot sample() {
  Snapshot s;
  s.processes.push_back(process(812, "sshd", "/usr/sbin/sshd", {"/usr/sbin/sshd", "-D"}, 0, "root",
                                1700000000000));
  s.processes.push_back(process(900, "evil\x1b[31m\xff\xc0\xaf", "/tmp/\xc2\x9b\"q\"\\", {"a\nb"}, 1000,
                                "alice"));
  Endpoint e = owned(inet(Proto::Tcp, ip4("10.0.0.1"), 22, ip4("10.0.0.2"), 50000, TcpState::Established),
                     {0, 1});
  e.inode = 4711;
  e.uid = 1000;
  TcpCounters t;
  t.rtt_us = 1250;
  t.bytes_sent = 18446744073709551615ull;
  e.tcp = t;
  s.endpoints.push_back(e);
  s.endpoints.push_back(owned(inet(Proto::Udp, ip6("fe80::1", 2), 5353, ip6("::"), 0, TcpState::Close), {1}));
  return s;
}

TEST(Json, GoldenArray) {
  ScopedTimeZone utc("UTC");
  const Snapshot s = sample();
  const std::string got =
      render(s, cols({ColumnId::Proto, ColumnId::LocalAddress, ColumnId::LocalPort, ColumnId::Inode,
                      ColumnId::RttMs, ColumnId::BytesSent, ColumnId::Pid, ColumnId::Pids, ColumnId::Process,
                      ColumnId::ProcessStart, ColumnId::User}),
             JsonStyle::Array);
  const std::string want =
      "[\n"
      "{\"proto\":\"tcp\",\"local_address\":\"10.0.0.1\",\"local_port\":22,\"inode\":4711,\"rtt_ms\":1.25,"
      "\"bytes_sent\":18446744073709551615,\"pid\":812,\"pids\":[812,900],\"process\":\"sshd\","
      "\"process_start\":\"2023-11-14T22:13:20+00:00\",\"user\":\"alice\"},\n"
      "{\"proto\":\"udp6\",\"local_address\":\"fe80::1%eth0\",\"local_port\":5353,\"inode\":null,\"rtt_ms\":null,"
      "\"bytes_sent\":null,\"pid\":900,\"pids\":[900],\"process\":\"evil\\u001b[31m\\ufffd\\ufffd\\ufffd\","
      "\"process_start\":null,\"user\":\"root\"}\n"
      "]\n";
  EXPECT_EQ(got, want);
}

TEST(Json, ParsesWithTypesAndNulls) {
  const Snapshot s = sample();
  const std::string text = render(s, default_data_columns(), JsonStyle::Array);
  json doc;
  ASSERT_NO_THROW(doc = json::parse(text)) << text;
  ASSERT_TRUE(doc.is_array());
  ASSERT_EQ(doc.size(), 2u);
  const json& a = doc[0];
  EXPECT_EQ(a.size(), kColumnCount - 4);  // mark and cgroup are asked for by name
  EXPECT_TRUE(a["local_port"].is_number_integer());
  EXPECT_EQ(a["local_port"], 22);
  EXPECT_EQ(a["remote_port"], 50000);
  EXPECT_TRUE(a["rtt_ms"].is_number_float());
  EXPECT_DOUBLE_EQ(a["rtt_ms"].get<double>(), 1.25);
  EXPECT_EQ(a["bytes_sent"].get<std::uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(a["pids"], json::array({812, 900}));
  EXPECT_EQ(a["uid"], 1000);
  EXPECT_TRUE(a["local_name"].is_null());
  EXPECT_TRUE(a["cookie"].is_null());
  EXPECT_TRUE(a["unix_peer"].is_null());
  EXPECT_TRUE(a["process_start"].is_string());
  EXPECT_FALSE(a.contains("local"));
  EXPECT_FALSE(a.contains("remote"));

  const json& b = doc[1];
  EXPECT_EQ(b["process"], "evil\x1b[31m\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(b["exe"], "/tmp/\xc2\x9b\"q\"\\");  // valid text survives exactly, C1 included
  EXPECT_EQ(b["cmdline"], "a\nb");
  EXPECT_EQ(b["remote_address"], "::");
  EXPECT_TRUE(b["bytes_sent"].is_null());
}

TEST(Json, KeysFollowColumnOrder) {
  const Snapshot s = sample();
  const std::string text = render(s, cols({ColumnId::State, ColumnId::Proto}), JsonStyle::Lines);
  EXPECT_EQ(text, "{\"state\":\"ESTABLISHED\",\"proto\":\"tcp\"}\n{\"state\":\"UNCONN\",\"proto\":\"udp6\"}\n");
}

TEST(Json, LinesAreOneObjectEach) {
  const Snapshot s = sample();
  const std::string text = render(s, default_data_columns(), JsonStyle::Lines);
  std::istringstream in(text);
  int n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    json obj;
    ASSERT_NO_THROW(obj = json::parse(line)) << line;
    EXPECT_TRUE(obj.is_object());
  }
  EXPECT_EQ(n, 2);
  EXPECT_EQ(text.back(), '\n');
}

TEST(Json, EmptyInputs) {
  Snapshot s;
  EXPECT_EQ(render(s, default_data_columns(), JsonStyle::Array), "[]\n");
  EXPECT_EQ(render(s, default_data_columns(), JsonStyle::Lines), "");
  s.endpoints.push_back(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen));
  EXPECT_EQ(render(s, {}, JsonStyle::Array), "[\n{}\n]\n");
}

TEST(Json, NamesAppearInNameColumnsOnly) {
  FakeNames names;
  names.hosts["10.0.0.2"] = "peer.example";
  names.services[{22, Proto::Tcp}] = "ssh";
  const Snapshot s = sample();
  const std::string text = render(s, default_data_columns(), JsonStyle::Array, &names);
  const json doc = json::parse(text);
  EXPECT_EQ(doc[0]["remote_address"], "10.0.0.2");
  EXPECT_EQ(doc[0]["remote_name"], "peer.example");
  EXPECT_EQ(doc[0]["local_service"], "ssh");
  EXPECT_TRUE(doc[0]["local_name"].is_null());
}

TEST(Json, EveryHostileByteStillParses) {
  Snapshot s;
  std::string all;
  for (int b = 1; b < 256; ++b) all += static_cast<char>(b);
  s.processes.push_back(process(1, all, all, {all, all}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("1.1.1.1"), 1, ip4("2.2.2.2"), 2, TcpState::Established), {0}));
  const std::string text = render(s, default_data_columns(), JsonStyle::Array);
  json doc;
  ASSERT_NO_THROW(doc = json::parse(text));
  const std::string process_name = doc[0]["process"];
  EXPECT_EQ(process_name.substr(0, 127), all.substr(0, 127));  // ASCII survives exactly
  for (unsigned char c : text) EXPECT_TRUE((c >= 0x20 && c < 0x7f) || c == '\n') << int(c);
}

TEST(Json, LargeOutputIsComplete) {
  Snapshot s;
  for (int i = 0; i < 5000; ++i) {  // several buffer flushes
    s.endpoints.push_back(inet(Proto::Tcp, ip4("10.0.0.1"), static_cast<std::uint16_t>(i), ip4("10.0.0.2"),
                               443, TcpState::Established));
  }
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  const auto rows = all_rows(s);
  ASSERT_TRUE(write_json(s, rows, default_data_columns(), nullptr, JsonOptions{}, f).has_value());
  const long size = std::ftell(f);
  std::string text(static_cast<std::size_t>(size), '\0');
  std::rewind(f);
  ASSERT_EQ(std::fread(text.data(), 1, text.size(), f), text.size());
  std::fclose(f);
  const json doc = json::parse(text);
  ASSERT_EQ(doc.size(), 5000u);
  EXPECT_EQ(doc[4999]["local_port"], 4999);
}

TEST(Json, CellLargerThanTheOutputBuffer) {
  // A megabyte of escapable bytes needs more room than the buffer holds: it must grow, not split.
  Snapshot s;
  const std::string huge(1 << 20, '\x01');
  s.processes.push_back(process(1, "big", "/bin/big", {huge}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("1.1.1.1"), 1, ip4("2.2.2.2"), 2, TcpState::Established), {0}));
  const std::string text = render(s, cols({ColumnId::Cmdline, ColumnId::Pid}), JsonStyle::Lines);
  EXPECT_EQ(text.size(), std::string("{\"cmdline\":\"\",\"pid\":1}\n").size() + 6 * huge.size());
  const json obj = json::parse(text);
  EXPECT_EQ(obj["cmdline"].get<std::string>(), huge);
  EXPECT_EQ(obj["pid"], 1);
}

}  // namespace
}  // namespace sockscope
