// The query language against the kernel and ss(8): in a private netns with sockets in many states,
// v4 and v6, the kernel's bytecode filter, our evaluator and `ss -tuan` keep the same sockets.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

#include "collect/netlink_diag.hpp"
#include "logic/query_bytecode.hpp"
#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"
#include "netns_harness.hpp"
#include "resolve/cgroup_paths.hpp"
#include "query_gen.hpp"
#include "test_sockets.hpp"

namespace sockscope::testing {
namespace {

class SocketZoo {
 public:
  ~SocketZoo() {
    for (int fd : fds_) close(fd);
  }

  int keep(int fd) {
    if (fd >= 0) fds_.push_back(fd);
    return fd;
  }

  // An accepted connection: client from `from` to the listener at to:port.
  void connect_pair(const std::string& from, const std::string& to, int port, int listener) {
    int c = -1;
    // A fresh namespace's IPv6 addresses can refuse binding for a moment.
    wait_until([&] { return (c = connect_from(from, to, port, false)) >= 0; }, 2000);
    keep(c);
    ASSERT_GE(c, 0) << from << " -> " << to << ":" << port << ": " << std::strerror(errno);
    ASSERT_GE(keep(accept(listener, nullptr, nullptr)), 0);
  }

  // A socket bound to `from` (port chosen by the kernel) connecting to to:port; non-blocking when
  // `pending` (for SYN-SENT towards an address nobody answers).
  static int connect_from(const std::string& from, const std::string& to, int port, bool pending, int type = SOCK_STREAM) {
    sockaddr_storage a{}, b{};
    socklen_t len = 0;
    if (!make_address(from, 0, a, len) || !make_address(to, port, b, len)) return -1;
    const int fd = socket(a.ss_family, type | (pending ? SOCK_NONBLOCK : 0), 0);
    if (fd < 0) return -1;
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), len) != 0) {
      close(fd);
      return -1;
    }
    const int r = connect(fd, reinterpret_cast<sockaddr*>(&b), len);
    if (r != 0 && !(pending && errno == EINPROGRESS)) {
      close(fd);
      return -1;
    }
    return fd;
  }

  std::vector<int> fds_;
};

bool run_ok(const std::vector<std::string>& argv) { return run_command(argv).exit_code == 0; }

// Addresses on lo; the rest of 192.168.77.0/24 routes to lo where nobody answers (not forwarding),
// so connects there stay in SYN-SENT.
std::string add_addresses() {
  for (const auto& cmd : std::vector<std::vector<std::string>>{
           {"ip", "addr", "add", "10.0.0.1/32", "dev", "lo"},
           {"ip", "addr", "add", "10.0.0.2/32", "dev", "lo"},
           {"ip", "-6", "addr", "add", "fd00::1/128", "dev", "lo", "nodad"},
           {"ip", "-6", "addr", "add", "fd00::2/128", "dev", "lo", "nodad"},
           {"ip", "addr", "add", "192.168.77.1/24", "dev", "lo"},
       }) {
    if (!run_ok(cmd)) return "could not run: " + cmd[0] + " " + cmd[1] + " " + cmd[2] + " " + cmd[3];
  }
  return "";
}

// Many states, both families: LISTEN, ESTAB (both ends), SYN-SENT, FIN-WAIT-2 / CLOSE-WAIT,
// TIME-WAIT, IPv4-mapped IPv6, UDP unconnected and connected.
void build_zoo(SocketZoo& z) {
  const int l1 = z.keep(tcp_listen("127.0.0.1", 5000));
  const int l2 = z.keep(tcp_listen("10.0.0.1", 5001));
  z.keep(tcp_listen("0.0.0.0", 5002));
  const int l3 = z.keep(tcp_listen("::1", 5003));
  const int l4 = z.keep(tcp_listen("fd00::1", 5004));
  const int l5 = z.keep(tcp_listen("::", 5005));
  ASSERT_TRUE(l1 >= 0 && l2 >= 0 && l3 >= 0 && l4 >= 0 && l5 >= 0);
  z.connect_pair("127.0.0.1", "127.0.0.1", 5000, l1);
  z.connect_pair("10.0.0.2", "10.0.0.1", 5001, l2);
  z.connect_pair("::1", "::1", 5003, l3);
  z.connect_pair("fd00::2", "fd00::1", 5004, l4);
  z.connect_pair("10.0.0.1", "10.0.0.2", 5005, l5);  // accepted as ::ffff:10.0.0.2
  z.connect_pair("::ffff:127.0.0.1", "::ffff:127.0.0.1", 5000, l1);
  // FIN-WAIT-2 (client) and CLOSE-WAIT (server): the client half-closes, the server keeps its end.
  for (auto [from, to, port, l] : {std::tuple{"10.0.0.1", "10.0.0.1", 5001, l2}, std::tuple{"fd00::1", "fd00::1", 5004, l4}}) {
    const int c = SocketZoo::connect_from(from, to, port, false);
    ASSERT_GE(c, 0);
    ASSERT_GE(z.keep(accept(l, nullptr, nullptr)), 0);
    shutdown(c, SHUT_WR);
    z.keep(c);
  }
  // TIME-WAIT: the client closes first, then the server.
  for (auto [from, to, port, l] : {std::tuple{"127.0.0.1", "127.0.0.1", 5000, l1}, std::tuple{"::1", "::1", 5003, l3}}) {
    const int c = SocketZoo::connect_from(from, to, port, false);
    ASSERT_GE(c, 0);
    const int s = accept(l, nullptr, nullptr);
    ASSERT_GE(s, 0);
    close(c);
    usleep(20000);
    close(s);
  }
  ASSERT_GE(z.keep(SocketZoo::connect_from("192.168.77.1", "192.168.77.2", 443, true)), 0);
  // IPv6 SYN-SENT: a listener whose accept queue is full drops further SYNs.
  const int full = z.keep(tcp_listen("fd00::1", 5010, 0));
  ASSERT_GE(full, 0);
  ASSERT_GE(z.keep(SocketZoo::connect_from("fd00::2", "fd00::1", 5010, false)), 0);
  usleep(20000);
  ASSERT_GE(z.keep(SocketZoo::connect_from("fd00::2", "fd00::1", 5010, true)), 0);
  ASSERT_GE(z.keep(udp_bind("127.0.0.1", 6000)), 0);
  ASSERT_GE(z.keep(udp_bind("::1", 6001)), 0);
  ASSERT_GE(z.keep(udp_bind("0.0.0.0", 53)), 0);
  ASSERT_GE(z.keep(SocketZoo::connect_from("10.0.0.1", "10.0.0.2", 6003, false, SOCK_DGRAM)), 0);
  ASSERT_GE(z.keep(SocketZoo::connect_from("fd00::2", "fd00::1", 6004, false, SOCK_DGRAM)), 0);
  usleep(50000);  // let the half-closes and closes settle
}

std::string host_key(std::string h) {
  if (const auto pct = h.find('%'); pct != std::string::npos) h.resize(pct);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "*" || h == "0.0.0.0" || h == "::") return "any";
  return h;
}

std::string key(std::string_view proto, const IpAddress& l, int lp, const IpAddress& r, int rp) {
  auto h = [](const IpAddress& a) { return a.is_unspecified() ? std::string("any") : a.to_string(); };
  return std::string(proto) + " " + h(l) + " " + std::to_string(lp) + " " + h(r) + " " + std::to_string(rp);
}

std::string key(const Endpoint& e) {
  return key(e.proto == Proto::Tcp ? "tcp" : "udp", e.local, e.local_port, e.remote, e.remote_port);
}

// "ADDR:PORT" as ss prints it: split at the last ':'; '*' port is 0.
std::pair<std::string, int> split_host(const std::string& s) {
  const auto colon = s.rfind(':');
  const std::string port = s.substr(colon + 1);
  return {host_key(s.substr(0, colon)), port == "*" ? 0 : std::stoi(port)};
}

// ss's answer, or nullopt when ss refuses the expression: after `inet:` or `inet6:` it reads every
// later address in that family only, so `src inet:* dst [::1]` is an error there (we accept it).
std::optional<std::multiset<std::string>> ss_rows(const std::string& expr) {
  std::vector<std::string> argv{"ss", "-tuanH"};
  for (const auto& w : split_words(expr)) argv.push_back(w);
  const auto r = run_command(argv);
  if (r.exit_code != 0) {
    EXPECT_NE(r.err.find("an inet prefix is expected"), std::string::npos) << expr << ": " << r.err;
    return std::nullopt;
  }
  std::multiset<std::string> out;
  for (const auto& line : split_lines(r.out)) {
    // Netid first, local and peer last: ss leaves the State column out when one state is asked.
    const auto w = split_words(line);
    if (w.size() < 5) continue;
    const auto [lh, lp] = split_host(w[w.size() - 2]);
    const auto [rh, rp] = split_host(w[w.size() - 1]);
    out.insert(w[0] + " " + lh + " " + std::to_string(lp) + " " + rh + " " + std::to_string(rp));
  }
  return out;
}

std::vector<Endpoint> dump(const std::vector<std::uint8_t>& bytecode, std::uint32_t states = kAllStates) {
  SocketQuery q;
  q.raw = false;
  q.unix_sockets = false;
  q.tcp_info = false;
  q.tcp_states = states & kAllStates;
  q.bytecode = bytecode;
  auto r = dump_sock_diag(q);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : std::vector<Endpoint>{};
}

std::multiset<std::string> keys(const std::vector<Endpoint>& eps) {
  std::multiset<std::string> out;
  for (const auto& e : eps) out.insert(key(e));
  return out;
}

std::string show(const std::multiset<std::string>& s) {
  std::string out;
  for (const auto& k : s) out += "  " + k + "\n";
  return out;
}

QueryLookups service_lookups() {
  QueryLookups l;
  l.service_port = [](std::string_view s) -> std::optional<std::uint16_t> {
    if (s == "ssh") return 22;
    if (s == "http") return 80;
    if (s == "https") return 443;
    if (s == "domain") return 53;
    return std::nullopt;
  };
  l.interface_index = [](std::string_view s) -> std::optional<std::uint32_t> {
    return s == "lo" ? std::optional<std::uint32_t>(1) : std::nullopt;
  };
  return l;
}

// ss's man page examples (the TCP/UDP ones), and a few more that stress its grammar.
const std::vector<std::string> kExamples = {
    "",
    "state established ( dport = :ssh or sport = :ssh )",
    "state fin-wait-1 ( sport = :http or sport = :https ) dst 193.233.7/24",
    "state fin-wait-2 ( sport = :http or sport = :https or dport > :5000 )",
    "state listening",
    "state connected",
    "state synchronized",
    "state bucket",
    "state big",
    "exclude listening exclude established",
    "state time-wait state syn-sent",
    "dst 10.0.0.0/8",
    "src 127.0.0.1",
    "src [::1]",
    "dst [fd00::1]:5004",
    "sport gt :1024",
    "sport > :5000 and sport < :5005",
    "dport >= :5001 or sport <= :5001",
    "src *:5000",
    "src inet6:*",
    "src inet:*:5005",
    "dst inet:10.0.0.2",
    "not dst 10.0.0.0/8",
    "sport = :5000 or sport = :5003 and dst 127.0.0.1",
    "! ( sport = :5000 or sport = :5001 ) dport != :0",
    "dst 192.168.77.2:https",
    "sport = :domain",
};

class QueryKernel : public ::testing::Test {
 protected:
  void SetUp() override {
    if (run_command({"ss", "-V"}).exit_code != 0) GTEST_SKIP() << "ss (iproute2) is not installed";
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    const std::string bad = add_addresses();
    if (!bad.empty()) GTEST_SKIP() << bad;
    zoo_ = std::make_unique<SocketZoo>();
    build_zoo(*zoo_);
    all_ = dump({});
    ASSERT_GE(all_.size(), 30u);
  }

  std::multiset<std::string> evaluated(const Query& q) {
    std::multiset<std::string> out;
    for (const auto& e : all_)
      if (evaluate(q, e, EndpointFields{})) out.insert(key(e));
    return out;
  }

  // Our evaluator, the kernel with the pushdown, and ss agree on `expr`.
  void check(const std::string& expr) {
    SCOPED_TRACE(expr);
    all_ = dump({});  // afresh: pending connects may have given up since the last check
    auto q = parse_query(expr, lookups_);
    ASSERT_TRUE(q) << q.error().format();
    const auto ours = evaluated(*q);
    const Pushdown p = plan_pushdown(*q);
    auto kernel_rows = dump(p.bytecode, p.states);
    // The collector sends the state mask with TCP dumps only; UDP rows are narrowed here.
    std::erase_if(kernel_rows, [&](const Endpoint& e) { return !p.wants(e.proto) || !(p.states & state_bit(e.state)); });
    const auto kernel = keys(kernel_rows);
    if (p.recheck) {
      EXPECT_TRUE(std::includes(kernel.begin(), kernel.end(), ours.begin(), ours.end()))
          << "pushdown dropped rows\nkernel:\n" << show(kernel) << "ours:\n" << show(ours);
    } else {
      EXPECT_EQ(kernel, ours) << "kernel:\n" << show(kernel) << "ours:\n" << show(ours);
    }
    const auto ss = ss_rows(expr.empty() ? "state all" : (q->has_states ? expr : "state all " + expr));
    if (!ss) return;
    EXPECT_EQ(*ss, ours) << "ss:\n" << show(*ss) << "ours:\n" << show(ours);
    ++checked_;
    exact_ += !p.recheck;
  }

  std::unique_ptr<SocketZoo> zoo_;
  std::vector<Endpoint> all_;
  QueryLookups lookups_ = service_lookups();
  int checked_ = 0;
  int exact_ = 0;
};

TEST_F(QueryKernel, ZooHasManyStatesInBothFamilies) {
  std::set<TcpState> states;
  bool v6 = false, mapped = false;
  for (const auto& e : all_) {
    states.insert(e.state);
    v6 |= e.family == Family::Inet6;
    mapped |= e.local.is_v4_mapped();
  }
  for (auto s : {TcpState::Listen, TcpState::Established, TcpState::SynSent, TcpState::FinWait2, TcpState::CloseWait,
                 TcpState::TimeWait, TcpState::Close})
    EXPECT_TRUE(states.count(s)) << tcp_state_name(s);
  EXPECT_TRUE(v6);
  EXPECT_TRUE(mapped);
}

TEST_F(QueryKernel, SsManPageExamplesSelectTheSameSockets) {
  for (const auto& e : kExamples) check(e);
  EXPECT_EQ(checked_, static_cast<int>(kExamples.size()));
}

TEST_F(QueryKernel, RandomExpressionsSelectTheSameSocketsAsSsAndTheKernel) {
  QueryGen gen(20261204, {"127.0.0.1", "10.0.0.0/8", "10.0.0.2", "[::1]", "fd00::/16", "[fd00::2]", "*",
                          "[::ffff:10.0.0.2]", "192.168.77.0/24", "inet:*", "inet6:*", "127.0.0.0/8"},
               {0, 22, 53, 443, 5000, 5001, 5003, 5004, 5005, 6000, 6003, 40000});
  for (int i = 0; i < 200; ++i) check(gen.expression());
  EXPECT_GT(checked_, 150) << "ss refused too many of the generated expressions";
  EXPECT_GT(exact_, 100) << "most random ss expressions should push down exactly";
}

TEST_F(QueryKernel, DevIsPushedDownAndEvaluated) {
  const int fd = zoo_->keep(tcp_listen("127.0.0.1", 7000));
  ASSERT_GE(fd, 0);
  ASSERT_EQ(setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3), 0);
  all_ = dump({});
  check("dev lo");
  check("not dev 1 sport = :7000");
  check("dev = 1 or sport = :5000");
}

// fwmark as ss has it (the kernel tells the mark to CAP_NET_ADMIN only; this test runs as root in
// its own namespace): values, masks, negation and with other terms.
TEST_F(QueryKernel, MarkIsEvaluatedAsSsDoes) {
  for (const auto& [port, mark] : {std::pair{7001, 0x42u}, std::pair{7002, 0x43u}, std::pair{7003, 0x142u}}) {
    const int fd = zoo_->keep(tcp_listen("127.0.0.1", port));
    ASSERT_GE(fd, 0);
    ASSERT_EQ(setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark), 0) << std::strerror(errno);
  }
  all_ = dump({});
  int marked = 0;
  for (const auto& e : all_) {
    ASSERT_TRUE(e.mark_known) << "sock_diag gives root every socket's mark";
    marked += e.mark != 0;
  }
  EXPECT_EQ(marked, 3);
  check("fwmark = 0x42");
  check("fwmark = 0x40/0xf0");
  check("not fwmark = 0");
  check("fwmark 0x42 or sport = :5000");
  check("fwmark = 66/0xff and sport = :7003");
  EXPECT_EQ(checked_, 5);
}

// A child process in a cgroup of its own (cgroup v2), holding sockets made there; the cgroup is
// removed once the child is gone (its sockets' cgroup then reads "unreachable:..." as in ss).
class CgroupChild {
 public:
  // Empty when it could not be made; why() says why.
  CgroupChild(const std::string& mount, const std::string& name, int connect_port) {
    dir_ = mount + "/" + name;
    if (::mkdir(dir_.c_str(), 0755) != 0) {
      why_ = "cannot make a cgroup under " + mount + ": " + std::strerror(errno);
      dir_.clear();
      return;
    }
    int go[2], ready[2];
    if (::pipe(go) != 0 || ::pipe(ready) != 0) {
      why_ = "pipe";
      return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      char c;
      if (::read(go[0], &c, 1) != 1) _exit(1);
      // Made inside the cgroup: a listener, a UDP socket and a connection to the test's listener.
      const int l = tcp_listen("127.0.0.1", 7101);
      const int u = udp_bind("127.0.0.1", 7102);
      const int k = SocketZoo::connect_from("127.0.0.1", "127.0.0.1", connect_port, false);
      const char ok = (l >= 0 && u >= 0 && k >= 0) ? 'y' : 'n';
      if (::write(ready[1], &ok, 1) != 1) _exit(1);
      for (;;) ::pause();
    }
    std::ofstream procs(dir_ + "/cgroup.procs");
    procs << pid_ << "\n";
    procs.close();
    const bool moved = static_cast<bool>(procs);
    char c = moved ? 'g' : 'x';
    if (!moved) why_ = "cannot move a process into " + dir_;
    if (::write(go[1], &c, 1) != 1 || !moved) return;
    char ok = 0;
    if (::read(ready[0], &ok, 1) != 1 || ok != 'y') why_ = "the child could not make its sockets";
    for (int fd : {go[0], go[1], ready[0], ready[1]}) ::close(fd);
  }
  ~CgroupChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (!dir_.empty()) wait_until([&] { return ::rmdir(dir_.c_str()) == 0 || errno == ENOENT; }, 3000);
  }
  const std::string& why() const { return why_; }

 private:
  std::string dir_, why_;
  pid_t pid_ = -1;
};

// `cgroup PATH` as ss has it: PATH as written, else under the cgroup2 mount; the kernel tests it
// (INET_DIAG_BC_CGROUP_COND) and the evaluator agrees; the cgroup column shows what ss --cgroup shows.
TEST_F(QueryKernel, CgroupIsPushedDownAndEvaluatedAsSsDoes) {
  const auto mount = cgroup2_mount_point();
  if (!mount) GTEST_SKIP() << "no cgroup2 hierarchy is mounted";
  const std::string name = "sockscope-query-" + std::to_string(::getpid());
  CgroupChild child(*mount, name, 5000);
  if (!child.why().empty()) GTEST_SKIP() << child.why();
  lookups_.cgroup_id = [&](std::string_view path) { return cgroup_id_of(path, *mount); };
  all_ = dump({});
  int in_cgroup = 0;
  const auto id = cgroup_id_of("/" + name, *mount);
  ASSERT_TRUE(id);
  for (const auto& e : all_) in_cgroup += e.cgroup_id == *id;
  EXPECT_EQ(in_cgroup, 3) << "the child's listener, UDP socket and connecting end";
  check("cgroup /" + name);
  check("cgroup " + name);
  check("cgroup " + *mount + "/" + name);
  check("not cgroup /" + name + " and sport >= :5000");
  check("cgroup = /" + name + " or sport = :5000");
  check("cgroup != /" + name);
  EXPECT_EQ(checked_, 6);
  EXPECT_EQ(exact_, 6) << "a resolved cgroup is tested by the kernel";
  EXPECT_FALSE(parse_query("cgroup /no-such-cgroup-here", lookups_)) << "ss refuses a path that is no cgroup";

  // The column: the path relative to the cgroup2 mount, for the same sockets as ss --cgroup.
  std::map<std::string, std::string> ss_paths;  // "proto port" -> path
  for (const auto& line : split_lines(run_command({"ss", "-tuanH", "--cgroup", "sport", ">=", ":7101"}).out)) {
    const auto w = split_words(line);
    if (w.size() < 6 || !w.back().starts_with("cgroup:")) continue;
    ss_paths[w[0] + " " + std::to_string(split_host(w[4]).second)] = w.back().substr(7);
  }
  const auto r = run_sockscope({"list", "-a", "-n", "-j", "-o", "proto,local_port,cgroup", "sport >= :7101"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> ours;
  for (const auto& o : nlohmann::json::parse(r.out))
    if (o["cgroup"].is_string()) {
      std::string proto = o["proto"];  // ss's Netid has no family: tcp6 is tcp there
      if (proto.ends_with('6')) proto.pop_back();
      ours[proto + " " + std::to_string(o["local_port"].get<int>())] = o["cgroup"];
    }
  EXPECT_EQ(ours, ss_paths) << r.out;
  EXPECT_EQ(ours["tcp 7101"], "/" + name);
  EXPECT_EQ(ours["udp 7102"], "/" + name);
  EXPECT_EQ(std::count_if(ours.begin(), ours.end(), [&](const auto& kv) { return kv.second == "/" + name; }), 3);
  const auto filtered = run_sockscope({"list", "-a", "-n", "-j", "-o", "local_port", "cgroup /" + name});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_EQ(nlohmann::json::parse(filtered.out).size(), 3u) << filtered.out;
  const auto bad = run_sockscope({"list", "cgroup /no-such-cgroup-here"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("is not a cgroup"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace sockscope::testing
