// Every network namespace at once: discovery finds namespaces held by a process, by an `ip netns`
// name, by a bare bind mount and by an open descriptor; per-namespace sock_diag sockets, opened on
// a worker thread, each see their own namespace's sockets (the same loopback ports in each), as
// `nsenter ... ss -tan` does; a namespace gone before it is entered is skipped.
#include <fcntl.h>
#include <netinet/in.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>

#include "collect/collector.hpp"
#include "collect/netns_discovery.hpp"
#include "collect/netns_sockets.hpp"
#include "ebpf_preconditions.hpp"
#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope;
using namespace sockscope::testing;

namespace {

constexpr int kPort = 47123;  // the same in every namespace made here

std::uint64_t inode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_ino) : 0;
}

// A listener on 127.0.0.1:kPort and one connection to it, both ends open.
bool make_connected_pair() {
  const int l = tcp_listen("127.0.0.1", kPort);
  if (l < 0) return false;
  const int c = tcp_connect("127.0.0.1", kPort);
  return c >= 0 && ::accept4(l, nullptr, nullptr, SOCK_CLOEXEC) >= 0;
}

// The same, closed client first: a TIME_WAIT socket outlives every process.
bool make_time_wait() {
  const int l = tcp_listen("127.0.0.1", kPort);
  const int c = l < 0 ? -1 : tcp_connect("127.0.0.1", kPort);
  const int s = c < 0 ? -1 : ::accept4(l, nullptr, nullptr, SOCK_CLOEXEC);
  if (s < 0) return false;
  ::close(c);
  ::close(s);
  ::close(l);
  return true;
}

bool lo_up() { return run_command({"ip", "link", "set", "lo", "up"}).exit_code == 0; }

// Forks a child that runs `setup` and then waits to be killed; -1 when setup failed.
pid_t fork_child(const std::function<bool()>& setup) {
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const char c = setup() ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char c = 'n';
  (void)!::read(ready[0], &c, 1);
  ::close(ready[0]);
  if (c == 'y') return pid;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

// Runs `body` on a thread of its own that first enters a fresh network namespace (lo up).
bool in_fresh_netns_thread(const std::function<bool()>& body) {
  bool ok = false;
  std::thread t([&] { ok = ::unshare(CLONE_NEWNET) == 0 && lo_up() && body(); });
  t.join();
  return ok;
}

// (state, local, peer) of `ss -tanH` lines.
using Row = std::tuple<std::string, std::string, std::string>;

std::multiset<Row> rows_from_ss(const std::string& text) {
  std::multiset<Row> rows;
  for (const std::string& line : split_lines(text)) {
    const auto w = split_words(line);
    if (w.size() >= 5) rows.emplace(w[0], w[3], w[4]);
  }
  return rows;
}

std::string ss_state(TcpState s) {
  static const std::map<std::string, std::string> names = {
      {"ESTABLISHED", "ESTAB"}, {"TIME_WAIT", "TIME-WAIT"}, {"CLOSE_WAIT", "CLOSE-WAIT"}, {"SYN_SENT", "SYN-SENT"},
      {"FIN_WAIT1", "FIN-WAIT-1"}, {"FIN_WAIT2", "FIN-WAIT-2"}, {"LAST_ACK", "LAST-ACK"}, {"SYN_RECV", "SYN-RECV"}};
  const std::string n(tcp_state_name(s));
  const auto it = names.find(n);
  return it == names.end() ? n : it->second;
}

std::multiset<Row> rows_of(const std::vector<Endpoint>& all, const NetnsRows& range) {
  std::multiset<Row> rows;
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const Endpoint& e = all[i];
    const auto addr = [](const IpAddress& a, int port) {
      const std::string ip = a.to_string();
      return (a.family == Family::Inet6 ? "[" + ip + "]" : ip) + ":" + (port ? std::to_string(port) : "*");
    };
    rows.emplace(ss_state(e.state), addr(e.local, e.local_port), addr(e.remote, e.remote_port));
  }
  return rows;
}

const NetnsInfo* find(const std::vector<NetnsInfo>& v, std::uint64_t inode) {
  const auto it = std::ranges::find(v, inode, &NetnsInfo::inode);
  return it == v.end() ? nullptr : &*it;
}

// Whether `pid` descends from this test process (so a namespace of it is one made here).
bool descends_from_us(int pid) {
  for (int hops = 0; pid > 1 && hops < 64; ++hops) {
    if (pid == ::getpid()) return true;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto close = text.rfind(')');
    if (close == std::string::npos) return false;
    std::istringstream rest(text.substr(close + 2));
    std::string state;
    rest >> state >> pid;
  }
  return false;
}

class ManyNetns : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create network namespaces and enter them";
    name_ = "sockscope-test-" + std::to_string(::getpid());
    keep_ = "/run/" + name_ + "-keep";
  }

  void TearDown() override {
    kill_holders();
    for (pid_t p : children_) ::kill(p, SIGKILL);
    for (pid_t p : children_) ::waitpid(p, nullptr, 0);
    if (named_) run_command({"ip", "netns", "delete", name_});
    if (mounted_) ::umount2(keep_.c_str(), MNT_DETACH);
    ::unlink(keep_.c_str());
  }

  // A: a child process in a namespace of its own (what `unshare -n` makes), with a connection.
  void make_process_netns() {
    a_pid_ = fork_child([] { return ::unshare(CLONE_NEWNET) == 0 && lo_up() && make_connected_pair(); });
    ASSERT_GT(a_pid_, 0);
    children_.push_back(a_pid_);
    a_ = inode_of("/proc/" + std::to_string(a_pid_) + "/ns/net");
  }

  // B: `ip netns add`, and a child inside it holding a connection.
  void make_named_netns() {
    const auto added = run_command({"ip", "netns", "add", name_});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    named_ = true;
    b_ = inode_of("/run/netns/" + name_);
    const std::string path = "/run/netns/" + name_;
    const pid_t p = fork_child([&] {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      return fd >= 0 && ::setns(fd, CLONE_NEWNET) == 0 && lo_up() && make_connected_pair();
    });
    ASSERT_GT(p, 0);
    children_.push_back(p);
    b_pid_ = p;
  }

  // C: kept only by a bind mount (as `unshare --net=FILE` leaves it), no process inside; its
  // TIME_WAIT socket outlives the thread that made it.
  void make_mounted_netns() {
    const int f = ::open(keep_.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
    ASSERT_GE(f, 0);
    ::close(f);
    ASSERT_TRUE(in_fresh_netns_thread([&] {
      mounted_ = ::mount("/proc/thread-self/ns/net", keep_.c_str(), nullptr, MS_BIND, nullptr) == 0;
      return mounted_ && make_time_wait();
    }));
    c_ = inode_of(keep_);
  }

  // D: kept only by a descriptor that a process in the host namespace holds.
  void make_fd_netns() {
    int fd = -1;
    ASSERT_TRUE(in_fresh_netns_thread([&] {
      fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
      return fd >= 0;
    }));
    struct stat st {};
    ASSERT_EQ(::fstat(fd, &st), 0);
    d_ = st.st_ino;
    d_holder_ = spawn_holder("netns-fd-holder", {fd});
    ASSERT_GT(d_holder_, 0);
  }

  std::string name_, keep_;
  bool named_ = false, mounted_ = false;
  std::vector<pid_t> children_;
  pid_t a_pid_ = -1, b_pid_ = -1, d_holder_ = -1;
  std::uint64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0;
};

TEST_F(ManyNetns, DiscoveryFindsEveryKind) {
  const auto before = discover_netns();
  make_process_netns();
  make_named_netns();
  make_mounted_netns();
  make_fd_netns();
  const std::set<std::uint64_t> ours{a_, b_, c_, d_};
  ASSERT_EQ(ours.size(), 4u);
  const auto after = discover_netns();

  ASSERT_FALSE(after.empty());
  EXPECT_TRUE(after.front().current);
  EXPECT_EQ(after.front().inode, inode_of("/proc/self/ns/net"));
  std::set<std::uint64_t> seen;
  for (const NetnsInfo& n : after) EXPECT_TRUE(seen.insert(n.inode).second) << "listed twice: " << n.inode;

  const NetnsInfo* a = find(after, a_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->pid, a_pid_);
  EXPECT_TRUE(a->names.empty());
  const NetnsInfo* b = find(after, b_);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->names, std::vector<std::string>{name_});
  EXPECT_EQ(b->path, "/run/netns/" + name_);
  const NetnsInfo* c = find(after, c_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->path, keep_);
  EXPECT_EQ(c->pid, 0) << "no process inside";
  const NetnsInfo* d = find(after, d_);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->path.rfind("/proc/" + std::to_string(d_holder_) + "/fd/", 0), 0u) << d->path;
  EXPECT_EQ(d->pid, 0);
  for (const NetnsInfo& n : after) EXPECT_EQ(inode_of(n.path), n.inode) << n.path << " opens another namespace";

  // Exactly ours appeared: anything else new belongs to a process that is none of ours (other
  // tests running meanwhile).
  for (const NetnsInfo& n : after) {
    if (find(before, n.inode) || ours.contains(n.inode)) continue;
    EXPECT_GT(n.pid, 0) << "unexplained namespace " << n.inode << " at " << n.path;
    EXPECT_FALSE(descends_from_us(n.pid)) << "a namespace of ours that is none of A-D: " << n.inode;
  }
  // The ones found through descriptors only are not found without looking there.
  NetnsDiscoveryOptions no_fds;
  no_fds.scan_descriptors = false;
  EXPECT_FALSE(find(discover_netns(no_fds), d_));
}

TEST_F(ManyNetns, SelectorsResolveAgainstTheSystem) {
  make_process_netns();
  make_named_netns();
  make_mounted_netns();
  const auto one = [](const std::vector<std::string>& args) -> std::vector<std::uint64_t> {
    auto r = resolve_netns(args);
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    std::vector<std::uint64_t> out;
    if (r) {
      for (const auto& n : *r) out.push_back(n.inode);
    }
    return out;
  };
  EXPECT_EQ(one({name_}), std::vector<std::uint64_t>{b_});
  EXPECT_EQ(one({std::to_string(a_pid_)}), std::vector<std::uint64_t>{a_});
  EXPECT_EQ(one({keep_}), std::vector<std::uint64_t>{c_});
  EXPECT_EQ(one({"current"}), std::vector<std::uint64_t>{inode_of("/proc/self/ns/net")});
  const auto all = one({"all"});
  EXPECT_TRUE(std::ranges::find(all, c_) != all.end());

  const std::vector<std::string> missing_name{"no-such-netns-here"};
  const auto bad = resolve_netns(missing_name);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.rfind("--netns no-such-netns-here: ", 0), 0u) << bad.error().message;
  const std::vector<std::string> not_net{"/proc/self/ns/mnt"};
  const auto mnt = resolve_netns(not_net);
  ASSERT_FALSE(mnt);
  EXPECT_NE(mnt.error().message.find("not a network namespace"), std::string::npos) << mnt.error().message;
  const std::vector<std::string> regular{"/etc/hostname"};
  EXPECT_FALSE(resolve_netns(regular));
}

TEST_F(ManyNetns, EachNamespaceDumpsItsOwnSockets) {
  make_process_netns();
  make_named_netns();
  make_mounted_netns();
  make_fd_netns();
  const auto found = discover_netns();
  std::vector<NetnsInfo> wanted;
  for (std::uint64_t ns : {a_, b_, c_, d_, inode_of("/proc/self/ns/net")}) {
    const NetnsInfo* n = find(found, ns);
    ASSERT_TRUE(n) << ns;
    wanted.push_back(*n);
  }
  const std::uint64_t main_ns = inode_of("/proc/thread-self/ns/net");

  NetnsSockets sockets;
  const auto synced = sockets.sync(wanted);
  EXPECT_EQ(synced.opened.size(), 5u);
  EXPECT_TRUE(synced.vanished.empty());
  for (const Error& e : synced.refused) ADD_FAILURE() << e.message;
  EXPECT_EQ(inode_of("/proc/thread-self/ns/net"), main_ns) << "the calling thread never moves";

  SocketQuery tcp;
  tcp.udp = tcp.raw = tcp.unix_sockets = false;
  tcp.tcp_info = false;
  std::vector<Endpoint> all;
  const auto dumped = sockets.dump(tcp, all);
  for (const Error& e : dumped.failed) ADD_FAILURE() << e.message;
  ASSERT_EQ(dumped.rows.size(), 5u);
  std::map<std::uint64_t, NetnsRows> by_ns;
  for (const NetnsRows& r : dumped.rows) by_ns[r.netns] = r;

  const std::string listen = "127.0.0.1:" + std::to_string(kPort);
  const std::map<std::uint64_t, std::vector<std::string>> ss_in = {
      {a_, {"nsenter", "--net=/proc/" + std::to_string(a_pid_) + "/ns/net", "ss", "-tanH"}},
      {b_, {"ip", "netns", "exec", name_, "ss", "-tanH"}},
      {c_, {"nsenter", "--net=" + keep_, "ss", "-tanH"}},
      {d_, {"nsenter", "--net=" + find(found, d_)->path, "ss", "-tanH"}},
  };
  for (const auto& [ns, argv] : ss_in) {
    const auto ss = run_command(argv);
    ASSERT_EQ(ss.exit_code, 0) << ss.err;
    const auto theirs = rows_from_ss(ss.out);
    const auto mine = rows_of(all, by_ns[ns]);
    EXPECT_EQ(mine, theirs) << "namespace " << ns << "\nss:\n" << ss.out;
    if (ns == a_ || ns == b_) {
      EXPECT_EQ(mine.count({"LISTEN", listen, "0.0.0.0:*"}), 1u) << "namespace " << ns;
      EXPECT_EQ(mine.size(), 3u) << "listener and both ends of one connection";
    }
    if (ns == c_) {
      ASSERT_EQ(mine.size(), 1u);
      EXPECT_EQ(std::get<0>(*mine.begin()), "TIME-WAIT");
      EXPECT_EQ(std::get<2>(*mine.begin()), listen);
    }
    if (ns == d_) {
      EXPECT_TRUE(mine.empty());
    }
  }

  // The kept sockets answer for their namespaces from any thread.
  std::vector<Endpoint> again;
  NetnsDumpOutcome other;
  std::thread([&] { other = sockets.dump(tcp, again); }).join();
  ASSERT_EQ(other.rows.size(), 5u);
  for (const NetnsRows& r : other.rows) {
    if (r.netns != main_ns) {
      EXPECT_EQ(rows_of(again, r), rows_of(all, by_ns[r.netns])) << r.netns;
    }
  }

  // A second sync opens nothing new; narrowing it drops the rest.
  EXPECT_TRUE(sockets.sync(wanted).opened.empty());
  const std::vector<NetnsInfo> only_b{*find(found, b_)};
  const auto narrowed = sockets.sync(only_b);
  EXPECT_EQ(std::set<std::uint64_t>(narrowed.dropped.begin(), narrowed.dropped.end()),
            (std::set<std::uint64_t>{a_, c_, d_, inode_of("/proc/self/ns/net")}));
  EXPECT_EQ(sockets.held(), std::vector<std::uint64_t>{b_});
}

TEST_F(ManyNetns, NamespaceGoneBeforeEnteringIsSkipped) {
  make_process_netns();
  make_named_netns();
  const auto found = discover_netns();
  ASSERT_TRUE(find(found, a_) && find(found, b_));
  // Between discovery and collection: A's only process exits, B's name is deleted.
  const std::vector<NetnsInfo> wanted{*find(found, a_), *find(found, b_), found.front()};
  ::kill(a_pid_, SIGKILL);
  ::waitpid(a_pid_, nullptr, 0);
  std::erase(children_, a_pid_);
  ASSERT_EQ(run_command({"ip", "netns", "delete", name_}).exit_code, 0);
  named_ = false;

  NetnsSockets sockets;
  const auto synced = sockets.sync(wanted);
  EXPECT_EQ(std::set<std::uint64_t>(synced.vanished.begin(), synced.vanished.end()), (std::set<std::uint64_t>{a_, b_}));
  for (const Error& e : synced.refused) ADD_FAILURE() << e.message;
  EXPECT_EQ(sockets.held(), std::vector<std::uint64_t>{found.front().inode});
  std::vector<Endpoint> all;
  const auto dumped = sockets.dump(SocketQuery{}, all);
  EXPECT_TRUE(dumped.failed.empty());
  ASSERT_EQ(dumped.rows.size(), 1u);
  EXPECT_EQ(dumped.rows[0].netns, found.front().inode);
}

}  // namespace

namespace {

TEST_F(ManyNetns, NamespaceGoneWhileHeldStillDumpsThenIsDropped) {
  make_named_netns();
  const auto found = discover_netns();
  ASSERT_TRUE(find(found, b_));
  const std::vector<NetnsInfo> wanted{*find(found, b_)};
  NetnsSockets sockets;
  ASSERT_EQ(sockets.sync(wanted).opened.size(), 1u);
  // Everything else holding B goes: its name and its process. Our socket still holds it.
  kill_holders();
  for (pid_t p : children_) ::kill(p, SIGKILL);
  for (pid_t p : children_) ::waitpid(p, nullptr, 0);
  children_.clear();
  ASSERT_EQ(run_command({"ip", "netns", "delete", name_}).exit_code, 0);
  named_ = false;

  std::vector<Endpoint> all;
  const auto dumped = sockets.dump(SocketQuery{}, all);
  EXPECT_TRUE(dumped.failed.empty());
  ASSERT_EQ(dumped.rows.size(), 1u);
  // The next discovery no longer finds it, and syncing to that lets it go.
  const auto later = discover_netns();
  EXPECT_FALSE(find(later, b_));
  const auto synced = sockets.sync(later);
  EXPECT_EQ(synced.dropped, std::vector<std::uint64_t>{b_});
  const auto held = sockets.held();
  EXPECT_EQ(std::ranges::count(held, b_), 0);
}

// Without CAP_SYS_ADMIN, setns() is refused: the current namespace is still opened, the others
// are reported refused (EPERM), nothing fails as a whole. Capabilities are per thread, so a
// thread of this test drops it and the worker thread sync() starts inherits that.
TEST_F(ManyNetns, WithoutCapSysAdminOnlyTheCurrentOne) {
  make_process_netns();
  const auto found = discover_netns();
  ASSERT_TRUE(find(found, a_));
  const std::vector<NetnsInfo> wanted{found.front(), *find(found, a_)};
  NetnsSockets sockets;
  NetnsSyncOutcome synced;
  bool dropped = false;
  std::thread([&] {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &hdr, data) != 0) return;
    data[0].effective &= ~(1u << CAP_SYS_ADMIN);
    if (::syscall(SYS_capset, &hdr, data) != 0) return;
    dropped = true;
    synced = sockets.sync(wanted);
  }).join();
  ASSERT_TRUE(dropped) << "capset failed";
  EXPECT_EQ(synced.opened, std::vector<std::uint64_t>{found.front().inode});
  ASSERT_EQ(synced.refused.size(), 1u);
  EXPECT_EQ(synced.refused[0].code, EPERM);
  EXPECT_NE(synced.refused[0].message.find("setns"), std::string::npos) << synced.refused[0].message;
  EXPECT_TRUE(synced.vanished.empty());
}

}  // namespace

namespace {

// The pids owning the LISTEN socket on kPort within `range`.
std::set<int> listener_owner_pids(const Snapshot& snap, const NetnsRows& range) {
  std::set<int> pids;
  for (std::size_t i = range.begin; i < range.end; ++i) {
    const Endpoint& e = snap.endpoints[i];
    if (e.state != TcpState::Listen || e.local_port != kPort) continue;
    for (const Owner& o : e.owners) pids.insert(snap.processes[o.process].pid);
  }
  return pids;
}

TEST_F(ManyNetns, SnapshotLabelsRowsAndOwnersPerNamespace) {
  make_process_netns();
  make_named_netns();
  const auto found = discover_netns();
  ASSERT_TRUE(find(found, a_) && find(found, b_));
  // Both owner scans: /proc joins by socket inode (sockfs numbers them host-wide), the eBPF
  // iterator by (the socket's own namespace, inode).
  std::vector<OwnerMethod> methods = {OwnerMethod::Proc};
  if (::sockscope::testing::ebpf_missing_precondition().empty()) methods.push_back(OwnerMethod::Ebpf);
  for (const OwnerMethod method : methods) {
    SCOPED_TRACE(method == OwnerMethod::Ebpf ? "owners from eBPF" : "owners from /proc");
    CollectorState state;
    CollectOptions options;
    options.query.udp = options.query.raw = options.query.unix_sockets = false;
    options.netns = {*find(found, a_), *find(found, b_)};
    options.state = &state;
    options.owner_method = method;
    for (int refresh = 0; refresh < 2; ++refresh) {
      const auto snap = collect_snapshot(options);
      ASSERT_TRUE(snap) << snap.error().message;
      for (const std::string& w : snap->notes.warnings) ADD_FAILURE() << w;
      ASSERT_EQ(snap->netns_rows.size(), 2u);
      ASSERT_EQ(snap->namespaces.size(), 2u);
      EXPECT_EQ(snap->netns_rows.back().end, snap->endpoints.size()) << "every row is labelled";
      // The same port in two namespaces still finds each its own process.
      for (const NetnsRows& r : snap->netns_rows) {
        EXPECT_EQ(r.end - r.begin, 3u) << "namespace " << r.netns;
        EXPECT_EQ(listener_owner_pids(*snap, r), std::set<int>{r.netns == a_ ? a_pid_ : b_pid_}) << r.netns;
      }
      EXPECT_EQ(state.netns_sockets().held(), (std::vector<std::uint64_t>{a_, b_})) << "kept across refreshes";
    }
  }
}

// E: a namespace only a descriptor keeps alive, with a listener in it: a process in the host
// namespace holds both the namespace file and the listening socket. Returns the holder.
pid_t hold_netns_with_listener(std::uint64_t& netns) {
  int ns_fd = -1, listener = -1;
  if (!in_fresh_netns_thread([&] {
        ns_fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        listener = lo_up() ? tcp_listen("127.0.0.1", kPort) : -1;
        return ns_fd >= 0 && listener >= 0;
      }))
    return -1;
  netns = 0;
  struct stat st {};
  if (::fstat(ns_fd, &st) == 0) netns = st.st_ino;
  const pid_t holder = spawn_holder("netns-fd-listen", {ns_fd, listener});
  ::close(ns_fd);
  ::close(listener);
  return holder;
}

// `list` as root finds the namespaces only descriptors keep alive through its owner scan (discovery
// no longer reads every descriptor itself): both scans, the rows, their owner and their label.
TEST_F(ManyNetns, NamespaceOnlyADescriptorKeepsIsListedThroughTheOwnerScan) {
  std::uint64_t e = 0;
  const pid_t holder = hold_netns_with_listener(e);
  ASSERT_GT(holder, 0);
  ASSERT_NE(e, 0u);
  NetnsDiscoveryOptions no_fds;
  no_fds.scan_descriptors = false;
  ASSERT_EQ(find(discover_netns(no_fds), e), nullptr) << "only a descriptor leads to it";

  std::vector<std::string> methods = {"proc"};
  if (::sockscope::testing::ebpf_missing_precondition().empty()) methods.push_back("ebpf");
  for (const std::string& method : methods) {
    const auto r = run_sockscope({"list", "--netns", "all", "-a", "-n", "-p", "tcp", "-j", "-o", "netns,state,local_port,pid", "--owners-from", method});
    ASSERT_EQ(r.exit_code, 0) << method << ": " << r.err;
    int rows = 0;
    for (const auto& row : nlohmann::json::parse(r.out)) {
      if (row["netns"] != e) continue;
      ++rows;
      EXPECT_EQ(row["state"], "LISTEN") << method << ": " << row;
      EXPECT_EQ(row["local_port"], kPort) << method << ": " << row;
      EXPECT_EQ(row["pid"], holder) << method << ": " << row;
    }
    EXPECT_EQ(rows, 1) << method << ": the listener of namespace " << e << " in\n" << r.out << r.err;
  }

  // Repeated collections (the live view) keep its socket open across refreshes and drop it once
  // the descriptors are gone.
  CollectorState state;
  CollectOptions options;
  options.query.udp = options.query.raw = options.query.unix_sockets = false;
  options.netns = {};
  for (const NetnsInfo& n : discover_netns(no_fds)) options.netns.push_back(n);
  options.descriptor_netns = true;
  options.state = &state;
  for (int refresh = 0; refresh < 2; ++refresh) {
    const auto snap = collect_snapshot(options);
    ASSERT_TRUE(snap) << snap.error().message;
    EXPECT_TRUE(std::ranges::any_of(snap->netns_rows, [&](const NetnsRows& r) { return r.netns == e && r.end - r.begin == 1; }))
        << "refresh " << refresh;
    const auto held = state.netns_sockets().held();
    EXPECT_NE(std::ranges::find(held, e), held.end()) << "refresh " << refresh;
  }
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  for (int refresh = 0; refresh < 2; ++refresh) ASSERT_TRUE(collect_snapshot(options));
  const auto held = state.netns_sockets().held();
  EXPECT_EQ(std::ranges::find(held, e), held.end()) << "dropped once no descriptor leads to it";
}

// The command line over several namespaces: every row of each, its owner and its label, as
// `nsenter --net=FILE ss -tanpH` sees that namespace.
TEST_F(ManyNetns, ListLabelsEveryRowWithItsNamespace) {
  make_process_netns();
  make_named_netns();
  make_mounted_netns();
  const auto r = run_sockscope({"list", "--netns", std::to_string(a_pid_), "--netns", name_, "--netns", keep_, "-a", "-n",
                                "-p", "tcp", "-j", "-o",
                                "netns,netns_name,state,local_address,local_port,remote_address,remote_port,pid"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::uint64_t, std::multiset<Row>> listed;
  std::map<std::uint64_t, std::set<std::string>> labels;
  for (const auto& row : nlohmann::json::parse(r.out)) {
    const std::uint64_t ns = row["netns"];
    const auto addr = [](const nlohmann::json& a, const nlohmann::json& p) {
      return a.get<std::string>() + ":" + (p == 0 ? std::string("*") : std::to_string(p.get<int>()));
    };
    std::string st = row["state"];
    static const std::map<std::string, std::string> ss_names = {{"ESTABLISHED", "ESTAB"}, {"TIME_WAIT", "TIME-WAIT"}};
    if (ss_names.contains(st)) st = ss_names.at(st);
    listed[ns].emplace(st, addr(row["local_address"], row["local_port"]), addr(row["remote_address"], row["remote_port"]));
    labels[ns].insert(row["netns_name"].is_null() ? "<null>" : row["netns_name"].get<std::string>());
    // Owners: the child in each namespace holds every socket but the TIME_WAIT one.
    if (ns == a_ && st != "TIME-WAIT") {
      EXPECT_EQ(row["pid"], a_pid_) << row;
    }
    if (ns == b_ && st != "TIME-WAIT") {
      EXPECT_EQ(row["pid"], b_pid_) << row;
    }
    if (ns == c_) {
      EXPECT_TRUE(row["pid"].is_null()) << "nobody is in the mounted one: " << row;
    }
  }
  ASSERT_EQ(listed.size(), 3u) << r.out;
  const std::map<std::uint64_t, std::string> files = {
      {a_, "/proc/" + std::to_string(a_pid_) + "/ns/net"}, {b_, "/run/netns/" + name_}, {c_, keep_}};
  for (const auto& [ns, file] : files) {
    const auto ss = run_command({"nsenter", "--net=" + file, "ss", "-tanH"});
    ASSERT_EQ(ss.exit_code, 0) << ss.err;
    EXPECT_EQ(listed[ns], rows_from_ss(ss.out)) << file;
  }
  EXPECT_EQ(labels[b_], (std::set<std::string>{name_})) << "the ip netns name";
  EXPECT_EQ(labels[a_], (std::set<std::string>{"<null>"})) << "no name, no container, not the host";
}

// A child in namespace `file` holding 127.0.0.1:kPort+1 -> 127.0.0.1:kPort (a fixed 4-tuple).
pid_t hold_fixed_pair(const std::string& file) {
  return fork_child([file] {
    if (!file.empty()) {
      const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) return false;
    } else if (::unshare(CLONE_NEWNET) != 0) {
      return false;
    }
    if (!lo_up()) return false;
    const int l = tcp_listen("127.0.0.1", kPort);
    const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in me{};
    me.sin_family = AF_INET;
    me.sin_port = htons(kPort + 1);
    me.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sockaddr_in to = me;
    to.sin_port = htons(kPort);
    if (l < 0 || c < 0 || ::bind(c, reinterpret_cast<sockaddr*>(&me), sizeof me) != 0) return false;
    if (::connect(c, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return false;
    return ::accept4(l, nullptr, nullptr, SOCK_CLOEXEC) >= 0;
  });
}

bool has_client_row(const std::string& file) {
  const auto ss = run_command({"nsenter", "--net=" + file, "ss", "-tanH"});
  return rows_from_ss(ss.out).contains(Row{"ESTAB", "127.0.0.1:" + std::to_string(kPort + 1), "127.0.0.1:" + std::to_string(kPort)});
}

// close --netns NAME closes the connection there, over that namespace's sock_diag socket; the
// very same 4-tuple in another namespace is untouched; a dry run over both names each namespace.
TEST_F(ManyNetns, CloseInItsOwnNamespaceOnly) {
  const auto added = run_command({"ip", "netns", "add", name_});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  named_ = true;
  const std::string named_file = "/run/netns/" + name_;
  const pid_t in_named = hold_fixed_pair(named_file);
  ASSERT_GT(in_named, 0);
  children_.push_back(in_named);
  const pid_t bystander = hold_fixed_pair("");
  ASSERT_GT(bystander, 0);
  children_.push_back(bystander);
  const std::string bystander_file = "/proc/" + std::to_string(bystander) + "/ns/net";
  ASSERT_TRUE(has_client_row(named_file));
  ASSERT_TRUE(has_client_row(bystander_file));
  const std::string lport = std::to_string(kPort + 1), rport = std::to_string(kPort);

  const auto dry = run_sockscope({"close", "--dry-run", "--netns", name_, "--netns", std::to_string(bystander), "127.0.0.1",
                                  lport, "127.0.0.1", rport});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("in netns " + name_ + "\n"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("in netns " + std::to_string(inode_of(bystander_file)) + "\n"), std::string::npos) << dry.out;

  const auto closed = run_sockscope({"close", "--netns", name_, "-y", "127.0.0.1", lport, "127.0.0.1", rport});
  ASSERT_EQ(closed.exit_code, 0) << closed.out << closed.err;
  EXPECT_NE(closed.out.find("closed tcp 127.0.0.1:" + lport), std::string::npos) << closed.out;
  EXPECT_TRUE(wait_until([&] { return !has_client_row(named_file); })) << "closed in its own namespace";
  EXPECT_TRUE(has_client_row(bystander_file)) << "the same 4-tuple elsewhere is untouched";
}

}  // namespace
