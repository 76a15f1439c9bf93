// What the serve unit tests share: snapshots of owned TCP sockets, reading one sample back from an
// exposition, and promtool's verdict on it.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "model/conn_event.hpp"
#include "present_test_snapshot.hpp"

namespace sockscope::serve::fixture {

using testing::inet;
using testing::ip4;
using testing::owned;
using testing::process;

// A TCP socket 10.0.0.1:lport -> 10.0.0.2:443 held by processes[owner], with tcp_info bytes.
inline Endpoint tcp_conn(std::uint64_t cookie, std::uint16_t lport, std::uint32_t owner, std::uint64_t sent,
                         std::uint64_t received, TcpState state = TcpState::Established) {
  Endpoint e = owned(inet(Proto::Tcp, ip4("10.0.0.1"), lport, ip4("10.0.0.2"), 443, state), {owner});
  e.cookie = cookie;
  e.inode = cookie + 1000;
  TcpCounters c;
  c.bytes_sent = sent;
  c.bytes_received = received;
  e.tcp = c;
  return e;
}

// A TCP listener on 0.0.0.0:port held by processes[owner].
inline Endpoint tcp_listener(std::uint16_t port, std::uint32_t owner) {
  return owned(inet(Proto::Tcp, ip4("0.0.0.0"), port, ip4("0.0.0.0"), 0, TcpState::Listen), {owner});
}

// The close of the TCP connection `cookie` as the capture reports it, with its final counters;
// owned by (pid, comm) unless pid is 0 (the destroy groups give no owner).
inline ConnEvent close_event(std::uint64_t cookie, std::uint32_t pid, const std::string& comm, std::uint64_t sent,
                             std::uint64_t received, std::uint32_t netns = 0) {
  ConnEvent e;
  e.cookie = cookie;
  e.netns = netns;
  e.local = ip4("10.0.0.1");
  e.remote = ip4("10.0.0.2");
  e.local_port = 50000;
  e.remote_port = 443;
  e.old_state = TcpState::FinWait1;
  e.new_state = TcpState::Close;
  e.tcp.bytes_sent = sent;
  e.tcp.bytes_received = received;
  if (pid != 0) {
    ConnOwner o;
    o.pid = pid;
    o.comm = comm;
    e.owner = o;
  }
  return e;
}

// A snapshot of `endpoints` whose processes are `names`, PIDs 1, 2, ... in that order.
inline Snapshot snapshot_of(const std::vector<std::string>& names, std::vector<Endpoint> endpoints) {
  Snapshot s;
  int pid = 0;
  for (const auto& n : names) s.processes.push_back(process(++pid, n, "/usr/bin/" + n, {n}));
  s.endpoints = std::move(endpoints);
  return s;
}

// The value of the sample whose name and labels are exactly `series`, nullopt when absent.
inline std::optional<double> value_of(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 && line[series.size()] == ' ')
      return std::stod(line.substr(series.size() + 1));
  }
  return std::nullopt;
}

inline std::size_t sample_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') ++n;
  return n;
}

// promtool's verdict on the text (its exit code and output), nullopt when promtool is missing.
inline std::optional<std::pair<int, std::string>> promtool_check(const std::string& text) {
  if (!std::filesystem::exists("/usr/bin/promtool")) return std::nullopt;
  const auto path = std::filesystem::temp_directory_path() / ("serve_metrics_" + std::to_string(getpid()) + ".txt");
  std::ofstream(path) << text;
  const std::string cmd = "/usr/bin/promtool check metrics < " + path.string() + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  const int status = p ? pclose(p) : -1;
  std::filesystem::remove(path);
  return std::make_pair(WIFEXITED(status) ? WEXITSTATUS(status) : -1, out);
}

}  // namespace sockscope::serve::fixture
