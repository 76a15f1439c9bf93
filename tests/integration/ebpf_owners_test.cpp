// Owners from the eBPF task-file iterator against owners from /proc/PID/fd: the same rows, the same
// processes, in the host's PID namespace and in a private one (PIDs as that namespace numbers them).
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ebpf_preconditions.hpp"
#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;

namespace {

const std::string kColumns =
    "proto,state,local_address,local_port,remote_address,remote_port,inode,pids,process,exe,cmdline,process_user,unit";

nlohmann::json sorted_rows(const std::string& json_text) {
  auto rows = nlohmann::json::parse(json_text);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.dump() < b.dump(); });
  return rows;
}

class EbpfOwners : public ::testing::Test {
 protected:
  void SetUp() override {
    ENTER_NETNS();
    // Both ends of a TCP connection in different processes, a socket shared by two processes, a
    // listener, UDP on both families, a UNIX listener.
    const int listener = tcp_listen("127.0.0.1", 7301);
    const int client = tcp_connect("127.0.0.1", 7301);
    const int shared = udp_bind("::1", 7302);
    const int udp = udp_bind("127.0.0.1", 7303);
    const int un = unix_listen("@sockscope-ebpf-test");
    ASSERT_TRUE(listener >= 0 && client >= 0 && shared >= 0 && udp >= 0 && un >= 0);
    const int shared_copy = dup(shared);
    spawn_holder("ebpf-server", {listener, udp, un, shared});
    spawn_holder("ebpf-client", {client, shared_copy});
    const CommandResult probe = run_sockscope({"list", "-a", "-n", "-o", "pid", "--owners-from", "ebpf"});
    // Skipped only where the iterator cannot load (which precondition is missing is said); where
    // it can, a refusal is a bug.
    if (const std::string missing = ebpf_missing_precondition(); !missing.empty()) GTEST_SKIP() << missing;
    ASSERT_EQ(probe.exit_code, 0) << "--owners-from ebpf failed although root, BTF and the build allow it: " << probe.err;
  }
  void TearDown() override { kill_holders(); }
};

TEST_F(EbpfOwners, SameRowsAndOwnersAsProc) {
  const CommandResult ebpf = run_sockscope({"list", "-a", "-n", "-j", "-o", kColumns, "--owners-from", "ebpf"});
  const CommandResult proc = run_sockscope({"list", "-a", "-n", "-j", "-o", kColumns, "--owners-from", "proc"});
  ASSERT_EQ(ebpf.exit_code, 0) << ebpf.err;
  ASSERT_EQ(proc.exit_code, 0) << proc.err;
  const auto want = sorted_rows(proc.out);
  EXPECT_EQ(sorted_rows(ebpf.out), want);

  // Not two empty answers: the test's sockets are there with their owners.
  const std::string text = want.dump();
  for (const char* needle : {"ebpf-server", "ebpf-client", "\"local_port\":7301", "\"local_port\":7302", "@sockscope-ebpf-test"}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << " missing from " << text;
  }
  for (const auto& row : want) {
    if (row["local_port"] == 7302) {
      EXPECT_EQ(row["pids"].size(), 2u) << "held by both processes: " << row.dump();
    }
  }
}

TEST_F(EbpfOwners, VerboseNamesTheMethod) {
  const CommandResult ebpf = run_sockscope({"list", "-a", "-n", "-v", "--owners-from", "ebpf"});
  const CommandResult proc = run_sockscope({"list", "-a", "-n", "-v", "--owners-from", "proc"});
  EXPECT_NE(ebpf.err.find("sockscope: owners found by the eBPF task-file iterator\n"), std::string::npos) << ebpf.err;
  EXPECT_NE(proc.err.find("sockscope: owners found in /proc/PID/fd\n"), std::string::npos) << proc.err;
}

TEST_F(EbpfOwners, NetstatOwnersAreTheSame) {
  // netstat -ano takes the automatic choice; its PIDs must match either way of finding them.
  const CommandResult netstat = run_sockscope({"netstat", "-ano"});
  const CommandResult ebpf = run_sockscope({"list", "-a", "-n", "-c", "-H", "-o", "local_port,pid", "--owners-from", "ebpf"});
  ASSERT_EQ(netstat.exit_code, 0) << netstat.err;
  ASSERT_EQ(ebpf.exit_code, 0) << ebpf.err;
  int checked = 0;
  for (const std::string& line : split_lines(ebpf.out)) {
    if (!line.starts_with("7301,")) continue;
    std::string pid = line.substr(5);
    if (pid.ends_with('\r')) pid.pop_back();  // CSV records end in CRLF
    if (pid.empty()) continue;                 // a connection not yet accepted: no owner
    ++checked;
    EXPECT_NE(netstat.out.find(" " + pid + "\n"), std::string::npos) << pid << " not in " << netstat.out;
  }
  EXPECT_GE(checked, 1) << ebpf.out;
}

TEST_F(EbpfOwners, PidsAsAPrivatePidNamespaceNumbersThem) {
  // Inside a new PID namespace with its own /proc: a shell there holds a connection to the
  // listener above; both methods must name it by its PID in that namespace, and see nothing else
  // of the host's processes.
  const std::string binary = SOCKSCOPE_BINARY;
  const std::string list = "'" + binary + "' list -a -n -j -o " + kColumns + " --owners-from ";
  const std::string script =
      "exec 3<>/dev/tcp/127.0.0.1/7301 || exit 9\n"
      "echo \"shell $$\"\n" +
      list + "ebpf 3>&- || exit 10\n"
      "echo ---\n" +
      list + "proc 3>&- || exit 11\n";
  const CommandResult r = run_command({"unshare", "--pid", "--fork", "--mount-proc", "bash", "-c", script});
  if (r.exit_code != 0 && r.err.find("unshare") != std::string::npos) GTEST_SKIP() << "no private PID namespace: " << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto first_newline = r.out.find('\n');
  ASSERT_NE(first_newline, std::string::npos) << r.out;
  const std::string shell_pid = r.out.substr(6, first_newline - 6);
  const auto split = r.out.find("\n---\n");
  ASSERT_NE(split, std::string::npos) << r.out;
  const auto ebpf = sorted_rows(r.out.substr(first_newline + 1, split - first_newline));
  const auto proc = sorted_rows(r.out.substr(split + 5));
  EXPECT_EQ(ebpf, proc);

  // Two connections to the listener: the test's own (its holder is outside the namespace: no
  // owner) and the shell's.
  int shells = 0;
  for (const auto& row : ebpf) {
    const bool to_listener = row["remote_port"] == 7301, listener_side = row["local_port"] == 7301;
    if (to_listener && !row["pids"].empty()) {
      ++shells;
      ASSERT_EQ(row["pids"].size(), 1u) << row.dump();
      EXPECT_EQ(std::to_string(row["pids"][0].get<int>()), shell_pid) << row.dump();
      EXPECT_EQ(row["process"], "bash") << row.dump();
    } else if (to_listener || listener_side) {
      EXPECT_TRUE(row["pids"].empty()) << "the host's holders are not in this namespace: " << row.dump();
    }
  }
  const bool found = shells == 1;
  EXPECT_TRUE(found) << r.out;
}

}  // namespace
