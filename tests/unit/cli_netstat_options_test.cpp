// parse_netstat_args: every switch combination of the seeds' examples, BSD long options, and every bad input.
#include <gtest/gtest.h>

#include "case_names.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cli/netstat_options.hpp"

using sockscope::cli::NetstatOptions;
using sockscope::cli::parse_netstat_args;
using sockscope::cli::shows_connections;

namespace {

NetstatOptions ok(std::vector<std::string> args) {
  auto r = parse_netstat_args(args);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error());
  return r.value_or(NetstatOptions{});
}

std::string bad(std::vector<std::string> args) {
  auto r = parse_netstat_args(args);
  EXPECT_FALSE(r.has_value());
  return r ? std::string() : r.error();
}

TEST(NetstatArgs, NoSwitchesIsActiveTcpConnections) {
  const auto o = ok({});
  EXPECT_FALSE(o.all || o.numeric || o.pid || o.owners || o.help);
  EXPECT_TRUE(o.protocols.empty());
  EXPECT_FALSE(o.interval);
  EXPECT_TRUE(shows_connections(o));
  EXPECT_TRUE(o.family_inet && o.family_inet6 && !o.family_unix);
}

TEST(NetstatArgs, SingleWindowsSwitches) {
  EXPECT_TRUE(ok({"-a"}).all);
  EXPECT_TRUE(ok({"-b"}).owners);
  EXPECT_TRUE(ok({"-e"}).ethernet);
  EXPECT_TRUE(ok({"-f"}).fqdn);
  EXPECT_TRUE(ok({"-i"}).time_in_state);
  EXPECT_TRUE(ok({"-n"}).numeric);
  EXPECT_TRUE(ok({"-o"}).pid);
  EXPECT_TRUE(ok({"-q"}).bound);
  EXPECT_TRUE(ok({"-r"}).routes);
  EXPECT_TRUE(ok({"-s"}).statistics);
  EXPECT_TRUE(ok({"-t"}).offload);
  EXPECT_TRUE(ok({"-v"}).verbose);
  EXPECT_TRUE(ok({"-x"}).network_direct);
  EXPECT_TRUE(ok({"-y"}).templates);
  EXPECT_FALSE(shows_connections(ok({"-e"})));
  EXPECT_FALSE(shows_connections(ok({"-s"})));
  EXPECT_FALSE(shows_connections(ok({"-r"})));
  EXPECT_FALSE(shows_connections(ok({"-x"})));
  EXPECT_TRUE(shows_connections(ok({"-b"})));
}

TEST(NetstatArgs, ProtocolTcp) {
  auto o = ok({"-p", "TCP"});
  EXPECT_EQ(o.protocols, (std::vector<std::string>{"TCP"}));
  EXPECT_EQ(ok({"-p", "tcpv6"}).protocols, (std::vector<std::string>{"tcpv6"})) << "case kept as typed";
  EXPECT_EQ(ok({"-p", "UdPv6"}).protocols, (std::vector<std::string>{"UdPv6"}));
  EXPECT_EQ(ok({"--protocol", "udp"}).protocols, (std::vector<std::string>{"udp"}));
  EXPECT_EQ(ok({"--protocol=udp"}).protocols, (std::vector<std::string>{"udp"}));
}

TEST(NetstatArgs, CombinedAno) {
  auto o = ok({"-ano"});
  EXPECT_TRUE(o.all && o.numeric && o.pid);
  EXPECT_FALSE(o.owners);
}

TEST(NetstatArgs, CombinedAnpTcp) {
  auto o = ok({"-anp", "tcp"});
  EXPECT_TRUE(o.all && o.numeric);
  EXPECT_EQ(o.protocols, (std::vector<std::string>{"tcp"}));
  EXPECT_FALSE(o.interval);
}

TEST(NetstatArgs, EthernetAndStatistics) {
  auto o = ok({"-e", "-s"});
  EXPECT_TRUE(o.ethernet && o.statistics);
  EXPECT_FALSE(shows_connections(o));
  auto c = ok({"-es"});
  EXPECT_TRUE(c.ethernet && c.statistics);
}

TEST(NetstatArgs, StatisticsForSeveralProtocols) {
  auto o = ok({"-s", "-p", "tcp", "udp"});
  EXPECT_TRUE(o.statistics);
  EXPECT_EQ(o.protocols, (std::vector<std::string>{"tcp", "udp"}));
  auto all8 = ok({"-s", "-p", "IP", "IPv6", "ICMP", "ICMPv6", "TCP", "TCPv6", "UDP", "UDPv6"});
  EXPECT_EQ(all8.protocols.size(), 8u);
  auto after = ok({"-p", "icmp", "ip", "-s"});
  EXPECT_EQ(after.protocols, (std::vector<std::string>{"icmp", "ip"})) << "-s may come after -p";
  auto o2 = ok({"-sp", "tcp", "udp", "5"});
  EXPECT_EQ(o2.protocols, (std::vector<std::string>{"tcp", "udp"}));
  EXPECT_EQ(o2.interval, 5) << "the list stops at the interval";
}

TEST(NetstatArgs, TrailingInterval) {
  EXPECT_EQ(ok({"15"}).interval, 15);
  auto o = ok({"-o", "5"});
  EXPECT_TRUE(o.pid);
  EXPECT_EQ(o.interval, 5);
  auto n = ok({"-n", "-o"});
  EXPECT_TRUE(n.numeric && n.pid);
  EXPECT_EQ(ok({"5", "-a"}).interval, 5) << "anywhere, as Windows takes it";
  EXPECT_EQ(ok({"5", "5"}).interval, 5) << "the same twice is harmless";
  EXPECT_EQ(ok({"2147483"}).interval, 2147483);
}

TEST(NetstatArgs, HelpSpellings) {
  for (const char* h : {"/?", "-?", "-h", "--help"}) EXPECT_TRUE(ok({h}).help) << h;
  EXPECT_TRUE(ok({"-a", "/?"}).help);
  EXPECT_TRUE(ok({"-a?"}).help);
}

TEST(NetstatArgs, SlashesLikeWindows) {
  auto o = ok({"/a", "/n", "/o"});
  EXPECT_TRUE(o.all && o.numeric && o.pid);
  auto c = ok({"/ano"});
  EXPECT_TRUE(c.all && c.numeric && c.pid);
  auto p = ok({"/p", "udp"});
  EXPECT_EQ(p.protocols, (std::vector<std::string>{"udp"}));
  EXPECT_TRUE(ok({"/e", "/s"}).ethernet);
}

TEST(NetstatArgs, OwnersVerbose) {
  auto o = ok({"-abv"});
  EXPECT_TRUE(o.all && o.owners && o.verbose);
  auto q = ok({"-qoty", "-i"});
  EXPECT_TRUE(q.bound && q.pid && q.offload && q.templates && q.time_in_state);
}

TEST(NetstatArgs, LongFormsOfWindowsSwitches) {
  auto o = ok({"--all", "--owners", "--fqdn", "--numeric", "--pid", "--bound", "--offload", "--verbose",
               "--template", "--time-in-state"});
  EXPECT_TRUE(o.all && o.owners && o.fqdn && o.numeric && o.pid && o.bound && o.offload && o.verbose &&
              o.templates && o.time_in_state);
  auto s = ok({"--ethernet", "--statistics", "--route", "--network-direct"});
  EXPECT_TRUE(s.ethernet && s.statistics && s.routes && s.network_direct);
}

TEST(NetstatArgs, BsdInterfaceDisplay) {
  auto i = ok({"--interfaces"});
  EXPECT_TRUE(i.interfaces);
  EXPECT_FALSE(shows_connections(i));
  EXPECT_FALSE(i.time_in_state) << "-i stays Windows' time in state";
  auto I = ok({"-I", "eth0"});
  EXPECT_TRUE(I.interfaces);
  EXPECT_EQ(I.interface, "eth0");
  EXPECT_EQ(ok({"-Ieth0"}).interface, "eth0");
  EXPECT_EQ(ok({"--interface", "wlan0"}).interface, "wlan0");
  EXPECT_EQ(ok({"--interface=wlan0"}).interface, "wlan0");
  auto d = ok({"-d"});
  EXPECT_TRUE(d.drops && d.interfaces);
  auto w = ok({"--interfaces", "-w", "1", "--count", "3"});
  EXPECT_EQ(w.interval, 1);
  EXPECT_EQ(w.count, 3);
  EXPECT_EQ(ok({"-w5"}).interval, 5);
  EXPECT_EQ(ok({"--wait=7"}).interval, 7);
  EXPECT_EQ(ok({"-I", "eth0", "1"}).interval, 1);
}

TEST(NetstatArgs, BsdFamilyRoutesPcb) {
  auto u = ok({"--family", "unix"});
  EXPECT_TRUE(u.family_unix);
  EXPECT_FALSE(u.family_inet || u.family_inet6);
  EXPECT_TRUE(shows_connections(u));
  auto f = ok({"--family=inet6,unix"});
  EXPECT_TRUE(f.family_inet6 && f.family_unix && !f.family_inet);
  auto r = ok({"-r", "--bsd"});
  EXPECT_TRUE(r.routes && r.bsd);
  EXPECT_TRUE(ok({"-A"}).pcb);
  EXPECT_TRUE(ok({"--pcb"}).pcb);
  EXPECT_EQ(ok({"--dns-timeout", "0.5"}).dns_timeout.count(), 500);
  EXPECT_EQ(ok({"--count", "2", "1"}).count, 2);
}

TEST(NetstatArgs, BsdMemoryMulticastAndRoutingStatistics) {
  for (auto args : {std::vector<std::string>{"-m"}, {"--memory"}}) {
    const auto o = ok(args);
    EXPECT_TRUE(o.memory);
    EXPECT_FALSE(shows_connections(o));
  }
  for (auto args : {std::vector<std::string>{"-g"}, {"--multicast"}, {"-gn"}}) {
    const auto o = ok(args);
    EXPECT_TRUE(o.multicast && !o.multicast_statistics);
    EXPECT_FALSE(shows_connections(o));
  }
  // BSD: -s with -g shows the multicast statistics instead of both displays.
  for (auto args : {std::vector<std::string>{"-g", "-s"}, {"-gs"}, {"-s", "--multicast"}}) {
    const auto o = ok(args);
    EXPECT_TRUE(o.multicast_statistics);
    EXPECT_FALSE(o.multicast || o.statistics);
    EXPECT_FALSE(shows_connections(o));
  }
  // Windows' -r -s shows both; BSD's -r -s is --routing-statistics or -r -s --bsd.
  const auto windows = ok({"-r", "-s"});
  EXPECT_TRUE(windows.routes && windows.statistics && !windows.routing_statistics);
  for (auto args : {std::vector<std::string>{"--routing-statistics"}, {"-rs", "--bsd"}, {"--bsd", "-s", "-r"}}) {
    const auto o = ok(args);
    EXPECT_TRUE(o.routing_statistics);
    EXPECT_FALSE(o.routes || o.statistics);
    EXPECT_FALSE(shows_connections(o));
  }
  const auto both = ok({"-m", "-g", "-e"});
  EXPECT_TRUE(both.memory && both.multicast && both.ethernet);
  EXPECT_FALSE(ok({"-r", "--bsd"}).routing_statistics);
}

struct Bad {
  std::vector<std::string> args;
  std::string names;
};

class NetstatBadArgs : public ::testing::TestWithParam<Bad> {};

TEST_P(NetstatBadArgs, OneLineNamingTheCulprit) {
  const std::string err = bad(GetParam().args);
  ASSERT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), std::string::npos) << err;
  EXPECT_NE(err.find(GetParam().names), std::string::npos) << err;
}

INSTANTIATE_TEST_SUITE_P(
    All, NetstatBadArgs,
    ::testing::Values(Bad{{"-z"}, "'-z'"}, Bad{{"-anz"}, "'-z' in '-anz'"}, Bad{{"/z"}, "'/z'"},
                      Bad{{"-Z"}, "'-Z'"}, Bad{{"--bogus"}, "'--bogus'"}, Bad{{"--all=yes"}, "--all"},
                      Bad{{"-p"}, "-p needs a protocol"}, Bad{{"-p", "-a"}, "-p needs a protocol"},
                      Bad{{"-anp"}, "-p needs a protocol"}, Bad{{"-p", "sctp"}, "'sctp'"},
                      Bad{{"-p", "tcp", "bogus"}, "'bogus'"}, Bad{{"-p", "icmp"}, "'icmp'"},
                      Bad{{"-ano", "-p", "IPv6"}, "'IPv6'"}, Bad{{"-pan"}, "'an'"},
                      Bad{{"0"}, "'0'"}, Bad{{"-5"}, "'-5'"}, Bad{{"abc"}, "'abc'"}, Bad{{"1.5"}, "'1.5'"},
                      Bad{{"+5"}, "'+5'"}, Bad{{"99999999999"}, "'99999999999'"},
                      Bad{{"15", "20"}, "20"}, Bad{{"-w"}, "-w needs a value"}, Bad{{"-w", "x"}, "'x'"},
                      Bad{{"--count", "0", "1"}, "'0'"}, Bad{{"--count", "3"}, "--count needs an interval"},
                      Bad{{"--family", "ns"}, "'ns'"}, Bad{{"--family="}, "--family"},
                      Bad{{"--family"}, "--family needs a value"}, Bad{{"-I"}, "-I needs a value"},
                      Bad{{"--interface="}, "--interface"}, Bad{{"--dns-timeout", "soon"}, "'soon'"},
                      Bad{{"--dns-timeout", "-1"}, "'-1'"}, Bad{{"/"}, "'/'"},
                      Bad{{"-a\x1b[31m"}, "\\x1b"}, Bad{{"--interfaces", "-s", "5"}, "--interfaces"},
                      Bad{{"-d", "-r", "1"}, "--interfaces"}, Bad{{"--interfaces", "-m", "2"}, "-m"},
                      Bad{{"-I", "lo", "-g", "2"}, "-g"}, Bad{{"-g", "-s", "-p", "tcp"}, "-g -s"},
                      Bad{{"-r", "-s", "--bsd", "-p", "ip"}, "-r -s --bsd"},
                      Bad{{"--routing-statistics", "-p", "tcp"}, "--routing-statistics"},
                      Bad{{"--memory=yes"}, "--memory"}, Bad{{"--multicast=1"}, "--multicast"}),
    sockscope::testing::ArgsCaseName{});

TEST(NetstatArgs, ErrorsNeverCarryRawControlBytes) {
  const std::string err = bad({"\x1b]0;x\x07"});
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << err;
  EXPECT_NE(err.find("\\x1b"), std::string::npos) << err;
}

// Quoting goes through the terminal sanitizer: C1 controls (raw or as UTF-8), bidi controls and
// invalid UTF-8 come back escaped, in every message that quotes an argument.
TEST(NetstatArgs, ErrorsEscapeC1BidiAndInvalidUtf8) {
  const std::pair<std::string, std::string> cases[] = {
      {"\x9b", "\\x9b"}, {"\xc2\x9b", "\\u009b"}, {"\xe2\x80\xae", "\\u202e"},
      {"\xe2\x81\xa6", "\\u2066"}, {"\xe2\x81\xa9", "\\u2069"}, {"\xff", "\\xff"}};
  for (const auto& [raw, escaped] : cases) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {raw}, {"-a" + raw}, {"-p", raw}, {"--family=" + raw}, {"--" + raw}, {"-w", raw}}) {
      const std::string err = bad(args);
      EXPECT_NE(err.find(escaped), std::string::npos) << escaped << ": " << err;
      EXPECT_TRUE(std::all_of(err.begin(), err.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) << err;
    }
  }
}

TEST(NetstatHelp, DocumentsEverySwitch) {
  const std::string h(sockscope::cli::netstat_help());
  for (const char* s : {"-a ", "-b ", "-e ", "-f ", "-i ", "-n ", "-o ", "-p PROTO", "-q ", "-r ", "-s ", "-t ",
                        "-v ", "-x ", "-y ", "INTERVAL", "/?", "--interfaces", "--interface IFACE", "--drops",
                        "--family", "--bsd", "--pcb", "--wait", "--count", "--dns-timeout", "EXAMPLES",
                        "-m, --memory", "-g, --multicast", "--routing-statistics",
                        "EXIT STATUS", "BSD", "Not Applicable", "InHost", "requires elevation",
                        "Can not obtain ownership information", "netstat -e -s", "netstat -s -p tcp udp"}) {
    EXPECT_NE(h.find(s), std::string::npos) << s;
  }
}

// The Linux caveats the help owes its reader, each in words a test can find (and lose).
TEST(NetstatHelp, StatesTheLinuxCaveats) {
  std::string h(sockscope::cli::netstat_help());
  // Compare as one line of words: the help wraps at 80 columns.
  std::string flat;
  for (char c : h) {
    if (c == '\n' || c == ' ') {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
    } else {
      flat += c;
    }
  }
  for (const char* s : {
           "the sums include every interface, loopback (lo) too",               // -e and lo
           "Linux does not count sent multicast or broadcast packets",          // -e sent non-unicast
           "sent \"Unicast packets\" is every packet sent",                      // ... and what is shown
           "Refs and Use show \"-\"",                                           // BSD routes
           "one row per address whose counters are \"-\"",                     // per-address counters
           "Flags that can appear: U up, G gateway, H host, R reject",          // which route flags
           "B blackhole", "D dynamic", "S static", "l local address", "b broadcast",
           "M (modified by a redirect) never appears",
           "the Windows meaning wins",                                          // letter clashes
           "BSD -i is --interfaces", "BSD -f is --family",
           "a lower bound",                                                     // -i honesty
           "no number is made up",
           "Linux keeps one set of TCP counters for IPv4 and IPv6",             // -s TCPv6
           "requires elevation", "Can not obtain ownership information",
           "Linux has no mbufs",                                                // -m
           "Linux does not show a vif's TTL threshold or rate limit",          // -g
           "CONFIG_IP_MROUTE",
           "Not kept by Linux: bad routing redirects",                         // routing statistics
       }) {
    EXPECT_NE(flat.find(s), std::string::npos) << s;
  }
}

}  // namespace
