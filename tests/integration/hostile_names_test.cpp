// Hostile process names (chosen with prctl) reach CSV, JSON and tables escaped, never raw.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "netns_harness.hpp"

using namespace sockscope::testing;

namespace {

int udp_bound(int port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 ? fd : -1;
}

class HostileNames : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    spawn_holder("\x1b]0;pwn\x07\n", {udp_bound(9001)});   // terminal title escape + newline
    spawn_holder("=HYPERLINK(1)", {udp_bound(9002)});      // spreadsheet formula
    spawn_holder("a,b\"c\xff\xfe", {udp_bound(9003)});     // CSV specials + invalid UTF-8
  }
  void TearDown() override { kill_holders(); }
};

TEST_F(HostileNames, JsonIsValidUtf8AndKeepsTheText) {
  auto r = run_sockscope({"list", "-a", "-n", "-j", "-p", "udp", "-o", "local_port,process"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = nlohmann::json::parse(r.out);  // throws on invalid UTF-8 or bad escapes
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["process"], "\x1b]0;pwn\x07\n");
  EXPECT_EQ(rows[1]["process"], "=HYPERLINK(1)");
  EXPECT_EQ(rows[2]["process"], "a,b\"c\xef\xbf\xbd\xef\xbf\xbd") << "invalid bytes become U+FFFD";
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no raw ESC in JSON";
}

TEST_F(HostileNames, CsvIsQuotedAndNeutralised) {
  auto r = run_sockscope({"list", "-a", "-n", "-c", "-p", "udp", "-o", "local_port,process"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no raw ESC in CSV";
  EXPECT_NE(r.out.find("9002,'=HYPERLINK(1)\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9003,\"a,b\"\"c\xef\xbf\xbd\xef\xbf\xbd\"\r\n"), std::string::npos) << r.out;
}

TEST_F(HostileNames, TableEscapesControlBytes) {
  auto r = run_sockscope({"list", "-a", "-n", "-W", "-p", "udp", "-o", "local_port,process"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "no raw ESC on a terminal";
  EXPECT_EQ(r.out.find('\x07'), std::string::npos);
  EXPECT_NE(r.out.find("\\x1b]0;pwn\\x07\\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a,b\"c\\xff\\xfe"), std::string::npos) << r.out;
  // Header plus one line per socket: the newline in the name did not split a row.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
}

}  // namespace
