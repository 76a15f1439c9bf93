// `sockscope list EXPRESSION` and `--filter`: the rows ss(8) selects with the same expression, the
// fields only sockscope has (process, pid, user), lone process selectors and filter errors.
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <atomic>
#include <set>
#include <string>
#include <thread>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using nlohmann::json;

namespace sockscope::testing {
namespace {

std::string host_key(std::string h) {
  if (const auto pct = h.find('%'); pct != std::string::npos) h.resize(pct);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "*" || h == "0.0.0.0" || h == "::" || h.empty()) return "any";
  return h;
}

std::string row_key(const std::string& lh, int lp, const std::string& rh, int rp) {
  return host_key(lh) + " " + std::to_string(lp) + " " + host_key(rh) + " " + std::to_string(rp);
}

using Rows = std::multiset<std::string>;

std::string show(const Rows& rows) {
  std::string out;
  for (const auto& r : rows) out += "  " + r + "\n";
  return out;
}

Rows ss_rows(const std::vector<std::string>& words) {
  std::vector<std::string> argv{"ss", "-tanH"};
  argv.insert(argv.end(), words.begin(), words.end());
  const auto r = run_command(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Rows out;
  for (const auto& line : split_lines(r.out)) {
    const auto w = split_words(line);
    if (w.size() < 4) continue;
    auto split = [](const std::string& s) {
      const auto colon = s.rfind(':');
      const std::string port = s.substr(colon + 1);
      return std::pair{s.substr(0, colon), port == "*" ? 0 : std::stoi(port)};
    };
    const auto [lh, lp] = split(w[w.size() - 2]);
    const auto [rh, rp] = split(w[w.size() - 1]);
    out.insert(row_key(lh, lp, rh, rp));
  }
  return out;
}

class ListFilter : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command({"ss", "-V"}).exit_code != 0) GTEST_SKIP() << "ss (iproute2) is not installed";
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    std::vector<int> server, client;
    for (auto [addr, port] : {std::pair{"127.0.0.1", 22}, {"127.0.0.1", 443}, {"::1", 443}, {"0.0.0.0", 8080}, {"::", 5000}}) {
      const int l = tcp_listen(addr, port);
      ASSERT_GE(l, 0) << addr << " " << port;
      server.push_back(l);
      for (int i = 0; i < 2; ++i) {
        const std::string to = std::string(addr) == "::" ? "::1" : std::string(addr) == "0.0.0.0" ? "127.0.0.1" : addr;
        const int c = tcp_connect(to, port);
        ASSERT_GE(c, 0) << to << " " << port;
        client.push_back(c);
        const int a = accept(l, nullptr, nullptr);
        ASSERT_GE(a, 0);
        server.push_back(a);
      }
    }
    // A half-closed pair: FIN-WAIT-2 on the client, CLOSE-WAIT on the server.
    const int c = tcp_connect("127.0.0.1", 8080);
    ASSERT_GE(c, 0);
    const int a = accept(server[9], nullptr, nullptr);  // the 0.0.0.0:8080 listener
    ASSERT_GE(a, 0);
    shutdown(c, SHUT_WR);
    client.push_back(c);
    server.push_back(a);
    server_ = spawn_holder("web-server", server);
    client_ = spawn_holder("web-client", client);
    usleep(50000);
  }
  void TearDown() override { kill_holders(); }

  static CommandResult list(std::vector<std::string> args) {
    args.insert(args.begin(), {"list", "-n", "-j", "-o", "local_address,local_port,remote_address,remote_port,pid"});
    return run_sockscope(args);
  }

  Rows rows(const std::vector<std::string>& args) {
    const auto r = list(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Rows out;
    if (r.exit_code != 0) return out;
    for (const auto& o : json::parse(r.out))
      out.insert(row_key(o["local_address"].get<std::string>(), o["local_port"].get<int>(),
                         o["remote_address"].get<std::string>(), o["remote_port"].get<int>()));
    return out;
  }

  pid_t server_ = 0, client_ = 0;
};

// ss(8)'s examples and more. Without state words: -a with ss's `state all`, and the default
// (connected only) with ss's `state connected`; with them, the state run replaces the default.
TEST_F(ListFilter, SelectsWhatSsSelects) {
  const std::vector<std::vector<std::string>> examples = {
      {"state", "established", "(", "dport", "=", ":ssh", "or", "sport", "=", ":ssh", ")"},
      {"state", "listening"},
      {"state", "connected", "sport", "=", ":https"},
      {"exclude", "listening", "exclude", "established"},
      {"state", "fin-wait-2", "state", "close-wait"},
      {"dst", "127.0.0.1"},
      {"src", "[::1]"},
      {"src", "127.0.0.0/8", "and", "not", "sport", "=", ":22"},
      {"sport", "gt", ":1024"},
      {"dport", ">=", ":443", "and", "dport", "<", ":8080"},
      {"( dport = :https or sport = :https )"},
      {"dst inet6:*"},
      {"! dport = :443 dport != :5000"},
  };
  for (const auto& words : examples) {
    SCOPED_TRACE(words.front() + " ...");
    const bool states = words.front() == "state" || words.front() == "exclude";
    std::vector<std::string> args = words;
    if (states) {
      const Rows ours = rows(args), ss = ss_rows(words);
      EXPECT_EQ(ours, ss) << "ours:\n" << show(ours) << "ss:\n" << show(ss);
      continue;
    }
    std::vector<std::string> all{"-a", "-p", "tcp"};
    all.insert(all.end(), words.begin(), words.end());
    std::vector<std::string> ss_all{"state", "all"}, ss_conn{"state", "connected"};
    ss_all.insert(ss_all.end(), words.begin(), words.end());
    ss_conn.insert(ss_conn.end(), words.begin(), words.end());
    const Rows ours_all = rows(all), ss_a = ss_rows(ss_all);
    EXPECT_EQ(ours_all, ss_a) << "ours:\n" << show(ours_all) << "ss:\n" << show(ss_a);
    const Rows ours_conn = rows(words), ss_c = ss_rows(ss_conn);
    EXPECT_EQ(ours_conn, ss_c) << "ours:\n" << show(ours_conn) << "ss:\n" << show(ss_c);
    EXPECT_FALSE(ss_a.empty());
  }
}

// The kernel's share (states, protocols, bytecode) changes nothing in what is listed.
TEST_F(ListFilter, PushdownKeepsTheSameRows) {
  std::vector<int> more{tcp_listen("::", 7000, 1024)};  // nobody accepts: a backlog for them all
  ASSERT_GE(more[0], 0);
  for (int i = 0; i < 100; ++i) {
    const int c = tcp_connect(i % 2 ? "::1" : "127.0.0.1", 7000);
    ASSERT_GE(c, 0);
    more.push_back(c);
  }
  more.push_back(udp_bind("127.0.0.1", 443));
  more.push_back(udp_bind("::1", 53));
  spawn_holder("many", more);
  const std::vector<std::string> exprs = {
      "dport = :7000", "sport = :7000 or dport = :5000", "dport = :443", "state listening", "src [::1] and dport > :1000",
      "not dst 127.0.0.1", "proto = udp or sport = :22", "state established process ~ many", "dport != :8080",
      "exclude established sport < :5000", "unix_path ~ x or sport = :443"};
  for (const auto& e : exprs) {
    SCOPED_TRACE(e);
    for (const auto& pre : {std::vector<std::string>{}, std::vector<std::string>{"-a"}}) {
      std::vector<std::string> args = pre;
      args.push_back(e);
      const Rows pushed = rows(args);
      setenv("SOCKSCOPE_NO_PUSHDOWN", "1", 1);
      const Rows plain = rows(args);
      unsetenv("SOCKSCOPE_NO_PUSHDOWN");
      EXPECT_EQ(pushed, plain) << "pushed:\n" << show(pushed) << "plain:\n" << show(plain);
    }
  }
}

TEST_F(ListFilter, NetstatFilterNarrowsTheConnections) {
  auto r = run_sockscope({"netstat", "-no", "--filter", "dport = :443 and process = web-client"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int rows = 0;
  for (const auto& line : split_lines(r.out)) {
    const auto w = split_words(line);
    if (w.size() < 5 || w[0] != "TCP") continue;
    ++rows;
    EXPECT_TRUE(w[2].ends_with(":443")) << line;
    EXPECT_EQ(w[4], std::to_string(client_)) << line;
  }
  EXPECT_EQ(rows, 4);
  r = run_sockscope({"netstat", "--filter", "prot = 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("filter: unknown field 'prot' at 1:1"), std::string::npos) << r.err;
}

TEST_F(ListFilter, CloseTakesAnExpressionBesideItsPattern) {
  const auto count = [] { return split_lines(run_sockscope({"list", "-a", "-n", "-H"}).out).size(); };
  const std::size_t before = count();
  auto r = run_sockscope({"close", "--dry-run", "dport = :443 and process = web-client"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = split_lines(r.out);
  EXPECT_EQ(lines.size(), 4u) << r.out;
  for (const auto& l : lines) EXPECT_NE(l.find(":443 (pid " + std::to_string(client_) + " web-client)"), std::string::npos) << l;
  r = run_sockscope({"close", "--dry-run", "sport", "=", ":22", "or", "dst", "[::1]:443"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(split_lines(r.out).size(), 4u) << r.out;
  r = run_sockscope({"close", "--dry-run", "127.0.0.1", "22", "*", "*"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(split_lines(r.out).size(), 2u) << "the CurrPorts pattern still works: " << r.out;
  r = run_sockscope({"close", "--dry-run", "prot = 1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sockscope: filter: unknown field 'prot' at 1:1; did you mean 'proto'?\n");
  EXPECT_EQ(count(), before) << "nothing was closed";
}

TEST_F(ListFilter, FilterOptionEqualsTheWords) {
  EXPECT_EQ(rows({"-f", "sport = :https or dport = :https"}), rows({"sport", "=", ":https", "or", "dport", "=", ":https"}));
  EXPECT_EQ(rows({"--filter", "state listening"}).size(), 5u);
  const auto both = list({"-f", "sport = :22", "dport", "=", ":22"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(ListFilter, SockscopeOnlyFields) {
  const auto pid_of = [&](const std::vector<std::string>& args) {
    std::set<int> pids;
    const auto r = list(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const auto& o : json::parse(r.out)) pids.insert(o["pid"].is_null() ? 0 : o["pid"].get<int>());
    return pids;
  };
  EXPECT_EQ(pid_of({"process ~ ^web-s"}), std::set<int>{server_});
  EXPECT_EQ(pid_of({"process", "=", "web-client", "and", "dport", "=", ":443"}), std::set<int>{client_});
  EXPECT_EQ(rows({"process = web-client and dport = :443"}).size(), 4u);
  EXPECT_EQ(pid_of({"pid = " + std::to_string(client_)}), std::set<int>{client_});
  // The test's own user: root in CI, nobody in the unprivileged run.
  const passwd* me = ::getpwuid(::geteuid());
  ASSERT_NE(me, nullptr);
  const std::string user = me->pw_name;
  EXPECT_EQ(rows({"-a", "user = " + user + " and state listening"}).size(), 5u);
  EXPECT_TRUE(rows({"-a", "user != " + user}).empty());
  EXPECT_EQ(rows({"state established not process ~ web"}).size(), 0u);
}

// age and the rates in a one-off list: two readings --sample apart. One connection streams data
// (its client end sends, its server end receives); the holders' connections are idle.
TEST_F(ListFilter, RatesAndAgeReadTheSocketsTwice) {
  const int l = tcp_listen("127.0.0.1", 9000);
  ASSERT_GE(l, 0);
  const int c = tcp_connect("127.0.0.1", 9000);
  ASSERT_GE(c, 0);
  const int a = accept(l, nullptr, nullptr);
  ASSERT_GE(a, 0);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    static char chunk[16384] = {};
    while (!stop && write(c, chunk, sizeof chunk) > 0) usleep(1000);  // at most ~16 MB/s
  });
  std::thread reader([&] {
    char buf[65536];
    while (read(a, buf, sizeof buf) > 0) {
    }
  });
  const auto ports = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"list", "-n", "-j", "-o", "local_port,remote_port", "--sample", "0.5"});
    const auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::pair<int, int>> out;
    if (r.exit_code == 0)
      for (const auto& o : json::parse(r.out)) out.insert({o["local_port"].get<int>(), o["remote_port"].get<int>()});
    return out;
  };
  const auto sending = ports({"send_rate > 100K"});
  const auto receiving = ports({"recv_rate > 100KB/s"});
  const auto old_ones = ports({"age >= 0.4s"});
  const auto young = ports({"age < 0.4s"});
  const auto everything = ports({});
  const auto slow = ports({"-a", "send_rate < 1K and recv_rate < 1K and dport = :443"});
  stop = true;
  shutdown(c, SHUT_RDWR);
  shutdown(a, SHUT_RDWR);
  writer.join();
  reader.join();
  for (int fd : {a, c, l}) close(fd);
  ASSERT_EQ(sending.size(), 1u);
  EXPECT_EQ(sending.begin()->second, 9000) << "the client end streams to :9000";
  ASSERT_EQ(receiving.size(), 1u);
  EXPECT_EQ(receiving.begin()->first, 9000) << "the accepted end receives";
  EXPECT_EQ(old_ones, everything) << "every connected endpoint was there at the first reading";
  EXPECT_EQ(everything.size(), 24u);
  EXPECT_TRUE(young.empty());
  EXPECT_EQ(slow.size(), 4u) << "the idle :443 clients, rates of zero";
  const auto bad = run_sockscope({"list", "--sample", "0", "age > 1s"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--sample"), std::string::npos) << bad.err;
}

TEST_F(ListFilter, LoneWordIsStillAProcess) {
  const auto by_name = rows({"web-client"});
  EXPECT_EQ(by_name.size(), 11u);
  EXPECT_EQ(rows({std::to_string(client_)}), by_name);
  EXPECT_EQ(list({"no-such-process"}).exit_code, 1);
}

TEST_F(ListFilter, BadExpressionIsOneLineWithPosition) {
  auto r = list({"prot = tcp"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "sockscope: filter: unknown field 'prot' at 1:1; did you mean 'proto'?\n");
  r = list({"sport", "=", ":nosuchservice"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("sockscope: filter: ")) << r.err;
  EXPECT_NE(r.err.find(" at 1:"), std::string::npos) << r.err;
  r = list({"-f", "proto"});
  EXPECT_EQ(r.exit_code, 2) << "a field name alone is an expression, not a process";
}

}  // namespace
}  // namespace sockscope::testing
