// sockscope-churngen: makes a known number of short TCP connections per second from known short-lived processes.
//
// Meant for bench/capture_rate.sh, inside a private network namespace (`unshare -n`): it brings lo
// up and tunes that namespace's sysctls. Two server processes (cg-server, SO_REUSEPORT) read
// --bytes from each connection, answer --reply bytes and close. The parent forks --wave client
// processes (cg-client) at once, every wave period, so that --rate connections a second are made;
// each child binds its connections to its own source address (127.1.0.0 + child index), makes
// --per-child connections one after the other (connect, send, read the answer to EOF, close) and
// exits, so a whole wave exits at about the same time. The manifest (--manifest FILE) has one line
// per child, "ADDRESS PID", which is how the capture's owners are checked. At the end a summary
// line on stdout: attempts, connections completed, failures, bytes, elapsed time, netns inode.
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

struct Options {
  double rate = 1000;     // connections a second
  double seconds = 10;
  int per_child = 20;     // connections each client process makes before it exits
  int wave = 10;          // client processes forked at once
  int bytes = 1000;       // sent by the client on each connection
  int reply = 300;        // answered by the server
  int port = 9600;
  int max_children = 3000;
  std::string manifest;
};

using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "sockscope-churngen: %s: %s\n", what.c_str(), std::strerror(errno));
  std::exit(1);
}

void write_file(const char* path, const char* text) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  (void)!::write(fd, text, std::strlen(text));
  ::close(fd);
}

void bring_lo_up() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) die("SIOCGIFFLAGS lo");
  ifr.ifr_flags |= IFF_UP;
  if (::ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) die("SIOCSIFFLAGS lo (run inside unshare -n as root)");
  ::close(fd);
  // Per namespace: the port range, reusing TIME_WAIT pairs, deep accept queues.
  write_file("/proc/sys/net/ipv4/ip_local_port_range", "10000 60999");
  write_file("/proc/sys/net/ipv4/tcp_tw_reuse", "1");
  write_file("/proc/sys/net/core/somaxconn", "65535");
  write_file("/proc/sys/net/ipv4/tcp_max_syn_backlog", "65535");
}


volatile sig_atomic_t g_stop = 0;

// Reads `bytes` from each connection, writes `reply`, closes; until SIGTERM. Prints what it served.
[[noreturn]] void serve(const Options& o) {
  ::prctl(PR_SET_NAME, "cg-server");
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  const int l = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  const int one = 1;
  ::setsockopt(l, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  ::setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (::bind(l, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(l, 65535) != 0) die("server listen");
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = l;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
  std::unordered_map<int, int> got;  // fd -> bytes read so far
  const std::string answer(static_cast<std::size_t>(o.reply), 'r');
  std::vector<char> buf(65536);
  std::uint64_t served = 0;
  epoll_event events[256];
  while (!g_stop) {
    const int n = ::epoll_wait(ep, events, 256, 200);
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == l) {
        for (int c; (c = ::accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.fd = c;
          ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
          got[c] = 0;
        }
        continue;
      }
      bool done = false;
      for (;;) {
        const ssize_t r = ::read(fd, buf.data(), buf.size());
        if (r > 0) {
          got[fd] += static_cast<int>(r);
          if (got[fd] >= o.bytes) {
            (void)!::write(fd, answer.data(), answer.size());  // small: fits the send buffer
            done = true;
            ++served;
            break;
          }
          continue;
        }
        if (r == 0 || errno != EAGAIN) done = true;
        break;
      }
      if (done) {
        ::epoll_ctl(ep, EPOLL_CTL_DEL, fd, nullptr);
        got.erase(fd);
        ::close(fd);
      }
    }
  }
  std::fprintf(stderr, "cg-server %d: served %llu\n", static_cast<int>(::getpid()), static_cast<unsigned long long>(served));
  std::_Exit(0);
}

// One client process: `per_child` connections from `source`; exits with the number that failed.
[[noreturn]] void client(const Options& o, std::uint32_t source) {
  ::prctl(PR_SET_NAME, "cg-client");
  const std::string data(static_cast<std::size_t>(o.bytes), 'c');
  std::vector<char> buf(65536);
  int failed = 0;
  for (int i = 0; i < o.per_child; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sockaddr_in src{};
    src.sin_family = AF_INET;
    src.sin_addr.s_addr = htonl(source);
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(static_cast<std::uint16_t>(o.port));
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0 &&
              ::connect(fd, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0 &&
              ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    int got = 0;
    while (ok) {
      const ssize_t r = ::read(fd, buf.data(), buf.size());
      if (r <= 0) break;
      got += static_cast<int>(r);
    }
    if (!ok || got != o.reply) ++failed;
    ::close(fd);
  }
  std::_Exit(failed > 255 ? 255 : failed);
}

double number(std::string_view flag, const char* v) {
  char* end = nullptr;
  const double d = std::strtod(v, &end);
  if (!v[0] || *end || d <= 0) {
    std::fprintf(stderr, "sockscope-churngen: bad %.*s '%s'\n", static_cast<int>(flag.size()), flag.data(), v);
    std::exit(2);
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "usage: sockscope-churngen [--rate N] [--seconds S] [--per-child C] [--wave W] [--bytes B] "
                           "[--reply R] [--port P] [--manifest FILE]\n");
      return 2;
    }
    const char* v = argv[++i];
    if (a == "--rate") o.rate = number(a, v);
    else if (a == "--seconds") o.seconds = number(a, v);
    else if (a == "--per-child") o.per_child = static_cast<int>(number(a, v));
    else if (a == "--wave") o.wave = static_cast<int>(number(a, v));
    else if (a == "--bytes") o.bytes = static_cast<int>(number(a, v));
    else if (a == "--reply") o.reply = static_cast<int>(number(a, v));
    else if (a == "--port") o.port = static_cast<int>(number(a, v));
    else if (a == "--manifest") o.manifest = v;
    else {
      std::fprintf(stderr, "sockscope-churngen: unknown option %s\n", argv[i - 1]);
      return 2;
    }
  }
  bring_lo_up();
  rlimit nofile{65536, 65536};
  ::setrlimit(RLIMIT_NOFILE, &nofile);
  pid_t servers[2];
  for (pid_t& s : servers) {
    s = ::fork();
    if (s == 0) serve(o);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // both listening

  FILE* manifest = o.manifest.empty() ? nullptr : std::fopen(o.manifest.c_str(), "w");
  const long total_children = static_cast<long>(o.rate * o.seconds / o.per_child + 0.5);
  const auto period = std::chrono::duration<double>(o.wave * o.per_child / o.rate);
  const std::uint32_t first_source = (127u << 24) | (1u << 16);  // 127.1.0.0
  long forked = 0, failed = 0, running = 0, waits_for_room = 0;
  auto reap = [&](bool block) {
    int st = 0;
    pid_t p;
    while ((p = ::waitpid(-1, &st, block ? 0 : WNOHANG)) > 0) {
      if (p == servers[0] || p == servers[1]) continue;
      --running;
      failed += WIFEXITED(st) ? WEXITSTATUS(st) : o.per_child;
      if (block) break;
    }
  };
  const auto start = Clock::now();
  auto next = start;
  while (forked < total_children) {
    for (int w = 0; w < o.wave && forked < total_children; ++w) {
      while (running >= o.max_children) {
        ++waits_for_room;
        reap(true);
      }
      const std::uint32_t source = first_source + static_cast<std::uint32_t>(forked);
      const pid_t c = ::fork();
      if (c < 0) die("fork");
      if (c == 0) client(o, source);
      ++forked;
      ++running;
      if (manifest) {
        in_addr s{htonl(source)};
        std::fprintf(manifest, "%s %d\n", ::inet_ntoa(s), static_cast<int>(c));
      }
    }
    reap(false);
    next += std::chrono::duration_cast<Clock::duration>(period);
    std::this_thread::sleep_until(next);
  }
  while (running > 0) reap(true);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  for (pid_t s : servers) ::kill(s, SIGTERM);
  for (pid_t s : servers) ::waitpid(s, nullptr, 0);
  if (manifest) std::fclose(manifest);
  struct stat ns {};
  ::stat("/proc/self/ns/net", &ns);
  const long attempts = forked * o.per_child;
  std::printf("attempts=%ld completed=%ld failed=%ld children=%ld elapsed=%.3f rate=%.0f bytes_sent=%ld "
              "bytes_received=%ld netns=%lu waits_for_room=%ld\n",
              attempts, attempts - failed, failed, forked, elapsed, attempts / elapsed, (attempts - failed) * o.bytes,
              (attempts - failed) * o.reply, static_cast<unsigned long>(ns.st_ino), waits_for_room);
  return 0;
}
