// Every `sockscope list` switch, checked for its effect on a small known namespace.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "netns_harness.hpp"

using nlohmann::json;
using namespace sockscope::testing;

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sa;
}

class ListSwitches : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    auto sa = loopback(80);
    ASSERT_EQ(bind(l, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    ASSERT_EQ(listen(l, 8), 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_EQ(connect(c, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    int a = accept(l, nullptr, nullptr);
    const char payload[] = "hello, sockscope";
    ASSERT_EQ(write(c, payload, sizeof payload), static_cast<ssize_t>(sizeof payload));
    char buf[64];
    ASSERT_EQ(read(a, buf, sizeof buf), static_cast<ssize_t>(sizeof payload));
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    auto us = loopback(53);
    ASSERT_EQ(bind(u, reinterpret_cast<sockaddr*>(&us), sizeof us), 0);
    server_ = spawn_holder("web-server", {l, a, u});
    client_ = spawn_holder("web-client", {c});
  }
  void TearDown() override { kill_holders(); }

  json rows(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"list", "-j", "-n"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  pid_t server_ = 0, client_ = 0;
};

TEST_F(ListSwitches, ProtoAndStateSelect) {
  auto udp = rows({"-a", "-p", "udp"});
  ASSERT_EQ(udp.size(), 1u);
  EXPECT_EQ(udp[0]["local_port"], 53);
  auto listen = rows({"-s", "listen"});
  ASSERT_EQ(listen.size(), 1u) << "--state alone makes LISTEN eligible";
  EXPECT_EQ(listen[0]["state"], "LISTEN");
  auto est = rows({"-a", "--state", "ESTAB", "-p", "tcp4"});
  EXPECT_EQ(est.size(), 2u);
  EXPECT_TRUE(rows({"-a", "-p", "tcp6"}).empty());
  EXPECT_TRUE(rows({"-p", "udp"}).empty()) << "without -a only connected UDP";
}

TEST_F(ListSwitches, ColumnsPickAndOrderKeys) {
  auto r = run_sockscope({"list", "-a", "-n", "-j", "-o", "pid,local_port", "-p", "udp"});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "[\n{\"pid\":" + std::to_string(server_) + ",\"local_port\":53}\n]\n");
}

TEST_F(ListSwitches, SortAndReverse) {
  auto asc = rows({"-a", "-p", "tcp", "--sort", "pid,local_port", "-o", "pid,local_port"});
  ASSERT_EQ(asc.size(), 3u);
  EXPECT_EQ(asc[0]["pid"], std::min(server_, client_));
  auto desc = rows({"-a", "-p", "tcp", "--sort", "pid:desc,local_port", "-o", "pid,local_port"});
  EXPECT_EQ(desc[0]["pid"], std::max(server_, client_));
  auto rev = rows({"-a", "-p", "tcp", "--sort", "pid,local_port", "-r", "-o", "pid,local_port"});
  EXPECT_EQ(rev[0], asc[2]);
  EXPECT_EQ(rev[2], asc[0]);
  auto bytes = rows({"-p", "tcp", "--sort", "bytes_received:desc", "-o", "process,bytes_received"});
  ASSERT_EQ(bytes.size(), 2u);
  EXPECT_EQ(bytes[0]["process"], "web-server") << "the side that read the payload";
  EXPECT_GE(bytes[0]["bytes_received"].get<int>(), 17);
}

TEST_F(ListSwitches, JsonLinesOneObjectPerLine) {
  auto r = run_sockscope({"list", "-a", "-n", "--jsonl", "-o", "proto,local_port"});
  ASSERT_EQ(r.exit_code, 0);
  std::size_t lines = 0;
  for (std::size_t pos = 0; pos < r.out.size();) {
    auto end = r.out.find('\n', pos);
    auto obj = json::parse(r.out.substr(pos, end - pos));
    EXPECT_TRUE(obj.is_object());
    ++lines;
    pos = end + 1;
  }
  EXPECT_EQ(lines, 4u);
}

TEST_F(ListSwitches, CsvHeaderAndNoHeader) {
  auto r = run_sockscope({"list", "-a", "-n", "-c", "-p", "udp", "-o", "proto,local_port,process"});
  EXPECT_EQ(r.out, "proto,local_port,process\r\nudp,53,web-server\r\n");
  auto h = run_sockscope({"list", "-a", "-n", "-c", "-H", "-p", "udp", "-o", "proto,local_port,process"});
  EXPECT_EQ(h.out, "udp,53,web-server\r\n");
  auto t = run_sockscope({"list", "-a", "-n", "-H", "-p", "udp", "-o", "proto,local_port"});
  EXPECT_EQ(t.out.find("Proto"), std::string::npos) << t.out;
}

TEST_F(ListSwitches, TableFitsWidthUnlessWide) {
  const std::vector<std::string> base = {"list", "-a", "-n", "-o", "proto,local,remote,state,pid,process,exe,cmdline"};
  auto fits = [](const std::string& out, std::size_t width) {
    std::size_t pos = 0, widest = 0;
    while (pos < out.size()) {
      auto end = out.find('\n', pos);
      std::string line = out.substr(pos, end - pos);
      std::size_t cols = 0;
      for (unsigned char ch : line) cols += (ch & 0xC0) != 0x80;  // UTF-8 code points
      widest = std::max(widest, cols);
      pos = end + 1;
    }
    return widest <= width;
  };
  auto piped = run_sockscope(base);
  EXPECT_TRUE(fits(piped.out, 80)) << "80 columns when not a terminal:\n" << piped.out;
  auto narrow = run_sockscope({"list", "-a", "-n", "--width", "40", "-o", "local,remote,process,cmdline"});
  EXPECT_TRUE(fits(narrow.out, 40)) << narrow.out;
  auto wide = base;
  wide.push_back("-W");
  auto w = run_sockscope(wide);
  // The holders are forks of this test program: its path and command line are the exe and cmdline.
  char self[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", self, sizeof self - 1), 0);
  EXPECT_NE(w.out.find(self), std::string::npos) << "full executable path, uncut:\n" << w.out;
}

TEST_F(ListSwitches, ColourOnlyOnATerminalAndNeverWithNoColor) {
  auto piped = run_sockscope({"list", "-a", "-n"});
  EXPECT_EQ(piped.out.find('\x1b'), std::string::npos) << "no colour in a pipe";
  auto forced = run_sockscope({"list", "-a", "-n", "--color", "always"});
  EXPECT_NE(forced.out.find("\x1b["), std::string::npos);
  auto never = run_sockscope({"list", "-a", "-n", "--color", "never"});
  EXPECT_EQ(never.out.find('\x1b'), std::string::npos);
  // On a pseudo-terminal (script(1)), colour by default; with NO_COLOR none.
  const std::string cmd = std::string(SOCKSCOPE_BINARY) + " list -a -n";
  auto tty = run_command({"script", "-qec", cmd, "/dev/null"});
  if (tty.exit_code == 127) GTEST_SKIP() << "script(1) not available";
  EXPECT_NE(tty.out.find("\x1b["), std::string::npos) << "colour on a terminal";
  auto no_color = run_command({"env", "NO_COLOR=1", "script", "-qec", cmd, "/dev/null"});
  EXPECT_EQ(no_color.out.find("\x1b["), std::string::npos) << "NO_COLOR on a terminal";
}

TEST_F(ListSwitches, VerboseNamesTheSource) {
  auto nl = run_sockscope({"list", "-a", "-n", "-v"});
  EXPECT_NE(nl.err.find("netlink"), std::string::npos) << nl.err;
  auto proc = run_sockscope({"list", "-a", "-n", "-v", "--source", "proc"});
  EXPECT_NE(proc.err.find("/proc/net"), std::string::npos) << proc.err;
  auto quiet = run_sockscope({"list", "-a", "-n", "--source", "proc"});
  EXPECT_EQ(quiet.err.find("/proc/net"), std::string::npos) << "said only in verbose mode";
}

TEST_F(ListSwitches, NamesFromHostsAndServicesWithinTheDnsBound) {
  // No DNS server answers in this namespace: loopback is named from /etc/hosts, ports from
  // /etc/services, and the whole run still ends within the bound.
  auto start = std::chrono::steady_clock::now();
  auto r = run_sockscope({"list", "-a", "-p", "tcp", "--dns-timeout", "1", "--dns-server", "127.0.0.1:5353",
                          "-o", "local,remote,local_name,local_service"});
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(took, std::chrono::milliseconds(2500));
  EXPECT_NE(r.out.find("localhost:http"), std::string::npos) << r.out;
  auto numeric = run_sockscope({"list", "-a", "-n", "-p", "tcp", "-o", "local"});
  EXPECT_EQ(numeric.out.find("localhost"), std::string::npos) << numeric.out;
  EXPECT_NE(numeric.out.find("127.0.0.1:80"), std::string::npos) << numeric.out;
}

TEST_F(ListSwitches, WithoutPrivilegeOwnersAreUnknownAndSaidOnce) {
  // As nobody, root's processes cannot be inspected: rows stay, owners go, one note explains.
  auto r = run_command({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", SOCKSCOPE_BINARY, "list",
                        "--netns", "current", "-a", "-n", "-j", "-o", "local_port,pid"});
  if (r.exit_code == 127) GTEST_SKIP() << "setpriv not available";
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  EXPECT_EQ(j.size(), 4u);
  for (const auto& row : j) EXPECT_TRUE(row["pid"].is_null()) << row.dump();
  EXPECT_NE(r.err.find("without a known owner"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("root"), std::string::npos) << "says why: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "once: " << r.err;
}

}  // namespace
