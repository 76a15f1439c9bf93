// Hostile process names, command lines and executable paths in netstat (-b, -bv), close and list
// output: never raw on the terminal, visibly escaped.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "netns_harness.hpp"
#include "test_sockets.hpp"

using namespace sockscope::testing;
namespace fs = std::filesystem;

namespace {

// An executable whose path holds ESC, BEL, a newline and invalid UTF-8; its process name (the
// first 15 bytes of the file name) and argv[0] are hostile as well.
const std::string kEvilFile = "\x1b[31mev\nil\x07\xff";
const std::string kEvilArgv0 = "\x1b]0;owned\x07\r\x1b[2J=cmd|' /C calc'!A0\xc0\xaf";
// Bytes that must never reach a terminal raw (ESC, BEL, CR, C1 CSI as a byte, invalid UTF-8).
const std::string kRawForbidden = std::string("\x1b\x07\r\x9b\xff\xc0", 6);

class HostileOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string why = enter_private_netns();
    if (!why.empty()) GTEST_SKIP() << why;
    dir_ = fs::temp_directory_path() / ("sockscope-hostile-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    evil_exe_ = (dir_ / kEvilFile).string();
    fs::copy_file("/bin/sleep", evil_exe_, fs::copy_options::overwrite_existing);
    chmod(evil_exe_.c_str(), 0755);

    // A listener on 7100 held by the renamed executable, and a connection to it held by a child
    // whose process name was set with prctl: both ends have hostile owners.
    const int listener = tcp_listen("127.0.0.1", 7100);
    ASSERT_GE(listener, 0);
    const int client = tcp_connect("127.0.0.1", 7100);
    ASSERT_GE(client, 0);
    const int served = accept(listener, nullptr, nullptr);
    ASSERT_GE(served, 0);
    exec_holder_ = fork();
    if (exec_holder_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      for (int fd : {listener, served}) fcntl(fd, F_SETFD, 0);  // kept across exec
      const char* argv[] = {kEvilArgv0.c_str(), "600", nullptr};
      execv(evil_exe_.c_str(), const_cast<char* const*>(argv));
      _exit(127);
    }
    close(listener);
    close(served);
    ASSERT_TRUE(wait_until([&] {
      std::error_code ec;
      return fs::read_symlink("/proc/" + std::to_string(exec_holder_) + "/exe", ec).string() == evil_exe_;
    })) << "the renamed executable did not start";
    spawn_holder(std::string("\x1b[1;1H\x9b" "2J\n\t\xe2\x80\xae"), {client});  // 15 bytes of trouble
  }

  void TearDown() override {
    if (exec_holder_ > 0) {
      kill(exec_holder_, SIGKILL);
      waitpid(exec_holder_, nullptr, 0);
    }
    kill_holders();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  static void expect_nothing_raw(const CommandResult& r) {
    for (const auto* text : {&r.out, &r.err}) {
      for (char c : kRawForbidden) {
        EXPECT_EQ(text->find(c), std::string::npos)
            << "raw byte 0x" << std::hex << (static_cast<unsigned>(c) & 0xff) << " in:\n" << *text;
      }
    }
  }

  fs::path dir_;
  std::string evil_exe_;
  pid_t exec_holder_ = -1;
};

TEST_F(HostileOutput, NetstatOwnersAreEscaped) {
  for (const char* flags : {"-ano", "-anob", "-anobv", "-anobf"}) {
    SCOPED_TRACE(flags);
    auto r = run_sockscope({"netstat", flags});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_nothing_raw(r);
    EXPECT_NE(r.out.find("127.0.0.1:7100"), std::string::npos) << r.out;
    if (std::string(flags).find('b') != std::string::npos) {
      // The owner lines name the executable and the prctl name visibly escaped.
      EXPECT_NE(r.out.find("\\x1b[31mev\\nil\\x07\\xff"), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("\\x1b[1;1H\\x9b2J\\n\\t\\u202e"), std::string::npos)
          << "or some other escaped form of the prctl name:\n" << r.out;
    }
    // Every line is a line of the table: no name split a row or moved the cursor.
    for (std::size_t at = 0, nl; (nl = r.out.find('\n', at)) != std::string::npos; at = nl + 1) {
      const std::string line = r.out.substr(at, nl - at);
      EXPECT_TRUE(line.empty() || line.starts_with("  ") || line.starts_with(" [") || line.starts_with("Active") ||
                  line.starts_with(" ") )
          << "unexpected line: " << line;
    }
  }
}

TEST_F(HostileOutput, ListTableAndCommandLineAreEscaped) {
  auto r = run_sockscope({"list", "-a", "-n", "-W", "-p", "tcp", "-o", "local_port,process,exe,cmdline"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_nothing_raw(r);
  EXPECT_NE(r.out.find("\\x1b]0;owned\\x07\\r\\x1b[2J=cmd"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\xc0\\xaf 600"), std::string::npos) << r.out;
  // A header and three sockets (listener, both ends of the connection), no split rows.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
}

TEST_F(HostileOutput, CsvNeutralisesFormulasAndJsonStaysValid) {
  auto csv = run_sockscope({"list", "-a", "-n", "-c", "-p", "tcp", "-o", "local_port,remote_port,process,exe,cmdline"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.find('\x1b'), std::string::npos) << "no raw ESC reaches a terminal through `cat`";
  EXPECT_EQ(csv.out.find('\x07'), std::string::npos);
  auto json = run_sockscope({"list", "-a", "-n", "-j", "-p", "tcp", "-o", "local_port,process,exe,cmdline"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto rows = nlohmann::json::parse(json.out);  // throws on invalid UTF-8
  ASSERT_EQ(rows.size(), 3u);
  bool saw_argv = false;
  for (const auto& row : rows) {
    if (row["cmdline"].is_string() && row["cmdline"].get<std::string>().starts_with("\x1b]0;owned\x07\r")) saw_argv = true;
  }
  EXPECT_TRUE(saw_argv) << json.out;
  EXPECT_EQ(json.out.find('\x1b'), std::string::npos) << "ESC written as \\u001b in JSON";
}

TEST_F(HostileOutput, CsvFieldsStartingWithFormulaCharactersGetAQuote) {
  // A process named like each OWASP formula start, and one that is a plain negative number.
  int port = 7200;
  for (const char* name : {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "-5"}) {
    const int fd = tcp_listen("127.0.0.1", static_cast<std::uint16_t>(port++));
    ASSERT_GE(fd, 0);
    spawn_holder(name, {fd});
  }
  auto r = run_sockscope({"list", "-a", "-n", "-c", "-p", "tcp", "-s", "listen", "-o", "local_port,process"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* want : {"7200,'=1+1\r\n", "7201,'+1+1\r\n", "7202,'-1+1\r\n", "7203,'@SUM(A1)\r\n", "7204,'-5\r\n"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << " missing from\n" << r.out;
  }
}

TEST_F(HostileOutput, CloseDescribesHostileOwnersEscaped) {
  auto r = run_sockscope({"close", "--dry-run", "-y", "127.0.0.1", "*", "127.0.0.1", "*"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  expect_nothing_raw(r);
  EXPECT_NE(r.out.find("would close tcp 127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\x1b[31mev\\nil"), std::string::npos) << "the exec holder, escaped:\n" << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2) << "one line per connection end:\n" << r.out;
  // A hostile PROCESS argument is echoed escaped in the error too.
  auto bad = run_sockscope({"close", "--pid", "\x1b[2J"});
  EXPECT_EQ(bad.exit_code, 2);
  expect_nothing_raw(bad);
}

TEST_F(HostileOutput, UsageErrorsEchoArgumentsEscaped) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"list", "-p", "\x1b]0;x\x07"}, {"list", "--columns", "a\rb"}, {"netstat", "-p", "\x1b[2J"},
           {"netstat", "\x1b[2J"}, {"close", "\x1b[2J", "1", "2", "3"},
           {"watch", "--color", "\x1b[2J"}, {"watch", "-p", "tcp,\x1b]0;x\x07"}}) {
    auto r = run_sockscope(args);
    EXPECT_EQ(r.exit_code, 2) << args[1];
    expect_nothing_raw(r);
  }
}

}  // namespace
