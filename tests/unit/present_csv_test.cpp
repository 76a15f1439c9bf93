// The CSV presenter: header, CRLF records, quoting, formula neutralization, hostile bytes, numbers.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "present/csv.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

using namespace sockscope::testing;

std::string render(const Snapshot& s, std::span<const Column* const> cols, CsvOptions o = {},
                   const NameSource* names = nullptr) {
  LocalLookups lookups = fixed_lookups();
  o.local = &lookups;
  std::ostringstream out;
  const auto rows = all_rows(s);
  auto r = write_csv(s, rows, cols, names, o, out);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return out.str();
}

std::vector<const Column*> cols(std::initializer_list<ColumnId> ids) {
  std::vector<const Column*> out;
  for (ColumnId id : ids) out.push_back(&column(id));
  return out;
}

TEST(Csv, HeaderOfIdsAndCrlfRecords) {
  ScopedTimeZone utc("UTC");
  Snapshot s;
  s.processes.push_back(process(812, "sshd", "/usr/sbin/sshd", {"/usr/sbin/sshd", "-D"}, 0, "root",
                                1700000000000));
  s.processes.push_back(process(900, "sshd", "/usr/sbin/sshd", {}, 0, "root"));
  Endpoint e = owned(inet(Proto::Tcp, ip4("10.0.0.1"), 22, ip4("10.0.0.2"), 50000, TcpState::Established),
                     {0, 1});
  e.inode = 4711;
  TcpCounters t;
  t.rtt_us = 250;
  t.bytes_received = 123;
  e.tcp = t;
  s.endpoints.push_back(e);
  s.endpoints.push_back(inet(Proto::Udp, ip6("::"), 5353, ip6("::"), 0, TcpState::Close));

  const std::string got =
      render(s, cols({ColumnId::Proto, ColumnId::LocalAddress, ColumnId::LocalPort, ColumnId::State,
                      ColumnId::Inode, ColumnId::RttMs, ColumnId::BytesReceived, ColumnId::Pid, ColumnId::Pids,
                      ColumnId::Cmdline, ColumnId::ProcessStart}));
  const std::string want =
      "proto,local_address,local_port,state,inode,rtt_ms,bytes_received,pid,pids,cmdline,process_start\r\n"
      "tcp,10.0.0.1,22,ESTABLISHED,4711,0.25,123,812,\"812,900\",/usr/sbin/sshd -D,2023-11-14T22:13:20+00:00\r\n"
      "udp6,::,5353,UNCONN,,,,,,,\r\n";
  EXPECT_EQ(got, want);

  CsvOptions no_header;
  no_header.header = false;
  EXPECT_EQ(render(s, cols({ColumnId::Proto}), no_header), "tcp\r\nudp6\r\n");
}

TEST(Csv, DefaultColumnsGiveOneFieldPerColumnEveryRow) {
  Snapshot s;
  s.endpoints.push_back(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen));
  const std::string got = render(s, default_data_columns());
  const auto crlf = got.find("\r\n");
  ASSERT_NE(crlf, std::string::npos);
  const std::string header = got.substr(0, crlf);
  EXPECT_EQ(header.rfind("proto,state,local_address,local_port,remote_address,remote_port,local_name,", 0), 0u);
  EXPECT_EQ(std::count(header.begin(), header.end(), ','), static_cast<long>(kColumnCount - 5));
  const std::string row = got.substr(crlf + 2);
  EXPECT_EQ(std::count(row.begin(), row.end(), ','), static_cast<long>(kColumnCount - 5));
}

TEST(Csv, HostileTextIsQuotedNeutralizedAndReplaced) {
  Snapshot s;
  s.processes.push_back(process(1, "=cmd|' /C calc'!A0", "/tmp/a,b", {"-rf", "say \"hi\"\r\nnext"}));
  s.processes.push_back(process(2, "@evil", "+x", {"\x1b]0;pwned\x07"}));
  s.processes.push_back(process(3, "bad\xff\xc0\xaf", "\xc2\x9bmore", {"\tstart"}));
  for (std::uint32_t p = 0; p < 3; ++p) {
    s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("1.2.3.4"), 1, ip4("5.6.7.8"), 2, TcpState::Established), {p}));
  }
  const std::string got = render(s, cols({ColumnId::Pid, ColumnId::Process, ColumnId::Exe, ColumnId::Cmdline}));
  const std::string want =
      "pid,process,exe,cmdline\r\n"
      "1,'=cmd|' /C calc'!A0,\"/tmp/a,b\",\"'-rf say \"\"hi\"\"\r\nnext\"\r\n"
      "2,'@evil,'+x,\xef\xbf\xbd]0;pwned\xef\xbf\xbd\r\n"
      "3,bad\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd,\xef\xbf\xbdmore,'\tstart\r\n";
  EXPECT_EQ(got, want);
  EXPECT_EQ(got.find('\x1b'), std::string::npos);
  EXPECT_EQ(got.find('\x07'), std::string::npos);
}

TEST(Csv, NumbersAreNeverNeutralized) {
  // A negative timestamp and a large unsigned counter stay plain numbers; only text gets a quote.
  ScopedTimeZone utc("UTC");
  Snapshot s;
  s.processes.push_back(process(5, "-p", "", {}, 0, "root", -1000));
  Endpoint e = owned(inet(Proto::Tcp, ip4("1.2.3.4"), 65535, ip4("5.6.7.8"), 2, TcpState::Established), {0});
  TcpCounters t;
  t.bytes_sent = 18446744073709551615ull;
  e.tcp = t;
  s.endpoints.push_back(e);
  const std::string got = render(s, cols({ColumnId::LocalPort, ColumnId::BytesSent, ColumnId::Process,
                                          ColumnId::ProcessStart, ColumnId::Exe}));
  EXPECT_EQ(got,
            "local_port,bytes_sent,process,process_start,exe\r\n"
            "65535,18446744073709551615,'-p,1969-12-31T23:59:59+00:00,\r\n");
}

TEST(Csv, UnixPathsStartingWithAtAreNeutralized) {
  Snapshot s;
  Endpoint e;
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.state = TcpState::Listen;
  e.unix_type = UnixType::Stream;
  e.unix_path = "@/tmp/.X11-unix/X0";
  s.endpoints.push_back(e);
  EXPECT_EQ(render(s, cols({ColumnId::Proto, ColumnId::LocalAddress, ColumnId::LocalPort, ColumnId::UnixType})),
            "proto,local_address,local_port,unix_type\r\nunix,'@/tmp/.X11-unix/X0,,stream\r\n");
}

TEST(Csv, WritesToFile) {
  Snapshot s;
  s.endpoints.push_back(inet(Proto::Tcp, ip4("0.0.0.0"), 80, ip4("0.0.0.0"), 0, TcpState::Listen));
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  const auto rows = all_rows(s);
  const auto c = cols({ColumnId::Proto, ColumnId::LocalPort});
  ASSERT_TRUE(write_csv(s, rows, c, nullptr, CsvOptions{}, f).has_value());
  std::rewind(f);
  char buf[64] = {};
  const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  EXPECT_EQ(std::string(buf, n), "proto,local_port\r\ntcp,80\r\n");
}

}  // namespace
}  // namespace sockscope
