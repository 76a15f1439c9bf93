// Command-line behaviour that needs no sockets: help, version, and every bad switch or value.
#include <gtest/gtest.h>

#include "case_names.hpp"

#include <cctype>
#include <string>
#include <vector>

#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

struct BadUsage {
  std::vector<std::string> args;
  std::string names;  // the bad part the one-line error must name
  friend void PrintTo(const BadUsage& b, std::ostream* os) {
    for (const auto& a : b.args) *os << a << ' ';
  }
};

class CliBadUsage : public ::testing::TestWithParam<BadUsage> {};

TEST_P(CliBadUsage, OneLineErrorNamingItAndExit2) {
  const auto& c = GetParam();
  auto r = run_sockscope(c.args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
  EXPECT_NE(r.err.find(c.names), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--help"), std::string::npos) << "points to --help: " << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    All, CliBadUsage,
    ::testing::Values(BadUsage{{"list", "--bogus"}, "--bogus"},
                      BadUsage{{"-Z"}, "-Z"},
                      BadUsage{{"list", "-p", "sctp"}, "sctp"},
                      BadUsage{{"list", "-p", "tcp,bogo"}, "bogo"},
                      BadUsage{{"list", "--state", "dancing"}, "dancing"},
                      BadUsage{{"list", "--sort", "nosuchcol"}, "nosuchcol"},
                      BadUsage{{"list", "--sort", "pid:sideways"}, "sideways"},
                      BadUsage{{"list", "-o", "pid,wat"}, "wat"},
                      BadUsage{{"list", "--color", "purple"}, "purple"},
                      BadUsage{{"list", "--source", "magic"}, "magic"},
                      BadUsage{{"list", "--owners-from", "bpf"}, "bpf"},
                      BadUsage{{"watch", "--owners-from", "kernel"}, "kernel"},
                      BadUsage{{"list", "--dns-timeout", "-1"}, "--dns-timeout"},
                      BadUsage{{"list", "--dns-timeout", "soon"}, "soon"},
                      BadUsage{{"list", "--width", "5"}, "--width"},
                      BadUsage{{"list", "-c", "-j"}, "--csv"},
                      BadUsage{{"list", "--dns-server", "not an address"}, "not an address"},
                      BadUsage{{"list", "--netns", "0"}, "--netns 0"},
                      BadUsage{{"list", "--netns", "all", "--netns", ".."}, "--netns .."},
                      BadUsage{{"list", "--netns", "sockscope-no-such-ns"}, "sockscope-no-such-ns"},
                      BadUsage{{"watch", "--netns", "99999999999"}, "99999999999"},
                      BadUsage{{"close", "--netns", "..", "*", "*", "*", "*"}, "--netns .."}),
    sockscope::testing::ArgsCaseName{});

// netstat's own convention points to /? rather than --help.
TEST(Cli, NetstatBadNetnsIsOneLineAndExit2) {
  for (const char* value : {"0", "sockscope-no-such-ns"}) {
    auto r = run_sockscope({"netstat", "--netns", value});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "sockscope netstat: --netns " + std::string(value) + ": " +
                         (value[0] == '0' ? "not a process ID" : "no network namespace of that name (see ip netns list)") +
                         "; see 'sockscope netstat /?'\n");
  }
}

TEST(Cli, VersionPrintsNameAndVersion) {
  auto r = run_sockscope({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  // The first line is name and version; build parts and libraries follow (tests/version_check.cmake).
  EXPECT_TRUE(r.out.starts_with(std::string("sockscope ") + SOCKSCOPE_VERSION + "\neBPF: ")) << r.out;
}

TEST(Cli, TopHelpListsCommandsAndExitCodes) {
  auto r = run_sockscope({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  // Each command on its own line of the COMMANDS section, with a summary: the names alone are
  // all over the help (description, examples), so finding them anywhere proves nothing.
  const auto begin = r.out.find("\nCOMMANDS\n"), end = r.out.find("\n\nOPTIONS\n");
  ASSERT_NE(begin, std::string::npos) << r.out;
  ASSERT_NE(end, std::string::npos) << r.out;
  const std::string commands = r.out.substr(begin, end - begin + 1);
  for (const char* name : {"list", "netstat", "close", "watch", "record", "history"}) {
    const std::string line = "\n  " + std::string(name) + " ";
    const auto at = commands.find(line);
    ASSERT_NE(at, std::string::npos) << name << " not listed in\n" << commands;
    const auto eol = commands.find('\n', at + 1);
    EXPECT_GT(eol - at, line.size() + 10) << name << " has no summary: " << commands.substr(at, eol - at);
  }
  EXPECT_NE(r.out.find("EXIT STATUS"), std::string::npos);
  EXPECT_NE(r.out.find("tcpvcon"), std::string::npos);
}

TEST(Cli, ListHelpDocumentsEveryOption) {
  auto r = run_sockscope({"list", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--all", "--numeric", "--csv", "--json", "--jsonl", "--proto", "--state", "--sort",
                          "--reverse", "--columns", "--wide", "--width", "--no-header", "--color",
                          "--dns-timeout", "--dns-server", "--source", "--owners-from", "--verbose", "--list-columns",
                          "PROCESS|PID", "EXAMPLES", "STATES"}) {
    EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
  }
}

TEST(Cli, ListColumnsNamesEveryColumnOnce) {
  auto r = run_sockscope({"list", "--list-columns"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* col : {"proto", "state", "local_address", "local_port", "remote_address", "remote_port",
                          "pid", "process", "pids", "exe", "cmdline", "inode", "bytes_received", "rtt_ms"}) {
    EXPECT_NE(r.out.find(std::string("\n") + col + " "), std::string::npos) << col << " in\n" << r.out;
  }
}

TEST(Cli, ManPageDocumentsEveryColumnAndOption) {
  auto cols = run_sockscope({"list", "--list-columns"});
  std::string man;
  {
    FILE* f = std::fopen(SOCKSCOPE_MANPAGE, "r");
    ASSERT_NE(f, nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) man.append(buf, n);
    std::fclose(f);
  }
  std::size_t pos = 0;
  while (pos < cols.out.size()) {
    auto end = cols.out.find('\n', pos);
    std::string line = cols.out.substr(pos, end - pos);
    pos = end == std::string::npos ? cols.out.size() : end + 1;
    if (line.empty() || line[0] == ' ' || line.rfind("COLUMN", 0) == 0) continue;
    std::string id = line.substr(0, line.find(' '));
    std::string roff;
    for (char c : id) roff += c == '_' ? std::string("_") : std::string(1, c);
    EXPECT_NE(man.find(".B " + id), std::string::npos) << "man page lacks column " << id;
  }
}

}  // namespace
