// Tests for the eBPF task-file iterator: what it reports about this very process's descriptors, that
// it agrees with the /proc scan, and that it refuses cleanly where the kernel does not allow it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "collect/bpf_socket_files.hpp"
#include "collect/proc_fd_scan.hpp"
#include "ebpf_preconditions.hpp"

namespace sockscope {
namespace {

std::uint64_t inode_of(int fd) {
  struct stat st {};
  return ::fstat(fd, &st) == 0 ? st.st_ino : 0;
}

std::uint64_t netns_of_this_thread() {
  struct stat st {};
  return ::stat("/proc/thread-self/ns/net", &st) == 0 ? st.st_ino : 0;
}

// What the iterator reports for a socket of this thread's namespace: its inode with that namespace.
std::uint64_t key_of(int fd) { return socket_key(netns_of_this_thread(), inode_of(fd)); }

bool may_load() { return ::geteuid() == 0; }

// The iterator loaded, or the test skipped naming the missing precondition (not privileged, no
// BTF, an old kernel, a build without it). With every precondition there, a refusal is a failure.
#define LOAD_OR_SKIP(name)                                                                      \
  if (const std::string missing = testing::ebpf_missing_precondition(); !missing.empty())      \
    GTEST_SKIP() << missing;                                                                    \
  auto loaded_##name = BpfSocketFiles::load();                                                  \
  ASSERT_TRUE(loaded_##name.has_value()) << "the eBPF iterator did not load although root, BTF " \
                                            "and the build allow it: "                          \
                                         << loaded_##name.error().message;                      \
  BpfSocketFiles& name = **loaded_##name

class Fds {
 public:
  ~Fds() {
    for (int fd : fds_) ::close(fd);
  }
  int add(int fd) {
    if (fd >= 0) fds_.push_back(fd);
    return fd;
  }

 private:
  std::vector<int> fds_;
};

TEST(BpfSocketFiles, ReportsThisProcessesSocketsWithPidAndDescriptor) {
  LOAD_OR_SKIP(files);
  Fds fds;
  const int tcp = fds.add(::socket(AF_INET, SOCK_STREAM, 0));
  const int udp6 = fds.add(::socket(AF_INET6, SOCK_DGRAM, 0));
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  fds.add(pair[0]);
  fds.add(pair[1]);
  ASSERT_GE(tcp, 0);
  ASSERT_GE(udp6, 0);

  std::vector<InodeOwner> links, keyed;
  ASSERT_TRUE(files.read(links).has_value());
  ASSERT_TRUE(files.read(keyed, nullptr, /*with_netns=*/true).has_value());
  const auto pid = static_cast<std::uint32_t>(::getpid());
  for (int fd : {tcp, udp6, pair[0], pair[1]}) {
    const InodeOwner want{inode_of(fd), Owner{pid, fd}};
    EXPECT_NE(std::find(links.begin(), links.end(), want), links.end()) << "fd " << fd << " inode " << want.inode;
    const InodeOwner want_keyed{key_of(fd), Owner{pid, fd}};
    EXPECT_NE(std::find(keyed.begin(), keyed.end(), want_keyed), keyed.end()) << "fd " << fd << " key " << want_keyed.inode;
  }
}

TEST(BpfSocketFiles, LeavesOutEverythingThatIsNotASocket) {
  LOAD_OR_SKIP(files);
  Fds fds;
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  fds.add(pipe_fds[0]);
  fds.add(pipe_fds[1]);
  const int event = fds.add(::eventfd(0, 0));
  const int file = fds.add(::open("/proc/self/stat", O_RDONLY));
  // An O_PATH descriptor of a bound UNIX socket's path: S_IFSOCK on disk, but not a socket.
  char dir_template[] = "/tmp/sockscope-bpf-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  const std::string path = std::string(dir_template) + "/s";
  const int bound = fds.add(::socket(AF_UNIX, SOCK_STREAM, 0));
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  std::snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(bound, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  const int o_path = fds.add(::open(path.c_str(), O_PATH));
  ASSERT_GE(o_path, 0);

  std::vector<InodeOwner> links;
  ASSERT_TRUE(files.read(links).has_value());
  ::unlink(path.c_str());
  ::rmdir(dir_template);
  const auto pid = static_cast<std::uint32_t>(::getpid());
  std::set<int> mine;
  for (const InodeOwner& l : links) {
    if (l.owner.process == pid) mine.insert(l.owner.fd);
  }
  for (int fd : {pipe_fds[0], pipe_fds[1], event, file, o_path}) EXPECT_FALSE(mine.contains(fd)) << "fd " << fd;
  EXPECT_TRUE(mine.contains(bound));
}

TEST(BpfSocketFiles, AgreesWithTheProcScan) {
  LOAD_OR_SKIP(files);
  Fds fds;
  for (int i = 0; i < 50; ++i) fds.add(::socket(i % 2 ? AF_INET : AF_INET6, i % 3 ? SOCK_STREAM : SOCK_DGRAM, 0));
  std::vector<InodeOwner> links;
  ASSERT_TRUE(files.read(links).has_value());
  const OwnerScan from_proc = scan_socket_owners("/proc", /*details=*/false);
  const OwnerScan from_ebpf = owners_from_links(links, "/proc", /*details=*/false);

  // As (inode, pid, fd) sets. Processes /proc does not let us read (PID 1 in some sandboxes) are
  // compared only where /proc saw them.
  using Triple = std::tuple<std::uint64_t, int, int>;
  auto triples = [](const OwnerScan& s) {
    std::set<Triple> out;
    for (const InodeOwner& l : s.by_inode.entries()) out.emplace(l.inode, s.processes[l.owner.process].pid, l.owner.fd);
    return out;
  };
  const std::set<Triple> proc = triples(from_proc), ebpf = triples(from_ebpf);
  std::set<int> proc_pids;
  for (const Process& p : from_proc.processes) proc_pids.insert(p.pid);
  std::set<Triple> ebpf_seen_by_proc;
  for (const Triple& t : ebpf) {
    if (proc_pids.contains(std::get<1>(t)) || from_proc.processes_denied == 0) ebpf_seen_by_proc.insert(t);
  }
  // Other processes may open or close sockets between the two reads; this one's 50 do not.
  std::set<Triple> mine_proc, mine_ebpf;
  for (const Triple& t : proc) {
    if (std::get<1>(t) == ::getpid()) mine_proc.insert(t);
  }
  for (const Triple& t : ebpf_seen_by_proc) {
    if (std::get<1>(t) == ::getpid()) mine_ebpf.insert(t);
  }
  EXPECT_GE(mine_proc.size(), 50u);
  EXPECT_EQ(mine_ebpf, mine_proc);
  // And the processes described are the same ones, with the same names.
  for (const Process& p : from_proc.processes) {
    const auto it = std::find_if(from_ebpf.processes.begin(), from_ebpf.processes.end(),
                                 [&](const Process& q) { return q.pid == p.pid; });
    if (it == from_ebpf.processes.end()) continue;  // exited between the reads
    EXPECT_EQ(it->name, p.name);
    EXPECT_EQ(it->start_ticks, p.start_ticks);
  }
}

TEST(BpfSocketFiles, EachReadIsAFreshWalk) {
  LOAD_OR_SKIP(files);
  std::vector<InodeOwner> before;
  ASSERT_TRUE(files.read(before).has_value());
  Fds fds;
  const int fd = fds.add(::socket(AF_INET, SOCK_STREAM, 0));
  std::vector<InodeOwner> after;
  ASSERT_TRUE(files.read(after).has_value());
  const InodeOwner want{inode_of(fd), Owner{static_cast<std::uint32_t>(::getpid()), fd}};
  EXPECT_EQ(std::find(before.begin(), before.end(), want), before.end());
  EXPECT_NE(std::find(after.begin(), after.end(), want), after.end());
}

// Asked for namespaces, a socket made in another network namespace and held here is keyed by its
// own namespace, not by its holder's: that is what keeps the owner join exact across namespaces.
TEST(BpfSocketFiles, KeysEachSocketByTheNamespaceItLivesIn) {
  LOAD_OR_SKIP(files);
  Fds fds;
  int elsewhere = -1;
  std::uint64_t other_ns = 0;
  // unshare(CLONE_NEWNET) moves only the calling thread: a thread of its own leaves this one be.
  std::thread([&] {
    if (::unshare(CLONE_NEWNET) != 0) return;
    other_ns = netns_of_this_thread();
    elsewhere = ::socket(AF_INET, SOCK_STREAM, 0);
  }).join();
  ASSERT_GE(elsewhere, 0) << "unshare(CLONE_NEWNET) failed as root: " << std::strerror(errno);
  fds.add(elsewhere);
  const int here = fds.add(::socket(AF_INET, SOCK_STREAM, 0));
  ASSERT_NE(other_ns, netns_of_this_thread());

  std::vector<InodeOwner> links;
  ASSERT_TRUE(files.read(links, nullptr, /*with_netns=*/true).has_value());
  const auto pid = static_cast<std::uint32_t>(::getpid());
  const InodeOwner theirs{socket_key(other_ns, inode_of(elsewhere)), Owner{pid, elsewhere}};
  const InodeOwner ours{key_of(here), Owner{pid, here}};
  EXPECT_NE(std::find(links.begin(), links.end(), theirs), links.end()) << "namespace " << other_ns;
  EXPECT_NE(std::find(links.begin(), links.end(), ours), links.end());
}

TEST(BpfSocketFiles, RefusedWithoutPrivilegeInOneLine) {
  if (may_load()) GTEST_SKIP() << "running as root: the refusal is checked by the unprivileged run (scripts/unprivileged.sh)";
  const auto loaded = BpfSocketFiles::load();
  ASSERT_FALSE(loaded.has_value());
  const std::string& why = loaded.error().message;
  EXPECT_EQ(why.find('\n'), std::string::npos) << why;
  EXPECT_NE(why.find("eBPF"), std::string::npos) << why;
  if (BpfSocketFiles::built_in()) {
    EXPECT_NE(why.find("not permitted"), std::string::npos) << why;
  }
}

}  // namespace
}  // namespace sockscope
