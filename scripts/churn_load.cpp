// Churn load for scripts/churn.sh and scripts/soak.sh: TCP connections opened and closed at a set
// rate, UDP sockets and short-lived processes coming and going; also checks `list -j` output.
//
//   churn_load run RATE SECONDS    open and close RATE connections per second (0 s = until killed)
//   churn_load check FILE PID      FILE is one JSON array of row objects with the default keys;
//                                  prints what of the load (run by PID) it shows
//
// Built by the scripts with g++ (nothing in CMake), so the load runs without the test suite.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;
std::atomic<bool> g_stop{false};
constexpr std::uint16_t kPort = 9500;

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sa;
}

// Closing with a reset leaves no TIME_WAIT behind; one in ten closes normally so TIME_WAIT rows
// come and go too, without piling up 60 s worth of them.
void close_conn(int fd, bool reset) {
  if (reset) {
    linger l{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  close(fd);
}

void server_loop(int listener) {
  std::deque<int> open;  // accepted connections live while ~50 newer ones arrive
  while (!g_stop) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) continue;
    open.push_back(fd);
    if (open.size() > 50) {
      close_conn(open.front(), true);
      open.pop_front();
    }
  }
  for (int fd : open) close(fd);
}

void client_loop(int rate) {
  const auto gap = std::chrono::nanoseconds(1'000'000'000LL / rate);
  const auto sa = loopback(kPort);
  std::deque<int> open;  // each connection lives while ~100 newer ones are made (~0.1 s at 1000/s)
  auto next = Clock::now();
  for (std::uint64_t n = 0; !g_stop; ++n) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0) {
      open.push_back(fd);
    } else if (fd >= 0) {
      close(fd);
    }
    if (open.size() > 100) {
      close_conn(open.front(), n % 10 != 0);
      open.pop_front();
    }
    // UDP sockets bound and closed alongside.
    if (n % 4 == 0) {
      const int u = socket(AF_INET, SOCK_DGRAM, 0);
      auto ua = loopback(0);
      bind(u, reinterpret_cast<const sockaddr*>(&ua), sizeof ua);
      close(u);
    }
    next += gap;
    std::this_thread::sleep_until(next);
  }
  for (int fd : open) close(fd);
}

// Short-lived processes (~100 per second), each holding a connection of its own for 10-60 ms
// under a changing name: they start and exit while sockscope scans /proc.
void process_loop() {
  const auto sa = loopback(kPort);
  for (unsigned n = 0; !g_stop; ++n) {
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string name = "churn-" + std::to_string(n % 1000);
      prctl(PR_SET_NAME, name.c_str());
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
      usleep(10'000 + (n % 6) * 10'000);
      _exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
  while (waitpid(-1, nullptr, 0) > 0) {
  }
}

int run(int rate, int seconds) {
  signal(SIGPIPE, SIG_IGN);
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const auto sa = loopback(kPort);
  if (bind(listener, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 || listen(listener, 4096) != 0) {
    std::perror("churn_load: listen");
    return 1;
  }
  struct sigaction stop {};
  stop.sa_handler = [](int) { g_stop = true; };
  sigaction(SIGTERM, &stop, nullptr);
  sigaction(SIGINT, &stop, nullptr);
  std::thread server(server_loop, listener);
  std::thread client(client_loop, rate);
  std::thread procs(process_loop);
  std::printf("churn_load: %d connections/s, ~100 processes/s\n", rate);
  std::fflush(stdout);
  const auto end = Clock::now() + std::chrono::seconds(seconds);
  while (!g_stop && (seconds == 0 || Clock::now() < end)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  g_stop = true;
  shutdown(listener, SHUT_RDWR);
  client.join();
  procs.join();
  server.join();
  return 0;
}

// Every row an object with the default -j keys, each of the expected JSON type. Prints four
// counts: rows; 1 if the load's listener (port kPort, held by `load_pid`) is there with its owner;
// the load's connections to or from kPort that name `load_pid` among their owners; and the rows
// owned by its short-lived "churn-N" processes. Keys a row lacks count as not seen.
int check(const char* path, long load_pid) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) {
    std::fprintf(stderr, "churn_load: %s is not one JSON array\n", path);
    return 1;
  }
  int listener = 0, load_connections = 0, churn_rows = 0;
  for (const auto& row : doc) {
    auto is = [&](const char* key, auto&& type_ok) { return row.contains(key) && type_ok(row[key]); };
    auto string = [](const nlohmann::json& v) { return v.is_string(); };
    auto string_or_null = [](const nlohmann::json& v) { return v.is_null() || v.is_string(); };
    auto count_or_null = [](const nlohmann::json& v) { return v.is_null() || v.is_number_unsigned(); };
    const bool ok = row.is_object() && row.size() == doc[0].size() && is("proto", string) && is("state", string) &&
                    is("local_address", string_or_null) && is("local_port", count_or_null) &&
                    is("remote_address", string_or_null) && is("inode", count_or_null) && is("pid", count_or_null) &&
                    is("process", string_or_null) && is("cmdline", string_or_null);
    if (!ok) {
      std::fprintf(stderr, "churn_load: malformed row in %s: %s\n", path, row.dump().c_str());
      return 1;
    }
    auto port_is = [&](const char* key) { return row[key].is_number_unsigned() && row[key].get<unsigned>() == kPort; };
    bool held_by_load = row["pid"].is_number_unsigned() && row["pid"].get<long>() == load_pid;
    if (row.contains("pids") && row["pids"].is_array()) {
      for (const auto& p : row["pids"]) held_by_load = held_by_load || (p.is_number_unsigned() && p.get<long>() == load_pid);
    }
    const bool tcp = row["proto"].get<std::string>().starts_with("tcp");
    if (tcp && port_is("local_port") && row["state"] == "LISTEN" && held_by_load) listener = 1;
    else if (tcp && (port_is("local_port") || (row.contains("remote_port") && port_is("remote_port"))) && held_by_load)
      ++load_connections;
    if (row["process"].is_string() && row["process"].get<std::string>().starts_with("churn-")) ++churn_rows;
  }
  std::printf("%zu %d %d %d\n", doc.size(), listener, load_connections, churn_rows);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "run") == 0) return run(std::atoi(argv[2]), std::atoi(argv[3]));
  if (argc == 4 && std::strcmp(argv[1], "check") == 0) return check(argv[2], std::atol(argv[3]));
  std::fprintf(stderr, "usage: churn_load run RATE SECONDS | churn_load check FILE LOAD_PID\n");
  return 2;
}
