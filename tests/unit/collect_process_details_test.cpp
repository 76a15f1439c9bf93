// read_process_details over a fake /proc tree: working directory, cgroup text, parent chain, and what
// it says when parts cannot be read.
#include "collect/process_details.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sockscope {
namespace {

namespace fs = std::filesystem;

class FakeProcRoot {
 public:
  FakeProcRoot() {
    char tmpl[] = "/tmp/sockscope-details-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
  }
  ~FakeProcRoot() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const std::string& root() const { return root_; }
  void file(const std::string& rel, const std::string& content) {
    fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
    std::ofstream(root_ + "/" + rel, std::ios::binary) << content;
  }
  void process(int pid, const std::string& comm, int ppid) {
    const std::string p = std::to_string(pid);
    file(p + "/stat", p + " (" + comm + ") S " + std::to_string(ppid) +
                          " 1 1 0 -1 4194560 100 0 0 0 1 1 0 0 20 0 1 0 77 1000000 100 0 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0\n");
    file(p + "/status", "Name:\tx\nUid:\t0\t0\t0\t0\n");
  }

 private:
  std::string root_;
};

TEST(ProcessDetails, ReadsCwdCgroupAndParents) {
  FakeProcRoot f;
  f.process(1, "systemd", 0);
  f.process(42, "nginx", 1);
  fs::create_symlink("/srv/www", f.root() + "/42/cwd");
  f.file("42/cgroup", "0::/system.slice/nginx.service\n");
  ProcessDetails d = read_process_details(42, f.root());
  EXPECT_EQ(d.cwd, "/srv/www");
  EXPECT_EQ(d.cgroup, "0::/system.slice/nginx.service\n");
  ASSERT_EQ(d.ancestry.size(), 2u);
  EXPECT_EQ(d.ancestry[0].name, "nginx");
  EXPECT_EQ(d.ancestry[1].pid, 1);
  EXPECT_EQ(d.error, "");
}

TEST(ProcessDetails, SaysWhatCouldNotBeRead) {
  FakeProcRoot f;
  f.process(42, "nginx", 0);  // no cwd link, no cgroup file
  ProcessDetails d = read_process_details(42, f.root());
  EXPECT_EQ(d.cwd, "");
  EXPECT_EQ(d.cgroup, "");
  EXPECT_EQ(d.error, "working directory: the process has exited; cgroup: the process has exited");
  ProcessDetails gone = read_process_details(4242, f.root());
  EXPECT_TRUE(gone.ancestry.empty());
  EXPECT_FALSE(gone.error.empty());
}

TEST(ProcessDetails, ReadsThisProcess) {
  ProcessDetails d = read_process_details(getpid());
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof cwd), nullptr);
  EXPECT_EQ(d.cwd, cwd);
  EXPECT_FALSE(d.cgroup.empty());
  ASSERT_FALSE(d.ancestry.empty());
  EXPECT_EQ(d.ancestry[0].pid, getpid());
}

}  // namespace
}  // namespace sockscope
