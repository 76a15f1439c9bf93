// The table presenter: golden output at 80 columns and wide, shortening, escaping, colour.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "present/sanitize.hpp"
#include "present/table.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope {
namespace {

using namespace sockscope::testing;

Snapshot sample() {
  Snapshot s;
  s.processes.push_back(process(812, "sshd", "/usr/sbin/sshd", {"sshd: /usr/sbin/sshd -D [listener]"}));
  s.processes.push_back(process(23817, "Isolated Web Co", "/usr/lib/firefox-esr/firefox-esr",
                                {"/usr/lib/firefox-esr/firefox-esr", "-contentproc", "-childID", "12"},
                                1000, "alice"));
  s.processes.push_back(process(31337, "evil\x1b[2Jname", "/tmp/.x/\xff", {"evil\nline"}, 1000, "alice"));
  s.processes.push_back(process(4242, "\xe4\xb8\xad\xe6\x96\x87\xe8\xbf\x9b\xe7\xa8\x8b", "/opt/cjk", {}));

  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("0.0.0.0"), 22, ip4("0.0.0.0"), 0, TcpState::Listen), {0}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip6("::"), 22, ip6("::"), 0, TcpState::Listen), {0}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip4("192.168.1.10"), 50522, ip4("93.184.216.34"), 443,
                                   TcpState::Established), {1}));
  s.endpoints.push_back(owned(inet(Proto::Tcp, ip6("2001:db8:85a3::8a2e:370:7334"), 443,
                                   ip6("2001:db8:ffff:ffff:ffff:ffff:ffff:1"), 61000, TcpState::CloseWait),
                              {2}));
  s.endpoints.push_back(inet(Proto::Tcp, ip6("fe80::1", 2), 22, ip6("fe80::2", 2), 50000, TcpState::TimeWait));
  s.endpoints.push_back(owned(inet(Proto::Udp, ip4("127.0.0.53"), 53, ip4("0.0.0.0"), 0, TcpState::Close), {3}));
  return s;
}

std::string render(const Snapshot& s, std::span<const Column* const> cols, TableOptions o,
                   const NameSource* names = nullptr) {
  LocalLookups lookups = fixed_lookups();
  o.local = &lookups;
  std::ostringstream out;
  const auto rows = all_rows(s);
  auto r = write_table(s, rows, cols, names, o, out);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return out.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(Table, DefaultColumnsAt80) {
  const Snapshot s = sample();
  TableOptions o;
  o.width = 80;
  const std::string got = render(s, default_table_columns(), o);
  // Local and Remote (the widest shortenable columns) give up columns evenly; the cut is in the
  // middle so the port stays visible; the hostile process name is escaped, the CJK one kept.
  const std::string want =
      "Proto Local               Remote               State         PID Process\n"
      "tcp   0.0.0.0:22          0.0.0.0:*            LISTEN        812 sshd\n"
      "tcp6  [::]:22             [::]:*               LISTEN        812 sshd\n"
      "tcp   192.168.1.10:50522  93.184.216.34:443    ESTABLISHED 23817 Isolated Web Co\n"
      "tcp6  [2001:db8\u20267334]:443 [2001:db8\u2026f:1]:61000 CLOSE_WAIT  31337 evil\\x1b[2Jname\n"
      "tcp6  [fe80::1%eth0]:22   [fe80::2%eth0]:50000 TIME_WAIT       - -\n"
      "udp   127.0.0.53:53       0.0.0.0:*            UNCONN       4242 \u4e2d\u6587\u8fdb\u7a0b\n";
  EXPECT_EQ(got, want);
  for (const std::string& line : lines(got)) EXPECT_LE(display_width(line), 80u) << line;
  EXPECT_EQ(display_width(lines(got)[0]), 72u);  // the last column is not padded
}

TEST(Table, WideNeverShortens) {
  const Snapshot s = sample();
  TableOptions o;
  o.width = kUnlimitedWidth;
  const std::string got = render(s, default_table_columns(), o);
  const std::string want =
      "Proto Local                              Remote                                      State         PID Process\n"
      "tcp   0.0.0.0:22                         0.0.0.0:*                                   LISTEN        812 sshd\n"
      "tcp6  [::]:22                            [::]:*                                      LISTEN        812 sshd\n"
      "tcp   192.168.1.10:50522                 93.184.216.34:443                           ESTABLISHED 23817 Isolated Web Co\n"
      "tcp6  [2001:db8:85a3::8a2e:370:7334]:443 [2001:db8:ffff:ffff:ffff:ffff:ffff:1]:61000 CLOSE_WAIT  31337 evil\\x1b[2Jname\n"
      "tcp6  [fe80::1%eth0]:22                  [fe80::2%eth0]:50000                        TIME_WAIT       - -\n"
      "udp   127.0.0.53:53                      0.0.0.0:*                                   UNCONN       4242 \u4e2d\u6587\u8fdb\u7a0b\n";
  EXPECT_EQ(got, want);
}

TEST(Table, LongProcessDetailsAreShortenedAtTheirOwnEnds) {
  const Snapshot s = sample();
  const std::vector<const Column*> cols = {&column(ColumnId::Pid), &column(ColumnId::Process),
                                           &column(ColumnId::Exe), &column(ColumnId::Cmdline)};
  TableOptions o;
  o.width = 60;
  o.utf8 = false;
  const std::string got = render(s, cols, o);
  // exe keeps its end (the file name), cmdline its start (the program); "+" marks the cut
  // when UTF-8 cannot be assumed; the CJK name is padded by display width (8 of 15 columns).
  const std::string want =
      "  PID Process         Executable         Command Line\n"
      "  812 sshd            /usr/sbin/sshd     sshd: /usr/sbin/ss+\n"
      "  812 sshd            /usr/sbin/sshd     sshd: /usr/sbin/ss+\n"
      "23817 Isolated Web Co +x-esr/firefox-esr /usr/lib/firefox-e+\n"
      "31337 evil\\x1b[2Jname /tmp/.x/\\xff       evil\\nline\n"
      "    - -               -                  -\n"
      " 4242 \u4e2d\u6587\u8fdb\u7a0b        /opt/cjk           -\n";
  EXPECT_EQ(got, want);
  for (const std::string& line : lines(got)) EXPECT_LE(display_width(line), 60u) << line;
}

TEST(Table, NeverDropsColumnsWhenFixedOnesAreTooWide) {
  const Snapshot s = sample();
  std::vector<const Column*> cols;
  for (const Column& c : all_columns()) cols.push_back(&c);
  TableOptions o;
  o.width = 40;
  const auto out = lines(render(s, cols, o));
  ASSERT_EQ(out.size(), s.endpoints.size() + 1);
  for (const Column& c : all_columns()) {
    EXPECT_NE(out[0].find(std::string(c.title)), std::string::npos) << c.title;
  }
  EXPECT_GT(display_width(out[0]), 40u);
}

TEST(Table, NamesColourAndHeader) {
  const Snapshot s = sample();
  FakeNames names;
  names.hosts["93.184.216.34"] = "example.com";
  names.services[{443, Proto::Tcp}] = "https";
  names.services[{22, Proto::Tcp}] = "ssh";
  const std::vector<const Column*> cols = {&column(ColumnId::Remote), &column(ColumnId::State)};
  const std::vector<std::size_t> rows = {2, 0, 3};
  LocalLookups lookups = fixed_lookups();
  TableOptions o;
  o.color = true;
  o.local = &lookups;
  std::ostringstream out;
  ASSERT_TRUE(write_table(s, rows, cols, &names, o, out).has_value());
  const std::string want =
      "\x1b[1mRemote                                      State\x1b[0m\n"
      "example.com:https                           \x1b[32mESTABLISHED\x1b[0m\n"
      "0.0.0.0:*                                   \x1b[36mLISTEN\x1b[0m\n"
      "[2001:db8:ffff:ffff:ffff:ffff:ffff:1]:61000 \x1b[31mCLOSE_WAIT\x1b[0m\n";
  EXPECT_EQ(out.str(), want);

  o.color = false;
  o.header = false;
  std::ostringstream plain;
  ASSERT_TRUE(write_table(s, rows, cols, &names, o, plain).has_value());
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
  EXPECT_EQ(lines(plain.str()).size(), 3u);
  EXPECT_EQ(lines(plain.str())[0], "example.com:https                           ESTABLISHED");
}

TEST(Table, EmptyAndOutOfRangeRows) {
  const Snapshot s = sample();
  LocalLookups lookups = fixed_lookups();
  TableOptions o;
  o.local = &lookups;
  const std::vector<const Column*> cols = {&column(ColumnId::Proto), &column(ColumnId::Pid)};
  std::ostringstream none;
  ASSERT_TRUE(write_table(s, {}, cols, nullptr, o, none).has_value());
  EXPECT_EQ(none.str(), "Proto PID\n");
  const std::vector<std::size_t> rows = {5, 99, 0};
  std::ostringstream some;
  ASSERT_TRUE(write_table(s, rows, cols, nullptr, o, some).has_value());
  EXPECT_EQ(some.str(), "Proto  PID\nudp   4242\ntcp    812\n");
}

TEST(Table, WritesToFileAndReportsErrors) {
  const Snapshot s = sample();
  const auto rows = all_rows(s);
  TableOptions o;
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ASSERT_TRUE(write_table(s, rows, default_table_columns(), nullptr, o, f).has_value());
  EXPECT_GT(std::ftell(f), 0);
  std::fclose(f);

  std::FILE* full = std::fopen("/dev/full", "w");
  if (!full) GTEST_SKIP() << "no /dev/full";
  auto r = write_table(s, rows, default_table_columns(), nullptr, o, full);
  std::fclose(full);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ENOSPC);
}

TEST(FitWidths, ShrinksWidestFlexibleFirstDownToAFloor) {
  const std::vector<const Column*> cols = {&column(ColumnId::Proto), &column(ColumnId::Cmdline),
                                           &column(ColumnId::Exe), &column(ColumnId::Pid)};
  const std::vector<std::size_t> natural = {5, 100, 30, 5};
  // 140 + 3 gaps; at 83 the 60 lost columns come from cmdline alone (100 -> 40).
  EXPECT_EQ(fit_widths(cols, natural, 83), (std::vector<std::size_t>{5, 40, 30, 5}));
  // At 63 both shorten evenly after cmdline caught up with exe.
  EXPECT_EQ(fit_widths(cols, natural, 63), (std::vector<std::size_t>{5, 25, 25, 5}));
  // Floors: the title's width where wider than kMinFlexibleWidth ("Command Line" 12, "Executable" 10).
  EXPECT_EQ(fit_widths(cols, natural, 10), (std::vector<std::size_t>{5, 12, 10, 5}));
  EXPECT_EQ(fit_widths(cols, natural, kUnlimitedWidth), natural);
  EXPECT_EQ(fit_widths(cols, natural, 1000), natural);
}

}  // namespace
}  // namespace sockscope
