// sockscope list against the kernel: sockets made by child processes in a private netns,
// compared with what we made and with ss's view of the same namespace.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using nlohmann::json;
using namespace sockscope::testing;

namespace {

// One row reduced to what both tools can say: (netid, state, local port, remote port, owner pids).
using Key = std::tuple<std::string, std::string, int, int, std::set<int>>;

std::string ss_state(const std::string& state) {
  static const std::map<std::string, std::string> names = {
      {"ESTABLISHED", "ESTAB"}, {"LISTEN", "LISTEN"}, {"TIME_WAIT", "TIME-WAIT"},
      {"UNCONN", "UNCONN"}, {"CLOSE_WAIT", "CLOSE-WAIT"}, {"SYN_SENT", "SYN-SENT"},
      {"FIN_WAIT1", "FIN-WAIT-1"}, {"FIN_WAIT2", "FIN-WAIT-2"}, {"LAST_ACK", "LAST-ACK"}};
  auto it = names.find(state);
  return it == names.end() ? state : it->second;
}

int port_of(const std::string& addr_port) {
  auto colon = addr_port.rfind(':');
  if (colon == std::string::npos) return -1;
  std::string p = addr_port.substr(colon + 1);
  return p == "*" ? 0 : std::stoi(p);
}

std::multiset<Key> keys_from_ss(const std::string& text) {
  std::multiset<Key> keys;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string netid, state, rq, sq, local, peer, rest;
    f >> netid >> state >> rq >> sq >> local >> peer;
    std::getline(f, rest);
    std::set<int> pids;
    for (std::size_t at = rest.find("pid="); at != std::string::npos; at = rest.find("pid=", at + 4)) {
      pids.insert(std::stoi(rest.substr(at + 4)));
    }
    keys.emplace(netid, state, port_of(local), port_of(peer), pids);
  }
  return keys;
}

std::multiset<Key> keys_from_json(const json& rows) {
  std::multiset<Key> keys;
  for (const auto& r : rows) {
    std::string proto = r.at("proto");
    if (proto != "tcp" && proto != "tcp6" && proto != "udp" && proto != "udp6") continue;
    std::set<int> pids;
    for (const auto& p : r.at("pids")) pids.insert(p.get<int>());
    keys.emplace(proto.substr(0, 3), ss_state(r.at("state")), r.at("local_port").get<int>(),
                 r.at("remote_port").get<int>(), pids);
  }
  return keys;
}

class ListNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    char tmpl[] = "/tmp/sockscope-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;

    // Server side: listeners, an accepted connection, UDP, IPv6, UNIX.
    int l4 = tcp_listen("127.0.0.1", 7001);
    int l6 = tcp_listen("::1", 7002);
    int lany6 = tcp_listen("::", 7006);
    ASSERT_GE(l4, 0);
    ASSERT_GE(l6, 0);
    ASSERT_GE(lany6, 0);
    int c4 = tcp_connect("127.0.0.1", 7001);
    int c6 = tcp_connect("::1", 7002);
    int cmapped = tcp_connect("::ffff:127.0.0.1", 7006);
    ASSERT_GE(c4, 0);
    ASSERT_GE(c6, 0);
    ASSERT_GE(cmapped, 0);
    int a4 = accept(l4, nullptr, nullptr);
    int a6 = accept(l6, nullptr, nullptr);
    int amapped = accept(lany6, nullptr, nullptr);
    int u4 = udp_bind("127.0.0.1", 7003);
    int u6 = udp_bind("::", 7004);
    ASSERT_GE(u4, 0);
    ASSERT_GE(u6, 0);
    unix_path_ = dir_ + "/server.sock";
    int ux = unix_listen(unix_path_);
    int uxa = unix_listen("@sockscope-test-abstract");
    ASSERT_GE(ux, 0);
    ASSERT_GE(uxa, 0);
    listen_inode_ = socket_inode(l4);

    // A TIME_WAIT: the side that closes first keeps it, and nobody holds it.
    int lt = tcp_listen("127.0.0.1", 7005);
    int ct = tcp_connect("127.0.0.1", 7005);
    int at = accept(lt, nullptr, nullptr);
    close(ct);
    close(at);
    close(lt);

    server_ = spawn_holder("ss-server", {l4, l6, lany6, a4, a6, amapped, u4, ux, uxa});
    client_ = spawn_holder("ss-client", {c4, c6, cmapped});
    // One UDP socket held by two processes, as after fork.
    int dup = ::dup(u6);
    shared_a_ = spawn_holder("ss-shared-a", {u6});
    shared_b_ = spawn_holder("ss-shared-b", {dup});
    ASSERT_TRUE(wait_until([] {
      return run_command({"ss", "-tanH", "state", "time-wait"}).out.find("7005") != std::string::npos;
    })) << "no TIME_WAIT appeared";
  }

  void TearDown() override {
    kill_holders();
    if (!dir_.empty()) run_command({"rm", "-rf", dir_});
  }

  json list_json(std::vector<std::string> args) {
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  std::string dir_, unix_path_;
  pid_t server_ = 0, client_ = 0, shared_a_ = 0, shared_b_ = 0;
  std::uint64_t listen_inode_ = 0;
};

const json* find_row(const json& rows, const std::string& proto, const std::string& state, int lport,
                     int rport = -1) {
  for (const auto& r : rows) {
    if (r.at("proto") == proto && r.at("state") == state && r.at("local_port") == lport &&
        (rport < 0 || r.at("remote_port") == rport)) {
      return &r;
    }
  }
  return nullptr;
}

TEST_F(ListNetns, ShowsExactlyTheSocketsWeMadeWithOwners) {
  json rows = list_json({"list", "-a", "-j", "-n"});
  ASSERT_TRUE(rows.is_array());

  const json* l4 = find_row(rows, "tcp", "LISTEN", 7001);
  ASSERT_NE(l4, nullptr);
  EXPECT_EQ((*l4)["local_address"], "127.0.0.1");
  EXPECT_EQ((*l4)["pid"], server_);
  EXPECT_EQ((*l4)["process"], "ss-server");
  EXPECT_EQ((*l4)["inode"], listen_inode_);

  const json* l6 = find_row(rows, "tcp6", "LISTEN", 7002);
  ASSERT_NE(l6, nullptr);
  EXPECT_EQ((*l6)["local_address"], "::1");

  const json* est = find_row(rows, "tcp", "ESTABLISHED", 7001);
  ASSERT_NE(est, nullptr) << "accepted side of 127.0.0.1:7001";
  EXPECT_EQ((*est)["process"], "ss-server");
  const json* cli = find_row(rows, "tcp", "ESTABLISHED", (*est)["remote_port"].get<int>(), 7001);
  ASSERT_NE(cli, nullptr) << "client side";
  EXPECT_EQ((*cli)["process"], "ss-client");
  EXPECT_EQ((*cli)["pid"], client_);

  const json* mapped = find_row(rows, "tcp6", "ESTABLISHED", 7006);
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ((*mapped)["local_address"], "::ffff:127.0.0.1") << "v4-mapped IPv6 shown as such";

  const json* tw = find_row(rows, "tcp", "TIME_WAIT", -1, 7005);
  if (!tw) {
    for (const auto& r : rows)
      if (r["state"] == "TIME_WAIT") tw = &r;
  }
  ASSERT_NE(tw, nullptr);
  EXPECT_TRUE((*tw)["pid"].is_null()) << "TIME_WAIT has no owner";
  EXPECT_TRUE((*tw)["pids"].empty());

  const json* u4 = find_row(rows, "udp", "UNCONN", 7003);
  ASSERT_NE(u4, nullptr);
  EXPECT_EQ((*u4)["process"], "ss-server");
  const json* u6 = find_row(rows, "udp6", "UNCONN", 7004);
  ASSERT_NE(u6, nullptr);
  std::set<int> shared;
  for (const auto& p : (*u6)["pids"]) shared.insert(p.get<int>());
  EXPECT_EQ(shared, (std::set<int>{shared_a_, shared_b_})) << "a socket held by two processes lists both";

  bool saw_path = false, saw_abstract = false;
  for (const auto& r : rows) {
    if (r["proto"] != "unix") continue;
    if (r["local_address"] == unix_path_) saw_path = r["state"] == "LISTEN" && r["process"] == "ss-server";
    if (r["local_address"] == "@sockscope-test-abstract") saw_abstract = r["state"] == "LISTEN";
  }
  EXPECT_TRUE(saw_path) << "UNIX listener on " << unix_path_;
  EXPECT_TRUE(saw_abstract) << "abstract UNIX listener";

  // Exactly ours: 3 listeners + 6 connection ends + TIME_WAIT + 2 UDP, + 2 UNIX.
  std::size_t inet = 0, unix_rows = 0;
  for (const auto& r : rows) (r["proto"] == "unix" ? unix_rows : inet)++;
  EXPECT_EQ(inet, 12u) << rows.dump(1);
  EXPECT_EQ(unix_rows, 2u) << rows.dump(1);
}

TEST_F(ListNetns, AgreesWithSs) {
  json rows = list_json({"list", "-a", "-j", "-n", "-p", "tcp,udp"});
  auto ss = run_command({"ss", "-tuanpH"});
  ASSERT_EQ(ss.exit_code, 0) << ss.err;
  EXPECT_EQ(keys_from_json(rows), keys_from_ss(ss.out)) << "sockscope:\n" << rows.dump(1) << "\nss:\n" << ss.out;
}

TEST_F(ListNetns, ProcFallbackGivesTheSameRows) {
  // /proc/net/unix has no uid column, so UNIX rows are compared without it.
  auto args = [&](const char* source, const char* protos, const char* cols) {
    return std::vector<std::string>{"list", "-a", "-j", "-n", "--source", source, "-p", protos, "-o", cols};
  };
  const char* inet_cols = "proto,state,local_address,local_port,remote_address,remote_port,inode,uid,pids";
  json inet_netlink = list_json(args("netlink", "tcp,udp", inet_cols));
  json inet_proc = list_json(args("proc", "tcp,udp", inet_cols));
  EXPECT_EQ(inet_netlink.size(), 12u);
  EXPECT_EQ(inet_netlink, inet_proc);
  const char* unix_cols = "proto,state,local_address,unix_type,inode,pids";
  json unix_netlink = list_json(args("netlink", "unix", unix_cols));
  json unix_proc = list_json(args("proc", "unix", unix_cols));
  EXPECT_EQ(unix_netlink.size(), 2u);
  EXPECT_EQ(unix_netlink, unix_proc);
}

TEST_F(ListNetns, DefaultShowsConnectedTcpOnly) {
  json rows = list_json({"list", "-j", "-n"});
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    EXPECT_TRUE(r["proto"] == "tcp" || r["proto"] == "tcp6") << r.dump();
    EXPECT_NE(r["state"], "LISTEN") << r.dump();
  }
  EXPECT_EQ(rows.size(), 7u) << rows.dump(1);  // 6 connection ends + the TIME_WAIT
}

TEST_F(ListNetns, ProcessArgumentSelectsByNameOrPid) {
  json by_name = list_json({"list", "-a", "-j", "-n", "ss-client"});
  ASSERT_EQ(by_name.size(), 3u) << by_name.dump(1);
  for (const auto& r : by_name) EXPECT_EQ(r["pid"], client_);
  json by_pid = list_json({"list", "-a", "-j", "-n", std::to_string(client_)});
  EXPECT_EQ(by_name, by_pid);
  auto none = run_sockscope({"list", "-a", "no-such-process-xyz"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("no matching process"), std::string::npos) << none.err;
  EXPECT_TRUE(none.out.empty());
}

TEST_F(ListNetns, InvokedAsTcpvcon) {
  std::string link = dir_ + "/tcpvcon";
  ASSERT_EQ(symlink(SOCKSCOPE_BINARY, link.c_str()), 0);
  auto r = run_command({link, "-a", "-c", "-n", "ss-server"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("proto,", 0), 0u) << "CSV header first: " << r.out;
  EXPECT_NE(r.out.find("ss-server"), std::string::npos);
  EXPECT_EQ(r.out.find("ss-client"), std::string::npos);
}

}  // namespace
