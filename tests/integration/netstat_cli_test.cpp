// `sockscope netstat` usage: help spellings, every bad switch, protocol and interval is one line and exit 2.
#include <gtest/gtest.h>

#include "case_names.hpp"

#include <string>
#include <vector>

#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

struct BadNetstat {
  std::vector<std::string> args;
  std::string names;
};

class NetstatBadUsage : public ::testing::TestWithParam<BadNetstat> {};

TEST_P(NetstatBadUsage, OneLineNamingItAndExit2) {
  std::vector<std::string> args = {"netstat"};
  args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
  auto r = run_sockscope(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
  EXPECT_NE(r.err.find(GetParam().names), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sockscope netstat /?"), std::string::npos) << "points to help: " << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    All, NetstatBadUsage,
    ::testing::Values(BadNetstat{{"-z"}, "-z"}, BadNetstat{{"-anz"}, "-z"}, BadNetstat{{"/z"}, "/z"},
                      BadNetstat{{"--bogus"}, "--bogus"}, BadNetstat{{"-p"}, "-p"},
                      BadNetstat{{"-p", "sctp"}, "sctp"}, BadNetstat{{"-anp", "bogus"}, "bogus"},
                      BadNetstat{{"-p", "icmp"}, "icmp"}, BadNetstat{{"-s", "-p", "tcp", "xyz"}, "xyz"},
                      BadNetstat{{"0"}, "'0'"}, BadNetstat{{"-5"}, "-5"}, BadNetstat{{"soon"}, "soon"},
                      BadNetstat{{"2.5"}, "2.5"}, BadNetstat{{"-a", "5", "6"}, "6"},
                      BadNetstat{{"--count", "2"}, "--count"}, BadNetstat{{"--family", "ns"}, "ns"},
                      BadNetstat{{"-I"}, "-I"}, BadNetstat{{"--interfaces", "-s", "5"}, "--interfaces"},
                      BadNetstat{{"-w", "0"}, "'0'"}, BadNetstat{{"-w"}, "-w"}, BadNetstat{{"--wait", "soon"}, "soon"},
                      BadNetstat{{"99999999"}, "99999999"}, BadNetstat{{"-s", "-p"}, "-p"},
                      BadNetstat{{"-p", "TCP", "udp7"}, "udp7"}, BadNetstat{{"--family="}, "--family"},
                      BadNetstat{{"--all=yes"}, "--all"}, BadNetstat{{"--dns-timeout", "-1"}, "-1"},
                      BadNetstat{{"-anpx", "tcp"}, "'x'"}, BadNetstat{{"-I", "nope0"}, "nope0"},
                      BadNetstat{{"--interfaces", "-m", "2"}, "-m"}, BadNetstat{{"-g", "-s", "-p", "icmp"}, "-g -s"},
                      BadNetstat{{"--routing-statistics", "-p", "udp"}, "--routing-statistics"},
                      BadNetstat{{"--memory=1"}, "--memory"}),
    sockscope::testing::ArgsCaseName{});

TEST(NetstatUsage, HelpSpellingsPrintTheSameHelp) {
  auto first = run_sockscope({"netstat", "/?"});
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_NE(first.out.find("Displays protocol statistics and current TCP/IP network connections."), std::string::npos);
  for (const char* h : {"-?", "-h", "--help"}) {
    auto r = run_sockscope({"netstat", h});
    EXPECT_EQ(r.exit_code, 0) << h;
    EXPECT_EQ(r.out, first.out) << h;
  }
}

TEST(NetstatUsage, NetworkDirectSaysLinuxHasNone) {
  auto r = run_sockscope({"netstat", "-x"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Active NetworkDirect Connections, Listeners, SharedEndpoints"), std::string::npos);
  EXPECT_NE(r.out.find("Linux has no NetworkDirect"), std::string::npos);
}

TEST(NetstatUsage, ManPageHasANetstatSection) {
  std::string man;
  FILE* f = std::fopen(SOCKSCOPE_MANPAGE, "r");
  ASSERT_NE(f, nullptr);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) man.append(buf, n);
  std::fclose(f);
  EXPECT_NE(man.find(".SH \"THE NETSTAT COMMAND\""), std::string::npos);
  for (const char* s : {"\\-ano", "\\-\\-interfaces", "\\-\\-family", "\\-\\-count", "Can not obtain ownership information",
                        "InHost", "Not Applicable",
                        // The Linux caveats, as the help states them.
                        "sums include every interface, loopback", "Linux does not count sent multicast",
                        "Refs and\nUse show \\-", "a row per address whose counters are\n\\-",
                        "Flags that can\nappear: U up, G gateway, H host, R reject", "M (modified by a redirect) never appears",
                        "the Windows meaning wins", "a lower bound", "one set of TCP counters"})
    EXPECT_NE(man.find(s), std::string::npos) << s;
}

}  // namespace
