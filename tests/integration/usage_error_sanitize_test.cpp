// Usage errors of every command (list, watch, close, netstat, the top level, tcpvcon and tcpview)
// that echo a hostile argument: C1 controls, bidi overrides and invalid UTF-8 never reach stderr raw.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "case_names.hpp"
#include "netns_harness.hpp"

using namespace sockscope::testing;
namespace fs = std::filesystem;

namespace {

// A hostile piece and how the terminal sanitizer must write it.
struct Payload {
  std::string raw;
  std::string escaped;
};

const std::vector<Payload>& payloads() {
  static const std::vector<Payload> all{
      {"\x9b", "\\x9b"},                  // a raw C1 byte: CSI on 8-bit terminals
      {"\x85", "\\x85"},                  // raw NEL
      {"\x90", "\\x90"},                  // raw DCS
      {"\x9d", "\\x9d"},                  // raw OSC
      {"\xc2\x9b", "\\u009b"},            // U+009B, CSI as UTF-8
      {"\xc2\x85", "\\u0085"},            // U+0085, NEL as UTF-8
      {"\xe2\x80\xae", "\\u202e"},        // RIGHT-TO-LEFT OVERRIDE
      {"\xe2\x81\xa6", "\\u2066"},        // LEFT-TO-RIGHT ISOLATE
      {"\xe2\x81\xa7", "\\u2067"},        // RIGHT-TO-LEFT ISOLATE
      {"\xe2\x81\xa8", "\\u2068"},        // FIRST STRONG ISOLATE
      {"\xe2\x81\xa9", "\\u2069"},        // POP DIRECTIONAL ISOLATE
      {"\xff", "\\xff"},                  // never valid in UTF-8
      {"\xc0\xaf", "\\xc0\\xaf"},         // overlong '/'
      {"\xed\xa0\x80", "\\xed\\xa0\\x80"},  // a surrogate
      {"\xe2\x80", "\\xe2\\x80"},         // truncated sequence
      {"\x1b[2J\x07\r\n", "\\x1b[2J\\x07\\r\\n"},
  };
  return all;
}

// True when `err` holds a byte a terminal could act on: any C0 control but the final newline, DEL,
// or any byte >= 0x80 (every non-ASCII payload above is hostile, so none may survive unescaped).
bool has_raw_hostile_byte(const std::string& err) {
  for (std::size_t i = 0; i < err.size(); ++i) {
    const auto b = static_cast<unsigned char>(err[i]);
    if (b == '\n' && i + 1 == err.size()) continue;
    if (b < 0x20 || b >= 0x7f) return true;
  }
  return false;
}

struct HostileUsage {
  std::string program;            // argv[0]'s name: sockscope, tcpvcon or tcpview
  std::vector<std::string> args;  // "@" is replaced by "A" + payload + "Z"
  bool echoes = true;             // the message names the argument (then escaped)
  friend void PrintTo(const HostileUsage& h, std::ostream* os) {
    *os << h.program;
    for (const auto& a : h.args) *os << ' ' << a;
  }
};

struct CaseName {
  std::string operator()(const ::testing::TestParamInfo<HostileUsage>& info) const {
    struct Args {
      std::vector<std::string> args;
    } named{{info.param.program}};
    named.args.insert(named.args.end(), info.param.args.begin(), info.param.args.end());
    return ArgsCaseName{}(::testing::TestParamInfo<Args>(named, info.index));
  }
};

class UsageErrorSanitize : public ::testing::TestWithParam<HostileUsage> {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("sockscope-usage-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    for (const char* name : {"tcpvcon", "tcpview"}) fs::create_symlink(SOCKSCOPE_BINARY, dir_ / name);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
};
fs::path UsageErrorSanitize::dir_;

TEST_P(UsageErrorSanitize, EscapedOneLineExit2) {
  const HostileUsage& c = GetParam();
  const std::string binary = c.program == "sockscope" ? std::string(SOCKSCOPE_BINARY) : (dir_ / c.program).string();
  for (const Payload& p : payloads()) {
    std::vector<std::string> argv{binary};
    for (const auto& a : c.args) {
      std::string arg = a;
      if (auto at = arg.find('@'); at != std::string::npos) arg.replace(at, 1, "A" + p.raw + "Z");
      argv.push_back(arg);
    }
    SCOPED_TRACE("payload escaped as " + p.escaped);
    const CommandResult r = run_command(argv);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    ASSERT_FALSE(r.err.empty());
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "exactly one line: " << r.err;
    EXPECT_FALSE(has_raw_hostile_byte(r.err)) << r.err;
    if (c.echoes) {
      EXPECT_NE(r.err.find("A" + p.escaped + "Z"), std::string::npos) << "names it escaped: " << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, UsageErrorSanitize,
    ::testing::Values(
        // The top level hands unknown words to list.
        HostileUsage{"sockscope", {"--@"}}, HostileUsage{"sockscope", {"-@"}},
        HostileUsage{"sockscope", {"@", "=", "1"}, false},
        // list
        HostileUsage{"sockscope", {"list", "--@"}}, // Filter expressions: the lexer cuts a word at bytes it does not take (the payload may be only
        // partly named), but whatever is named is escaped.
        HostileUsage{"sockscope", {"list", "@", "=", "1"}, false},
        HostileUsage{"sockscope", {"list", "-f", "@ = 1"}, false}, HostileUsage{"sockscope", {"netstat", "--filter", "@ = 1"}, false},
        HostileUsage{"sockscope", {"history", "--db", "/nonexistent/h.db", "@ = 1"}, false},
        HostileUsage{"sockscope", {"list", "--netns", "@"}}, HostileUsage{"sockscope", {"netstat", "--netns", "@"}},
        HostileUsage{"sockscope", {"list", "-p", "@"}}, HostileUsage{"sockscope", {"list", "--state", "@"}},
        HostileUsage{"sockscope", {"list", "--sort", "@"}}, HostileUsage{"sockscope", {"list", "--sort", "pid:@"}},
        HostileUsage{"sockscope", {"list", "-o", "@"}}, HostileUsage{"sockscope", {"list", "--color", "@"}},
        HostileUsage{"sockscope", {"list", "--source", "@"}},
        HostileUsage{"sockscope", {"list", "--owners-from", "@"}},
        HostileUsage{"sockscope", {"list", "--dns-timeout", "@"}},
        HostileUsage{"sockscope", {"list", "--dns-server", "@"}},
        HostileUsage{"sockscope", {"list", "--width", "@"}},
        // tcpvcon is list under another name.
        HostileUsage{"tcpvcon", {"--@"}}, HostileUsage{"tcpvcon", {"-p", "@"}},
        // watch, and tcpview
        HostileUsage{"sockscope", {"watch", "--@"}}, HostileUsage{"sockscope", {"watch", "@"}},
        HostileUsage{"sockscope", {"watch", "--interval", "@"}},
        HostileUsage{"sockscope", {"watch", "--highlight", "@"}},
        HostileUsage{"sockscope", {"watch", "-p", "@"}}, HostileUsage{"sockscope", {"watch", "--color", "@"}},
        HostileUsage{"sockscope", {"watch", "--owners-from", "@"}},
        HostileUsage{"tcpview", {"--@"}}, HostileUsage{"tcpview", {"--color", "@"}},
        // close
        HostileUsage{"sockscope", {"close", "--@"}}, HostileUsage{"sockscope", {"close", "@", "1", "2", "3"}},
        HostileUsage{"sockscope", {"close", "*", "@", "*", "*"}},
        HostileUsage{"sockscope", {"close", "--local", "@"}}, HostileUsage{"sockscope", {"close", "--remote", "@"}},
        HostileUsage{"sockscope", {"close", "--local-port", "@"}},
        HostileUsage{"sockscope", {"close", "--remote-port", "@"}},
        HostileUsage{"sockscope", {"close", "--pid", "@"}}, HostileUsage{"sockscope", {"close", "-p", "@"}},
        HostileUsage{"sockscope", {"close", "-s", "@"}},
        // netstat: its own parser
        HostileUsage{"sockscope", {"netstat", "@"}}, HostileUsage{"sockscope", {"netstat", "+@"}},
        HostileUsage{"sockscope", {"netstat", "-@"}}, HostileUsage{"sockscope", {"netstat", "/@"}},
        HostileUsage{"sockscope", {"netstat", "--@"}}, HostileUsage{"sockscope", {"netstat", "-p", "@"}},
        HostileUsage{"sockscope", {"netstat", "-s", "-p", "@"}},
        HostileUsage{"sockscope", {"netstat", "-w", "@"}}, HostileUsage{"sockscope", {"netstat", "--wait=@"}},
        HostileUsage{"sockscope", {"netstat", "--family=@"}},
        HostileUsage{"sockscope", {"netstat", "5", "--count=@"}},
        HostileUsage{"sockscope", {"netstat", "--dns-timeout=@"}},
        HostileUsage{"sockscope", {"netstat", "-I", "@"}}),
    CaseName{});

// Each raw byte that starts a one-byte C1 control, alone as netstat's argument (the bug: netstat's
// own quoting passed 0x80-0x9f through).
TEST(UsageErrorSanitizeC1, EveryRawC1ByteEscapedInNetstat) {
  for (int b = 0x80; b <= 0x9f; ++b) {
    const std::string arg(1, static_cast<char>(b));
    const CommandResult r = run_sockscope({"netstat", arg});
    EXPECT_EQ(r.exit_code, 2) << b;
    EXPECT_FALSE(has_raw_hostile_byte(r.err)) << b << ": " << r.err;
  }
}

}  // namespace
