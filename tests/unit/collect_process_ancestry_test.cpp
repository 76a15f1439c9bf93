// read_ancestry over fake and real /proc trees, and the unit the socket-owner scan fills from cgroup files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "collect/proc_fd_scan.hpp"
#include "collect/process_ancestry.hpp"

namespace sockscope {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

class FakeProc {
 public:
  FakeProc() {
    char tmpl[] = "/tmp/sockscope-anc-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
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
    fs::create_symlink(target, root_ + "/" + rel);
  }
  void process(int pid, const std::string& comm, int ppid, const std::string& cgroup, const std::string& exe = "") {
    const std::string p = std::to_string(pid);
    file(p + "/stat", p + " (" + comm + ") S " + std::to_string(ppid) +
                          " 1 1 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 77 1000000 100 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n");
    file(p + "/status", "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n");
    file(p + "/cmdline", comm + "\0--flag\0"s);
    if (!cgroup.empty()) file(p + "/cgroup", cgroup);
    if (!exe.empty()) link(p + "/exe", exe);
    fs::create_directories(root_ + "/" + p + "/fd");
  }

 private:
  std::string root_;
};

TEST(ReadAncestry, WalksParentsToInit) {
  FakeProc f;
  f.process(1, "systemd", 0, "0::/init.scope\n", "/usr/lib/systemd/systemd");
  f.process(50, "nginx", 1, "0::/system.slice/nginx.service\n", "/usr/sbin/nginx");
  f.process(51, "nginx", 50, "0::/system.slice/nginx.service\n", "/usr/sbin/nginx");
  const auto chain = read_ancestry(51, f.root());
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0].pid, 51);
  EXPECT_EQ(chain[0].ppid, 50);
  EXPECT_EQ(chain[0].name, "nginx");
  EXPECT_EQ(chain[0].exe, "/usr/sbin/nginx");
  EXPECT_EQ(chain[0].unit, "nginx.service");
  EXPECT_EQ(chain[0].uid, 1000u);
  EXPECT_EQ(chain[0].cmdline, (std::vector<std::string>{"nginx", "--flag"}));
  EXPECT_EQ(chain[1].pid, 50);
  EXPECT_EQ(chain[2].pid, 1);
  EXPECT_EQ(chain[2].unit, "init.scope");
  EXPECT_EQ(chain[2].ppid, 0);
}

TEST(ReadProcess, TheProcessAloneAsTheChainStartsAndPidZeroWhenUnreadable) {
  FakeProc f;
  f.process(1, "systemd", 0, "0::/init.scope\n");
  f.process(60, "curl", 1, "0::/user.slice/session-2.scope\n", "/usr/bin/curl");
  const Process p = read_process(60, f.root());
  EXPECT_EQ(p.pid, 60);
  EXPECT_EQ(p.ppid, 1);
  EXPECT_EQ(p.name, "curl");
  EXPECT_EQ(p.exe, "/usr/bin/curl");
  EXPECT_EQ(p.unit, "session-2.scope");
  EXPECT_EQ(p.cmdline, (std::vector<std::string>{"curl", "--flag"}));
  EXPECT_EQ(read_process(61, f.root()).pid, 0);
  EXPECT_EQ(read_process(0, f.root()).pid, 0);
  f.file("62/stat", "62 (trunc");
  EXPECT_EQ(read_process(62, f.root()).pid, 0);
}

TEST(ReadAncestry, StopsWhereAParentCannotBeRead) {
  FakeProc f;
  f.process(300, "orphan", 299, "");  // 299 does not exist
  const auto chain = read_ancestry(300, f.root());
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].unit, "") << "no cgroup file";
  EXPECT_EQ(chain[0].exe, "") << "no exe link";
}

TEST(ReadAncestry, MissingOrBadInputGivesEmpty) {
  FakeProc f;
  EXPECT_TRUE(read_ancestry(12345, f.root()).empty());
  EXPECT_TRUE(read_ancestry(0, f.root()).empty());
  EXPECT_TRUE(read_ancestry(-1, f.root()).empty());
  EXPECT_TRUE(read_ancestry(1, "/nonexistent/sockscope-proc").empty());
  f.file("400/stat", "400 (trunc");
  EXPECT_TRUE(read_ancestry(400, f.root()).empty()) << "malformed stat";
}

TEST(ReadAncestry, ACycleDoesNotLoop) {
  FakeProc f;
  f.process(7, "a", 8, "");
  f.process(8, "b", 7, "");
  const auto chain = read_ancestry(7, f.root());
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].pid, 7);
  EXPECT_EQ(chain[1].pid, 8);
}

TEST(ReadAncestry, DeepChainsAreBounded) {
  FakeProc f;
  for (int pid = 1; pid <= 300; ++pid) f.process(pid, "p", pid - 1, "");
  EXPECT_EQ(read_ancestry(300, f.root()).size(), kMaxAncestry);
}

TEST(ReadAncestry, RealProcStartsWithUs) {
  const auto chain = read_ancestry(::getpid());
  ASSERT_GE(chain.size(), 2u);
  EXPECT_EQ(chain[0].pid, ::getpid());
  EXPECT_EQ(chain[1].pid, ::getppid());
  EXPECT_EQ(chain.back().ppid, 0) << "ends at a process without parent";
}

TEST(ScanSocketOwners, FillsUnitFromCgroup) {
  FakeProc f;
  f.file("stat", "btime 1700000000\n");
  f.process(100, "nginx", 1, "0::/system.slice/nginx.service\n");
  f.link("100/fd/3", "socket:[1000]");
  f.process(200, "app", 1, "0::/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
  f.link("200/fd/3", "socket:[2000]");
  f.process(300, "nocg", 1, "");
  f.link("300/fd/3", "socket:[3000]");
  const OwnerScan s = scan_socket_owners(f.root());
  ASSERT_EQ(s.processes.size(), 3u);
  EXPECT_EQ(s.processes[0].unit, "nginx.service");
  EXPECT_EQ(s.processes[1].unit, "container 0123456789ab");
  EXPECT_EQ(s.processes[2].unit, "");
}

}  // namespace
}  // namespace sockscope
