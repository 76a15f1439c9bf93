// Tests for the per-process /proc parsers and /proc/stat btime, with hostile input.
#include <gtest/gtest.h>

#include <string>

#include "parse/proc_pid.hpp"

namespace sockscope {
namespace {

using namespace std::string_literals;

// Fields 3..52 of a real /proc/PID/stat after "PID (comm)"; starttime (field 22) is 4242.
constexpr const char* kStatTail =
    " S 1 1234 1234 0 -1 4194624 2163 0 11 0 5 3 0 0 20 0 1 0 4242 11005952 1408 18446744073709551615 "
    "94630848614400 94630849186201 140724700231504 0 0 0 0 4096 134217730 1 0 0 17 1 0 0 0 0 0 "
    "94630849407568 94630849441568 94630868160512 140724700237707 140724700237736 140724700237736 "
    "140724700241896 0\n";

std::string stat_line(const std::string& pid_comm) { return pid_comm + kStatTail; }

TEST(ProcStat, ParsesOrdinaryLine) {
  auto s = parse_proc_stat(stat_line("1234 (nginx)"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 1234);
  EXPECT_EQ(s->comm, "nginx");
  EXPECT_EQ(s->state, 'S');
  EXPECT_EQ(s->ppid, 1);
  EXPECT_EQ(s->starttime, 4242u);
}

TEST(ProcStat, CommWithParensAndSpaces) {
  auto s = parse_proc_stat(stat_line("42 (a) b (c)"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 42);
  EXPECT_EQ(s->comm, "a) b (c");
  EXPECT_EQ(s->ppid, 1);
  EXPECT_EQ(s->starttime, 4242u);
}

TEST(ProcStat, CommForgingFieldsIsNotBelieved) {
  // A name that looks like the end of comm followed by other field values.
  auto s = parse_proc_stat(stat_line("42 (x) Z 999 9 9 9)"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->comm, "x) Z 999 9 9 9");
  EXPECT_EQ(s->state, 'S');
  EXPECT_EQ(s->ppid, 1);
}

TEST(ProcStat, CommWithNewlineAndBinaryBytes) {
  auto s = parse_proc_stat(stat_line("7 (evil\n8 (x) R 0\x01\xff)"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pid, 7);
  EXPECT_EQ(s->comm, "evil\n8 (x) R 0\x01\xff");
  EXPECT_EQ(s->ppid, 1);
  EXPECT_EQ(s->starttime, 4242u);
}

TEST(ProcStat, EmptyAndParenOnlyComm) {
  auto empty = parse_proc_stat(stat_line("5 ()"));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->comm, "");
  auto parens = parse_proc_stat(stat_line("5 ())())"));
  ASSERT_TRUE(parens);
  EXPECT_EQ(parens->comm, "))()");
}

TEST(ProcStat, RejectsTruncatedOrMalformed) {
  const std::string full = stat_line("1234 (nginx)");
  EXPECT_FALSE(parse_proc_stat(""));
  EXPECT_FALSE(parse_proc_stat("1234 (nginx"));
  EXPECT_FALSE(parse_proc_stat("1234 (nginx) S 1 1234 1234 0 -1\n"));
  // Cut just after starttime, and inside it: starttime cannot be trusted either way.
  const auto start = full.find(" 4242 ");
  ASSERT_NE(start, std::string::npos);
  EXPECT_FALSE(parse_proc_stat(full.substr(0, start + 5)));
  EXPECT_FALSE(parse_proc_stat(full.substr(0, start + 3)));
  EXPECT_TRUE(parse_proc_stat(full.substr(0, start + 7)));
  EXPECT_FALSE(parse_proc_stat(stat_line("abc (nginx)")));
  EXPECT_FALSE(parse_proc_stat(stat_line("(nginx)")));
  EXPECT_FALSE(parse_proc_stat(") 12 (nginx"));
  EXPECT_FALSE(parse_proc_stat("1 (x) SS 1" + std::string(kStatTail).substr(4)));
  // Every prefix is handled without crashing, and only near-complete ones parse.
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto s = parse_proc_stat(full.substr(0, n));
    if (s) {
      EXPECT_EQ(s->starttime, 4242u) << n;
    }
  }
}

TEST(ProcStatus, RealUidFromUidLine) {
  const std::string status =
      "Name:\tsshd\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t812\nNgid:\t0\nPid:\t812\nPPid:\t1\n"
      "TracerPid:\t0\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\nFDSize:\t64\n";
  EXPECT_EQ(parse_status_uid(status), 1000u);
}

TEST(ProcStatus, MissingOrMalformed) {
  EXPECT_FALSE(parse_status_uid(""));
  EXPECT_FALSE(parse_status_uid("Name:\tx\nGid:\t1\t1\t1\t1\n"));
  EXPECT_FALSE(parse_status_uid("Uid:\n"));
  EXPECT_FALSE(parse_status_uid("Uid:\tabc\t0\t0\t0\n"));
  EXPECT_FALSE(parse_status_uid("Uid:\t-1\t0\t0\t0\n"));
  // The kernel escapes newlines in Name:, but a forged line must not sit mid-line anyway.
  EXPECT_FALSE(parse_status_uid("Name:\tx Uid:\t5\n"));
  EXPECT_EQ(parse_status_uid("Name:\tUid:\t5\nUid:\t7\t7\t7\t7"), 7u);
}

TEST(Cmdline, NulSeparatedWithTerminator) {
  const std::string raw = "/usr/bin/python3\0-m\0http.server\0"s;
  EXPECT_EQ(parse_cmdline(raw), (std::vector<std::string>{"/usr/bin/python3", "-m", "http.server"}));
}

TEST(Cmdline, EmptyForKernelThreads) {
  EXPECT_TRUE(parse_cmdline("").empty());
  EXPECT_TRUE(parse_cmdline("\0"s).empty());
  EXPECT_TRUE(parse_cmdline("\0\0\0"s).empty());
}

TEST(Cmdline, RewrittenArgvStaysOneString) {
  EXPECT_EQ(parse_cmdline("nginx: master process /usr/sbin/nginx -g daemon off;"),
            (std::vector<std::string>{"nginx: master process /usr/sbin/nginx -g daemon off;"}));
  EXPECT_EQ(parse_cmdline("sshd: alice [priv]\0\0\0\0\0\0\0\0"s), (std::vector<std::string>{"sshd: alice [priv]"}));
}

TEST(Cmdline, KeepsInteriorEmptyArgsAndRawBytes) {
  EXPECT_EQ(parse_cmdline("a\0\0b\0"s), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(parse_cmdline("\xff\x1b[31m\0x\ny\0"s), (std::vector<std::string>{"\xff\x1b[31m", "x\ny"}));
}

TEST(SocketLink, OnlyExactSocketForm) {
  EXPECT_EQ(parse_socket_link("socket:[12345]"), 12345u);
  EXPECT_EQ(parse_socket_link("socket:[18446744073709551615]"), 18446744073709551615ull);
  EXPECT_FALSE(parse_socket_link("socket:[18446744073709551616]"));
  EXPECT_FALSE(parse_socket_link("socket:[]"));
  EXPECT_FALSE(parse_socket_link("socket:[12a]"));
  EXPECT_FALSE(parse_socket_link("socket:[-1]"));
  EXPECT_FALSE(parse_socket_link("socket:[12]x"));
  EXPECT_FALSE(parse_socket_link("socket:[12"));
  EXPECT_FALSE(parse_socket_link("pipe:[12345]"));
  EXPECT_FALSE(parse_socket_link("anon_inode:[eventpoll]"));
  EXPECT_FALSE(parse_socket_link("/dev/null"));
  EXPECT_FALSE(parse_socket_link("/tmp/socket:[1]"));
  EXPECT_FALSE(parse_socket_link(""));
}

TEST(Btime, FromProcStat) {
  const std::string stat =
      "cpu  10132153 290696 3084719 46828483 16683 0 25195 0 0 0\ncpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0\n"
      "intr 199292 0 0\nctxt 3837480\nbtime 1700000123\nprocesses 26442\nprocs_running 1\n";
  EXPECT_EQ(parse_btime(stat), 1700000123);
  EXPECT_FALSE(parse_btime("cpu 1 2 3\n"));
  EXPECT_FALSE(parse_btime("btime\n"));
  EXPECT_FALSE(parse_btime("btime 12x\n"));
  EXPECT_FALSE(parse_btime("btimex 5\n"));
  EXPECT_FALSE(parse_btime(""));
}

}  // namespace
}  // namespace sockscope
