// Tests for the /proc collectors: a fake /proc tree in a temp dir, child processes, and a live private netns.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <netinet/in.h>
#include <grp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "collect/proc_fd_scan.hpp"
#include "collect/proc_net_read.hpp"
#include "model/attribute.hpp"

namespace sockscope {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A directory laid out like /proc, removed at the end of the test.
class FakeProc {
 public:
  FakeProc() {
    char tmpl[] = "/tmp/sockscope-proc-XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    if (!dir) throw std::runtime_error("mkdtemp failed");
    root_ = dir;
    ::chmod(root_.c_str(), 0755);  // readable by the unprivileged child in the denied test
  }
  ~FakeProc() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const std::string& root() const { return root_; }

  void file(const std::string& rel, const std::string& content) {
    fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
    std::ofstream(root_ + "/" + rel, std::ios::binary) << content;
  }
  void link(const std::string& rel, const std::string& target) {
    fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
    ASSERT_EQ(::symlink(target.c_str(), (root_ + "/" + rel).c_str()), 0) << rel;
  }
  void dir(const std::string& rel) { fs::create_directories(root_ + "/" + rel); }
  void fixture_table(const std::string& name) {
    file("net/" + name, slurp(std::string(SOCKSCOPE_FIXTURES) + "/proc/" + name));
  }

  // A process entry with stat (starttime given), status (uid) and cmdline.
  void process(int pid, const std::string& comm, int ppid, std::uint64_t starttime, std::uint32_t uid,
               const std::string& cmdline) {
    const std::string p = std::to_string(pid);
    file(p + "/stat", p + " (" + comm + ") S " + std::to_string(ppid) +
                          " 1 1 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 " + std::to_string(starttime) +
                          " 1000000 100 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
    file(p + "/status", "Name:\tx\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t" + std::to_string(uid) + "\t" +
                            std::to_string(uid) + "\t" + std::to_string(uid) + "\t" + std::to_string(uid) +
                            "\nGid:\t0\t0\t0\t0\n");
    file(p + "/cmdline", cmdline);
    dir(p + "/fd");
  }

 private:
  std::string root_;
};

const Process* find_pid(const OwnerScan& s, int pid) {
  for (const auto& p : s.processes)
    if (p.pid == pid) return &p;
  return nullptr;
}

std::vector<std::pair<int, int>> holders(const OwnerScan& s, std::uint64_t inode) {
  std::vector<std::pair<int, int>> out;
  for (const InodeOwner& h : s.by_inode.holders(inode)) out.emplace_back(s.processes.at(h.owner.process).pid, h.owner.fd);
  std::sort(out.begin(), out.end());
  return out;
}

void build_tree(FakeProc& f) {
  f.file("stat", "cpu  1 2 3 4\nbtime 1700000000\nprocesses 5\n");
  f.link("self", "100");
  f.dir("sys");

  f.process(100, "srv) S 1 (x", 1, 250, 0, "/usr/sbin/srv\0--port\0" "80\0"s);
  f.link("100/exe", "/usr/sbin/srv (deleted)");
  f.link("100/fd/0", "/dev/null");
  f.link("100/fd/3", "socket:[1000]");
  f.link("100/fd/4", "pipe:[77]");
  f.link("100/fd/5", "socket:[2000]");
  f.link("100/fd/6", "anon_inode:[eventpoll]");

  // A forked worker sharing the listening socket.
  f.process(200, "srv-worker", 100, 300, 4242424, "srv: worker process\0\0\0\0"s);
  f.link("200/fd/3", "socket:[1000]");
  f.link("200/fd/9", "socket:[3000]");

  // No sockets: must not be described.
  f.process(300, "bash", 1, 10, 0, "bash\0"s);
  f.link("300/fd/0", "/dev/pts/0");

  // Exited between listing and reading: fd dir gone.
  f.file("400/stat", "400 (gone) Z 1 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n");

  // Exited after its fds were read: stat gone, so its links are dropped with it.
  f.link("500/fd/3", "socket:[5000]");
}

TEST(ScanSocketOwners, FindsHoldersInFakeTree) {
  FakeProc f;
  build_tree(f);
  const OwnerScan s = scan_socket_owners(f.root());

  EXPECT_EQ(s.processes_denied, 0);
  ASSERT_EQ(s.processes.size(), 2u);
  EXPECT_EQ(s.processes[0].pid, 100);  // ordered by pid
  EXPECT_EQ(s.processes[1].pid, 200);

  EXPECT_EQ(holders(s, 1000), (std::vector<std::pair<int, int>>{{100, 3}, {200, 3}}));
  EXPECT_EQ(holders(s, 2000), (std::vector<std::pair<int, int>>{{100, 5}}));
  EXPECT_EQ(holders(s, 3000), (std::vector<std::pair<int, int>>{{200, 9}}));
  EXPECT_FALSE(s.by_inode.contains(5000));
  EXPECT_FALSE(s.by_inode.contains(77));
  EXPECT_EQ(s.by_inode.inode_count(), 3u);

  const Process* srv = find_pid(s, 100);
  ASSERT_TRUE(srv);
  EXPECT_EQ(srv->name, "srv) S 1 (x");
  EXPECT_EQ(srv->ppid, 1);
  EXPECT_EQ(srv->uid, 0u);
  EXPECT_EQ(srv->user, "root");
  EXPECT_EQ(srv->exe, "/usr/sbin/srv (deleted)");
  EXPECT_EQ(srv->cmdline, (std::vector<std::string>{"/usr/sbin/srv", "--port", "80"}));
  EXPECT_EQ(srv->start_ticks, 250u);
  const long tck = sysconf(_SC_CLK_TCK);
  EXPECT_EQ(srv->start_time_ms, 1700000000LL * 1000 + 250LL * 1000 / tck);

  const Process* worker = find_pid(s, 200);
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->ppid, 100);
  EXPECT_EQ(worker->uid, 4242424u);
  EXPECT_EQ(worker->user, "4242424");  // no such user: the number
  EXPECT_EQ(worker->exe, "");          // link not there
  EXPECT_EQ(worker->cmdline, (std::vector<std::string>{"srv: worker process"}));
}

TEST(ScanSocketOwners, WithoutDetailsReadsOnlyStat) {
  FakeProc f;
  build_tree(f);
  const OwnerScan s = scan_socket_owners(f.root(), /*details=*/false);
  ASSERT_EQ(s.processes.size(), 2u);
  EXPECT_EQ(holders(s, 1000), (std::vector<std::pair<int, int>>{{100, 3}, {200, 3}}));
  const Process& srv = s.processes[0];
  EXPECT_EQ(srv.pid, 100);
  EXPECT_EQ(srv.name, "srv) S 1 (x");
  EXPECT_EQ(srv.ppid, 1);
  EXPECT_EQ(srv.start_ticks, 250u);
  EXPECT_EQ(srv.exe, "");
  EXPECT_TRUE(srv.cmdline.empty());
  EXPECT_EQ(srv.user, "");
  EXPECT_EQ(s.processes[1].uid, 0u);  // status (uid 4242424) not read
}

TEST(ScanSocketOwners, AttributionJoinsScanAndTables) {
  FakeProc f;
  build_tree(f);
  f.file("net/tcp",
         "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
         "   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1000 1 0\n"
         "   1: 0100007F:0050 0100007F:A000 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0\n");
  SocketQuery q;
  q.udp = q.unix_sockets = false;
  auto eps = read_proc_net(q, f.root());
  ASSERT_TRUE(eps) << eps.error().message;
  ASSERT_EQ(eps->size(), 2u);
  const OwnerScan s = scan_socket_owners(f.root());
  attribute_owners(*eps, s.by_inode, s.processes);
  ASSERT_EQ((*eps)[0].owners.size(), 2u);
  EXPECT_EQ(s.processes[(*eps)[0].owners[0].process].pid, 100);
  EXPECT_EQ(s.processes[(*eps)[0].owners[1].process].pid, 200);
  EXPECT_TRUE((*eps)[1].owners.empty());  // TIME_WAIT
}

TEST(ScanSocketOwners, UidFallsBackToDirectoryOwner) {
  FakeProc f;
  f.process(600, "nostatus", 1, 5, 0, "");
  f.link("600/fd/1", "socket:[6000]");
  fs::remove(f.root() + "/600/status");
  if (::chown((f.root() + "/600").c_str(), 1234, 1234) != 0) GTEST_SKIP() << "chown needs root";
  const OwnerScan s = scan_socket_owners(f.root());
  ASSERT_EQ(s.processes.size(), 1u);
  EXPECT_EQ(s.processes[0].uid, 1234u);
  EXPECT_TRUE(s.processes[0].cmdline.empty());
  EXPECT_EQ(s.processes[0].start_time_ms, 0);  // no btime in this tree: unknown, not made up
}

// What a scan as nobody in a child gave: {processes denied, processes found, holders of inode
// 7000}; or that privileges could not be dropped (the only reason to skip); or how the child
// failed (a crash, an exit, a short answer), which fails the test.
struct NobodyScan {
  enum class Status { Ok, CannotDropPrivileges, Failed } status = Status::Failed;
  std::array<int, 3> counts{};
  std::string failure;
};

// The child's exit status when setgroups/setresgid/setresuid refused, and only then.
constexpr int kCannotDropPrivileges = 77;

NobodyScan scan_as_nobody(const std::string& root) {
  NobodyScan out;
  int p[2];
  if (::pipe(p) != 0) {
    out.failure = std::string("pipe: ") + std::strerror(errno);
    return out;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    out.failure = std::string("fork: ") + std::strerror(errno);
    ::close(p[0]);
    ::close(p[1]);
    return out;
  }
  if (child == 0) {
    ::close(p[0]);
    if (::setgroups(0, nullptr) != 0 || ::setresgid(65534, 65534, 65534) != 0 ||
        ::setresuid(65534, 65534, 65534) != 0)
      ::_exit(kCannotDropPrivileges);
    const OwnerScan s = scan_socket_owners(root);
    const int result[3] = {s.processes_denied, static_cast<int>(s.processes.size()),
                           static_cast<int>(s.by_inode.holders(7000).size())};
    ::_exit(::write(p[1], result, sizeof result) == static_cast<ssize_t>(sizeof result) ? 0 : 1);
  }
  ::close(p[1]);
  int result[3] = {};
  const ssize_t n = ::read(p[0], result, sizeof result);
  ::close(p[0]);
  int status = 0;
  if (::waitpid(child, &status, 0) != child) {
    out.failure = std::string("waitpid: ") + std::strerror(errno);
  } else if (WIFSIGNALED(status)) {
    out.failure = "the child died of signal " + std::to_string(WTERMSIG(status));
  } else if (WEXITSTATUS(status) == kCannotDropPrivileges) {
    out.status = NobodyScan::Status::CannotDropPrivileges;
  } else if (WEXITSTATUS(status) != 0) {
    out.failure = "the child exited with " + std::to_string(WEXITSTATUS(status));
  } else if (n != static_cast<ssize_t>(sizeof result)) {
    out.failure = "the child answered " + std::to_string(n) + " bytes";
  } else {
    out.status = NobodyScan::Status::Ok;
    out.counts = {result[0], result[1], result[2]};
  }
  return out;
}

// mode 0700: another user cannot list the fd directory. 0744: it can list it but not follow the
// links (no search permission), as with this sandbox's PID 1. Either way the process counts once
// as not inspected and the others are still found. (That the scan of 0744 stops at the first
// refused link, the kernel checking per process, is not visible in the result.)
class UnreadableFds : public ::testing::TestWithParam<mode_t> {};

TEST_P(UnreadableFds, AreCountedOnceAndTheRestIsStillFound) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to create a directory another user cannot read";
  FakeProc f;
  build_tree(f);
  f.process(700, "secret", 1, 5, 0, "");
  f.link("700/fd/3", "socket:[7000]");
  f.link("700/fd/4", "socket:[7001]");
  f.link("700/fd/5", "socket:[7002]");
  ASSERT_EQ(::chmod((f.root() + "/700/fd").c_str(), GetParam()), 0);
  const NobodyScan result = scan_as_nobody(f.root());
  if (result.status == NobodyScan::Status::CannotDropPrivileges) GTEST_SKIP() << "could not drop privileges to nobody";
  ASSERT_EQ(result.status, NobodyScan::Status::Ok) << result.failure;
  EXPECT_EQ(result.counts[0], 1);  // pid 700, once
  EXPECT_EQ(result.counts[1], 2);  // 100 and 200 still found
  EXPECT_EQ(result.counts[2], 0);
}

INSTANTIATE_TEST_SUITE_P(ScanSocketOwners, UnreadableFds, ::testing::Values(0700, 0744),
                         [](const auto& info) { return info.param == 0700 ? "Unlistable" : "ListableLinksRefused"; });

TEST(ScanSocketOwners, MissingRootGivesEmptyScan) {
  const OwnerScan s = scan_socket_owners("/nonexistent/sockscope-proc");
  EXPECT_TRUE(s.processes.empty());
  EXPECT_TRUE(s.by_inode.empty());
}

TEST(ReadProcNet, ReadsPresentTablesAndSkipsMissingOnes) {
  FakeProc f;
  for (const char* t : {"tcp", "udp", "unix", "raw"}) f.fixture_table(t);  // no IPv6 tables
  auto eps = read_proc_net(SocketQuery{}, f.root());
  ASSERT_TRUE(eps) << eps.error().message;
  std::size_t tcp = 0, udp = 0, unx = 0;
  for (const auto& e : *eps) {
    EXPECT_NE(e.proto, Proto::Raw);  // raw is read separately
    tcp += e.proto == Proto::Tcp;
    udp += e.proto == Proto::Udp;
    unx += e.proto == Proto::Unix;
  }
  EXPECT_EQ(tcp, 4u);
  EXPECT_EQ(udp, 3u);
  EXPECT_EQ(unx, 10u);
}

TEST(ReadProcNet, FollowsTheQuery) {
  FakeProc f;
  for (const char* t : {"tcp", "tcp6", "udp", "udp6", "unix"}) f.fixture_table(t);

  SocketQuery q;
  q.udp = q.unix_sockets = false;
  q.tcp_states = state_bit(TcpState::Listen);
  auto listen = read_proc_net(q, f.root());
  ASSERT_TRUE(listen);
  ASSERT_EQ(listen->size(), 3u);  // two v4 listeners, one v6
  for (const auto& e : *listen) EXPECT_EQ(e.state, TcpState::Listen);

  q.tcp_states = kAllStates;
  q.inet4 = false;
  auto v6 = read_proc_net(q, f.root());
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->size(), 4u);
  for (const auto& e : *v6) EXPECT_EQ(e.family, Family::Inet6);

  SocketQuery only_udp;
  only_udp.tcp = only_udp.unix_sockets = false;
  only_udp.tcp_states = 0;  // applies to TCP only
  auto udp = read_proc_net(only_udp, f.root());
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->size(), 4u);
}

TEST(ReadProcNet, FailsWhenNoTableExistsOrOneIsUnreadable) {
  FakeProc f;
  auto none = read_proc_net(SocketQuery{}, f.root());
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ENOENT);

  f.file("net/tcp", "this is not a socket table\n");
  auto bad = read_proc_net(SocketQuery{}, f.root());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("net/tcp"), std::string::npos);

  fs::remove(f.root() + "/net/tcp");
  f.dir("net/tcp");  // reading a directory fails with EISDIR
  auto dir = read_proc_net(SocketQuery{}, f.root());
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().code, EISDIR);
}

TEST(ReadProcRaw, ReadsRawTablesPerFamily) {
  FakeProc f;
  f.fixture_table("raw");
  f.fixture_table("raw6");
  SocketQuery q;
  auto all = read_proc_raw(q, f.root());
  ASSERT_EQ(all.size(), 3u);
  for (const auto& e : all) EXPECT_EQ(e.proto, Proto::Raw);
  q.inet4 = false;
  auto v6 = read_proc_raw(q, f.root());
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0].raw_protocol, 58u);
  q.raw = false;
  EXPECT_TRUE(read_proc_raw(q, f.root()).empty());
  fs::remove(f.root() + "/net/raw6");
  f.file("net/raw", "garbage header\n");
  EXPECT_TRUE(read_proc_raw(SocketQuery{}, f.root()).empty());
}

// Child processes that hold sockets until the object is destroyed.
class SocketHolders {
 public:
  // Each child opens `count` unbound UDP sockets on top of every descriptor it inherits.
  SocketHolders(int children, int count) {
    int release[2];
    if (::pipe(release) != 0) throw std::runtime_error("pipe");
    release_fd_ = release[1];
    for (int c = 0; c < children; ++c) {
      int ready[2];
      if (::pipe(ready) != 0) throw std::runtime_error("pipe");
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::close(release[1]);
        char ok = 1;
        for (int i = 0; i < count; ++i)
          if (::socket(AF_INET, SOCK_DGRAM, 0) < 0) ok = 0;
        (void)!::write(ready[1], &ok, 1);
        char b;
        (void)!::read(release[0], &b, 1);  // EOF when the parent closes its end
        ::_exit(0);
      }
      char ok = 0;
      (void)!::read(ready[0], &ok, 1);
      ::close(ready[0]);
      ::close(ready[1]);
      pids_.push_back(pid);
      all_ok_ = all_ok_ && ok == 1;
    }
    ::close(release[0]);
  }
  ~SocketHolders() {
    ::close(release_fd_);
    for (pid_t p : pids_) ::waitpid(p, nullptr, 0);
  }
  const std::vector<pid_t>& pids() const { return pids_; }
  bool all_ok() const { return all_ok_; }

 private:
  int release_fd_ = -1;
  std::vector<pid_t> pids_;
  bool all_ok_ = true;
};

TEST(ScanSocketOwnersLive, SeesEveryDescriptorOfManyChildren) {
  constexpr int kChildren = 4, kPerChild = 2500;
  SocketHolders kids(kChildren, kPerChild);
  ASSERT_TRUE(kids.all_ok()) << "children could not open " << kPerChild << " sockets each";
  const OwnerScan s = scan_socket_owners("/proc");
  for (pid_t pid : kids.pids()) {
    const Process* p = find_pid(s, pid);
    ASSERT_TRUE(p) << pid;
    EXPECT_EQ(p->ppid, ::getpid());
    std::size_t held = 0;
    const auto index = static_cast<std::uint32_t>(p - s.processes.data());
    for (const InodeOwner& h : s.by_inode.entries()) held += h.owner.process == index;
    EXPECT_EQ(held, static_cast<std::size_t>(kPerChild)) << pid;
  }
}

void bring_up_loopback() {
  const int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(s, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  ASSERT_EQ(::ioctl(s, SIOCGIFFLAGS, &ifr), 0);
  ifr.ifr_flags |= IFF_UP;
  ASSERT_EQ(::ioctl(s, SIOCSIFFLAGS, &ifr), 0);
  ::close(s);
}

std::uint64_t inode_of(int fd) {
  struct stat st {};
  EXPECT_EQ(::fstat(fd, &st), 0);
  return st.st_ino;
}

const Endpoint* by_inode(const std::vector<Endpoint>& eps, std::uint64_t inode) {
  for (const auto& e : eps)
    if (e.inode == inode) return &e;
  return nullptr;
}

TEST(ProcLive, ListenerIsListedAndAttributedInPrivateNetns) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to create a network namespace";
  if (::unshare(CLONE_NEWNET) != 0) GTEST_SKIP() << "unshare(CLONE_NEWNET) failed: " << std::strerror(errno);
  bring_up_loopback();

  const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(lfd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
  ASSERT_EQ(::listen(lfd, 16), 0);
  socklen_t alen = sizeof a;
  ASSERT_EQ(::getsockname(lfd, reinterpret_cast<sockaddr*>(&a), &alen), 0);
  const std::uint16_t port = ntohs(a.sin_port);

  const int ufd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in u{};
  u.sin_family = AF_INET;
  u.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(ufd, reinterpret_cast<sockaddr*>(&u), sizeof u), 0);

  // An IPv6 socket bound to a v4-mapped address checks the tcp6 word order on a live kernel.
  const int v6fd = ::socket(AF_INET6, SOCK_STREAM, 0);
  if (v6fd >= 0) {
    sockaddr_in6 s6{};
    s6.sin6_family = AF_INET6;
    ASSERT_EQ(inet_pton(AF_INET6, "::ffff:127.0.0.1", &s6.sin6_addr), 1);
    ASSERT_EQ(::bind(v6fd, reinterpret_cast<sockaddr*>(&s6), sizeof s6), 0) << std::strerror(errno);
    ASSERT_EQ(::listen(v6fd, 4), 0);
  }

  const int xfd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un x{};
  x.sun_family = AF_UNIX;
  const std::string abstract_name = "sockscope test " + std::to_string(getpid());
  std::memcpy(x.sun_path + 1, abstract_name.data(), abstract_name.size());
  ASSERT_EQ(::bind(xfd, reinterpret_cast<sockaddr*>(&x),
                   static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + abstract_name.size())),
            0);
  ASSERT_EQ(::listen(xfd, 4), 0);

  // A forked child shares every descriptor, so each socket gets two holders.
  SocketHolders child(1, 0);

  auto eps = read_proc_net(SocketQuery{}, "/proc");
  ASSERT_TRUE(eps) << eps.error().message;
  std::size_t inet = 0;
  for (const auto& e : *eps) inet += e.proto != Proto::Unix;
  EXPECT_EQ(inet, v6fd >= 0 ? 3u : 2u) << "a fresh namespace holds only this test's sockets";

  const Endpoint* listener = by_inode(*eps, inode_of(lfd));
  ASSERT_TRUE(listener);
  EXPECT_EQ(listener->proto, Proto::Tcp);
  EXPECT_EQ(listener->state, TcpState::Listen);
  EXPECT_EQ(listener->local.to_string(), "127.0.0.1");
  EXPECT_EQ(listener->local_port, port);
  EXPECT_EQ(listener->uid, 0u);

  const Endpoint* udp = by_inode(*eps, inode_of(ufd));
  ASSERT_TRUE(udp);
  EXPECT_EQ(udp->proto, Proto::Udp);
  EXPECT_EQ(udp->state, TcpState::Close);

  if (v6fd >= 0) {
    const Endpoint* mapped = by_inode(*eps, inode_of(v6fd));
    ASSERT_TRUE(mapped);
    EXPECT_EQ(mapped->family, Family::Inet6);
    EXPECT_TRUE(mapped->local.is_v4_mapped());
    EXPECT_EQ(mapped->local.to_string(), "::ffff:127.0.0.1");
  }

  const Endpoint* unx = by_inode(*eps, inode_of(xfd));
  ASSERT_TRUE(unx);
  EXPECT_EQ(unx->state, TcpState::Listen);
  EXPECT_EQ(unx->unix_type, UnixType::Stream);
  EXPECT_EQ(unx->unix_path, "@" + abstract_name);

  // processes_denied is not checked: even root is refused the fds of a non-dumpable
  // or foreign-namespace init, as in some containers.
  const OwnerScan s = scan_socket_owners("/proc");
  attribute_owners(*eps, s.by_inode, s.processes);
  listener = by_inode(*eps, inode_of(lfd));
  ASSERT_EQ(listener->owners.size(), 2u);
  const Process& me = s.processes[listener->owners[0].process];
  EXPECT_EQ(me.pid, ::getpid());  // parent pid sorts first
  EXPECT_EQ(listener->owners[0].fd, lfd);
  EXPECT_EQ(s.processes[listener->owners[1].process].pid, child.pids()[0]);
  EXPECT_EQ(listener->owners[1].fd, lfd);

  std::string comm = slurp("/proc/self/comm");
  if (!comm.empty() && comm.back() == '\n') comm.pop_back();
  EXPECT_EQ(me.name, comm);
  EXPECT_EQ(me.ppid, ::getppid());
  EXPECT_EQ(me.exe, fs::read_symlink("/proc/self/exe").string());
  EXPECT_EQ(me.user, "root");
  ASSERT_FALSE(me.cmdline.empty());
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  EXPECT_LE(me.start_time_ms, now_ms + 60'000);
  EXPECT_GE(me.start_time_ms, now_ms - 3'600'000);

  for (int fd : {lfd, ufd, v6fd, xfd})
    if (fd >= 0) ::close(fd);
}

}  // namespace
}  // namespace sockscope
