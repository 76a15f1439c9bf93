// sockscope-loadgen: holds N established loopback TCP connections (and U UDP sockets) across P named processes.
//
// Meant to run inside a private network namespace (`unshare -n`): it brings lo up and
// tunes that namespace's sysctls. Child c connects to the listener of child (c+1) % P,
// so every child owns both client and accepted sockets and the two ends of a
// connection belong to different processes, as on a real host.
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr long kPortsPerAddress = 50000;  // source ports 10000..59999 on each 127.a.b.c
constexpr int kFirstSourcePort = 10000;
constexpr int kTlsPort = 443;
constexpr int kMaxProcs = 250;            // child index goes into the second octet

struct Options {
    long tcp = 1000;
    long udp = 0;
    int procs = 8;
    std::string ready_file;
    double hold = 0;       // seconds; 0 = until signalled
    double timeout = 300;  // seconds allowed for setup
    int port_base = 5000;
    double tls_share = 0;  // percent of connections sent to port 443 (filter benchmarks)
    bool die_with_parent = false;
    bool allow_host_netns = false;
    bool quiet = false;
};

// One fixed-size record per child over a shared pipe; smaller than PIPE_BUF so writes are atomic.
struct Report {
    std::int32_t index;
    std::int32_t ok;
    std::int64_t connected;
    std::int64_t accepted;
    std::int64_t udp;
    char message[200];
};
static_assert(sizeof(Report) < PIPE_BUF);

using Clock = std::chrono::steady_clock;

bool g_quiet = false;

template <typename... Args>
void note(const char* fmt, Args... args) {
    if (g_quiet) return;
    std::fprintf(stderr, "loadgen: ");
    std::fprintf(stderr, fmt, args...);
    std::fputc('\n', stderr);
}

template <typename... Args>
[[noreturn]] void die(const char* fmt, Args... args) {
    std::fprintf(stderr, "loadgen: error: ");
    std::fprintf(stderr, fmt, args...);
    std::fputc('\n', stderr);
    std::exit(1);
}

void usage(FILE* out) {
    std::fputs(
        "usage: sockscope-loadgen [--tcp N] [--udp U] [--procs P] [--ready-file PATH]\n"
        "                         [--hold SECONDS] [--timeout SECONDS] [--port-base PORT]\n"
        "                         [--tls-share PERCENT]\n"
        "                         [--die-with-parent] [--allow-host-netns] [--quiet]\n"
        "\n"
        "Keeps N established loopback TCP connections (2N sockets) and U bound UDP sockets,\n"
        "spread over P child processes named loadgen-0..loadgen-<P-1>. Run it inside a\n"
        "private network namespace, e.g. `unshare -n sockscope-loadgen --tcp 100000`.\n"
        "When everything is set up it prints READY (and writes --ready-file), then holds\n"
        "until SIGTERM/SIGINT/SIGHUP or until --hold seconds have passed.\n"
        "\n"
        "  --tcp N             TCP connections (default 1000; --tcp 100 for a small host)\n"
        "  --udp U             UDP sockets (default 0); every second one is connected\n"
        "  --procs P           child processes (default 8, at most 250)\n"
        "  --ready-file PATH   written atomically once ready, removed on exit\n"
        "  --hold SECONDS      exit after this long once ready (default 0: until signalled)\n"
        "  --timeout SECONDS   give up if setup takes longer (default 300)\n"
        "  --port-base PORT    listener of child c is 127.0.0.1:PORT+c (default 5000)\n"
        "  --tls-share PERCENT about this share of connections goes to port 443 instead\n"
        "                      (listeners 127.0.0.2+c:443), for `dport = :443` filters\n"
        "  --die-with-parent   exit when the parent process dies (for scripts)\n"
        "  --allow-host-netns  run even in the initial network namespace (changes host sysctls)\n"
        "  --quiet             no progress messages on stderr\n",
        out);
}

template <typename T>
T parse_number(std::string_view flag, std::string_view text) {
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) {
        std::fprintf(stderr, "loadgen: %.*s: not a non-negative number: %.*s\n", int(flag.size()), flag.data(),
                     int(text.size()), text.data());
        std::exit(2);
    }
    return value;
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        bool has_inline = false;
        if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline = true;
        }
        auto next = [&]() -> std::string_view {
            if (has_inline) return value;
            if (i + 1 >= argc) {
                std::fprintf(stderr, "loadgen: %s needs a value\n", argv[i]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--tcp") o.tcp = parse_number<long>(arg, next());
        else if (arg == "--udp") o.udp = parse_number<long>(arg, next());
        else if (arg == "--procs") o.procs = parse_number<int>(arg, next());
        else if (arg == "--ready-file") o.ready_file = next();
        else if (arg == "--hold") o.hold = parse_number<double>(arg, next());
        else if (arg == "--timeout") o.timeout = parse_number<double>(arg, next());
        else if (arg == "--port-base") o.port_base = parse_number<int>(arg, next());
        else if (arg == "--tls-share") o.tls_share = parse_number<double>(arg, next());
        else if (arg == "--die-with-parent") o.die_with_parent = true;
        else if (arg == "--allow-host-netns") o.allow_host_netns = true;
        else if (arg == "--quiet" || arg == "-q") o.quiet = true;
        else if (arg == "--help" || arg == "-h") {
            usage(stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "loadgen: unknown argument: %s\n", argv[i]);
            usage(stderr);
            std::exit(2);
        }
    }
    if (o.procs < 1 || o.procs > kMaxProcs) {
        std::fprintf(stderr, "loadgen: --procs must be 1..%d\n", kMaxProcs);
        std::exit(2);
    }
    if (!(o.tls_share >= 0 && o.tls_share <= 100)) {
        std::fprintf(stderr, "loadgen: --tls-share must be 0..100\n");
        std::exit(2);
    }
    if (o.port_base < 1 || o.port_base + o.procs > 65536 ||
        (o.port_base + o.procs > kFirstSourcePort && o.port_base < kFirstSourcePort + kPortsPerAddress)) {
        // Source ports are bound on other addresses, so overlap would be legal; keeping
        // the ranges apart just makes listeners easy to spot.
        std::fprintf(stderr, "loadgen: --port-base must leave the listeners below %d or above %ld\n",
                     kFirstSourcePort, kFirstSourcePort + kPortsPerAddress);
        std::exit(2);
    }
    // Per child: client addresses use third octets 0..199, UDP ones 200..255.
    if (o.tcp / o.procs + 1 > 200 * kPortsPerAddress || o.udp / o.procs + 1 > 56 * kPortsPerAddress) {
        std::fprintf(stderr, "loadgen: too many sockets per process; raise --procs\n");
        std::exit(2);
    }
    return o;
}

std::uint32_t ipv4(unsigned a, unsigned b, unsigned c, unsigned d) { return (a << 24) | (b << 16) | (c << 8) | d; }

sockaddr_in make_addr(std::uint32_t ip, int port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(ip);
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    return sa;
}

// Distinct explicit source addresses and ports: no ephemeral-port search, no collisions.
sockaddr_in tcp_source(int child, long k) {
    return make_addr(ipv4(127, unsigned(child + 1), unsigned(k / kPortsPerAddress), 1),
                     kFirstSourcePort + int(k % kPortsPerAddress));
}

sockaddr_in udp_source(int child, long j) {
    return make_addr(ipv4(127, unsigned(child + 1), unsigned(200 + j / kPortsPerAddress), 2),
                     kFirstSourcePort + int(j % kPortsPerAddress));
}

bool read_proc_long(const char* path, long& out) {
    FILE* f = std::fopen(path, "r");
    if (!f) return false;
    bool ok = std::fscanf(f, "%ld", &out) == 1;
    std::fclose(f);
    return ok;
}

bool write_proc(const char* path, const std::string& value) {
    int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::write(fd, value.data(), value.size()) == ssize_t(value.size());
    ::close(fd);
    return ok;
}

// Raise a sysctl to at least `want`, saying so; a failure is only a warning because the
// kernel default may still suffice.
void raise_sysctl(const char* path, long want) {
    long have = 0;
    if (!read_proc_long(path, have)) {
        note("warning: cannot read %s", path);
        return;
    }
    if (have >= want) return;
    if (write_proc(path, std::to_string(want))) note("%s: %ld -> %ld", path, have, want);
    else note("warning: cannot raise %s from %ld to %ld: %s", path, have, want, std::strerror(errno));
}

// The kernel gives the initial network namespace a fixed inode (PROC_NET_INIT_INO);
// /proc/1/ns/net is compared too where readable (it is not in some sandboxes).
bool in_initial_netns() {
    constexpr ino_t kInitNetInode = 0xEFFFFFF9U;
    struct stat self{}, init{};
    if (::stat("/proc/self/ns/net", &self) != 0) return true;  // cannot tell: assume the worst
    if (self.st_ino == kInitNetInode) return true;
    return ::stat("/proc/1/ns/net", &init) == 0 && self.st_ino == init.st_ino && self.st_dev == init.st_dev;
}

void bring_loopback_up() {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket: %s", std::strerror(errno));
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) die("SIOCGIFFLAGS lo: %s", std::strerror(errno));
    if (!(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags = short(ifr.ifr_flags | IFF_UP);
        if (::ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) die("bringing lo up: %s", std::strerror(errno));
        note("brought lo up");
    }
    ::close(fd);
}

// Raises RLIMIT_NOFILE towards `need` (children inherit it); returns the soft limit reached,
// which is below `need` where the hard limit cannot be raised (no CAP_SYS_RESOURCE).
long raise_nofile(long need) {
    rlimit rl{};
    ::getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur >= rlim_t(need)) return long(rl.rlim_cur);
    long nr_open = 0;
    if (rl.rlim_max < rlim_t(need) && read_proc_long("/proc/sys/fs/nr_open", nr_open) && nr_open < need) {
        // fs.nr_open is host-wide, not per namespace; only touched when it is too small.
        if (write_proc("/proc/sys/fs/nr_open", std::to_string(need)))
            note("fs.nr_open: %ld -> %ld (host-wide)", nr_open, need);
    }
    rlimit want{rlim_t(need), std::max<rlim_t>(rl.rlim_max, rlim_t(need))};
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) return need;
    want = rlimit{rl.rlim_max, rl.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &want) != 0) return long(rl.rlim_cur);
    return long(rl.rlim_max);
}

void check_file_max(long total) {
    long file_max = 0;
    if (!read_proc_long("/proc/sys/fs/file-max", file_max)) return;
    long want = total + 65536;  // leave room for the rest of the host
    if (file_max >= want) return;
    if (write_proc("/proc/sys/fs/file-max", std::to_string(want)))
        note("fs.file-max: %ld -> %ld (host-wide)", file_max, want);
    else
        note("warning: fs.file-max is %ld, below the %ld sockets requested", file_max, total);
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int remaining_ms(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return int(std::clamp<long long>(left, 0, 1000));  // wake at least once a second
}

struct ChildPlan {
    int index;
    long connect;  // connections this child opens (to the next child's listener)
    long accept;   // connections this child accepts (from the previous child)
    long udp;
    int target_port;
    int next;      // index of the child whose listeners this one connects to
    int listener;
    int tls_listener;   // 127.0.0.(2+index):443, or -1 without --tls-share
    double tls_share;   // percent of this child's connections sent to the next child's port 443
    Clock::time_point deadline;
};

// A child's setup error: empty when all went well.
using Failure = std::string;

Failure fail(const std::string& what) { return what + ": " + std::strerror(errno); }

// Accepts whatever is queued; returns when the queue is empty.
Failure drain_accepts(int listener, std::vector<int>& servers) {
    for (;;) {
        int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            servers.push_back(fd);
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) return {};
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return fail("accept");
    }
}

// Loopback handshakes usually finish inside connect(), so this is mostly one poll pass.
Failure wait_connected(const std::vector<int>& clients, Clock::time_point deadline) {
    constexpr std::size_t kChunk = 4096;
    std::vector<pollfd> pending;
    for (std::size_t start = 0; start < clients.size(); start += kChunk) {
        pending.clear();
        for (std::size_t i = start; i < std::min(clients.size(), start + kChunk); ++i)
            pending.push_back({clients[i], POLLOUT, 0});
        while (!pending.empty()) {
            if (Clock::now() >= deadline) {
                errno = ETIMEDOUT;
                return fail(std::to_string(pending.size()) + " connects still pending");
            }
            int n = ::poll(pending.data(), pending.size(), remaining_ms(deadline));
            if (n < 0 && errno != EINTR) return fail("poll");
            for (const pollfd& p : pending) {
                if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
                    int err = 0;
                    socklen_t len = sizeof err;
                    ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len);
                    errno = err ? err : ECONNRESET;
                    return fail("connect");
                }
            }
            std::erase_if(pending, [](const pollfd& p) { return (p.revents & POLLOUT) != 0; });
        }
    }
    return {};
}

Failure open_udp(const ChildPlan& plan, std::vector<int>& fds) {
    for (long j = 0; j < plan.udp; ++j) {
        int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) return fail("udp socket");
        fds.push_back(fd);
        sockaddr_in src = udp_source(plan.index, j);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) return fail("udp bind");
        if (j % 2 == 1) {  // some connected UDP sockets, so listings show a peer for UDP too
            sockaddr_in peer = udp_source(plan.index, j - 1);
            if (::connect(fd, reinterpret_cast<sockaddr*>(&peer), sizeof peer) != 0) return fail("udp connect");
        }
    }
    return {};
}

// Sets up this child's share of the sockets.
Failure run_child_setup(const ChildPlan& plan, std::vector<int>& clients, std::vector<int>& servers,
                        std::vector<int>& udp) {
    clients.reserve(std::size_t(plan.connect));
    servers.reserve(std::size_t(plan.accept));
    sockaddr_in target = make_addr(ipv4(127, 0, 0, 1), plan.target_port);
    sockaddr_in tls_target = make_addr(ipv4(127, 0, 0, std::uint8_t(2 + plan.next)), kTlsPort);
    auto drain = [&]() -> Failure {
        if (Failure f = drain_accepts(plan.listener, servers); !f.empty()) return f;
        return plan.tls_listener < 0 ? Failure{} : drain_accepts(plan.tls_listener, servers);
    };
    constexpr long kDrainEvery = 256;
    for (long k = 0; k < plan.connect; ++k) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) return fail("socket");
        clients.push_back(fd);
        // Reset instead of FIN on exit: teardown is faster and leaves no TIME_WAIT behind.
        linger reset{1, 0};
        if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset) != 0) return fail("SO_LINGER");
        sockaddr_in src = tcp_source(plan.index, k);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) return fail("bind");
        // Spread evenly: connection k goes to 443 when the running share crosses a whole connection.
        const bool tls = long(double(k + 1) * plan.tls_share / 100) != long(double(k) * plan.tls_share / 100);
        const sockaddr_in& to = tls ? tls_target : target;
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 && errno != EINPROGRESS)
            return fail("connect");
        // Accepting as we go keeps the queue short and the peer's connects flowing.
        if ((k + 1) % kDrainEvery == 0)
            if (Failure f = drain(); !f.empty()) return f;
    }
    while (long(servers.size()) < plan.accept) {
        if (Clock::now() >= plan.deadline) {
            errno = ETIMEDOUT;
            return fail("accepted " + std::to_string(servers.size()) + " of " + std::to_string(plan.accept));
        }
        pollfd p[2] = {{plan.listener, POLLIN, 0}, {plan.tls_listener, POLLIN, 0}};
        if (::poll(p, plan.tls_listener < 0 ? 1 : 2, remaining_ms(plan.deadline)) < 0 && errno != EINTR)
            return fail("poll");
        if (Failure f = drain(); !f.empty()) return f;
    }
    if (Failure f = wait_connected(clients, plan.deadline); !f.empty()) return f;
    return open_udp(plan, udp);
}

[[noreturn]] void child_main(const ChildPlan& plan, int report_fd) {
    char name[32];  // the kernel keeps 15 characters; "loadgen-249" fits
    std::snprintf(name, sizeof name, "loadgen-%d", plan.index);
    ::prctl(PR_SET_NAME, name, 0, 0, 0);

    std::vector<int> clients, servers, udp;
    Failure failure = run_child_setup(plan, clients, servers, udp);
    Report r{};
    r.index = plan.index;
    r.ok = failure.empty();
    r.connected = long(clients.size());
    r.accepted = long(servers.size());
    r.udp = long(udp.size());
    std::snprintf(r.message, sizeof r.message, "%s", failure.c_str());
    if (::write(report_fd, &r, sizeof r) != ssize_t(sizeof r)) _exit(3);
    ::close(report_fd);
    // Hold the sockets; the parent ends us with SIGTERM, or the kernel with SIGKILL if it dies.
    sigset_t none;
    sigemptyset(&none);
    for (;;) ::sigsuspend(&none);
}

struct Child {
    pid_t pid = -1;
    bool reaped = false;
};

void stop_children(std::vector<Child>& children) {
    for (auto& c : children)
        if (c.pid > 0 && !c.reaped) ::kill(c.pid, SIGTERM);
    for (auto& c : children) {
        if (c.pid > 0 && !c.reaped) {
            while (::waitpid(c.pid, nullptr, 0) < 0 && errno == EINTR) {
            }
            c.reaped = true;
        }
    }
}

// Reaps exited children; returns the index of one that exited, or -1.
int reap_any(std::vector<Child>& children) {
    int dead = -1;
    for (;;) {
        pid_t pid = ::waitpid(-1, nullptr, WNOHANG);
        if (pid <= 0) return dead;
        for (std::size_t i = 0; i < children.size(); ++i)
            if (children[i].pid == pid) {
                children[i].reaped = true;
                dead = int(i);
            }
    }
}

void write_ready_file(const Options& o, const std::vector<Child>& children, double setup_s) {
    std::string text = "tcp=" + std::to_string(o.tcp) + "\nudp=" + std::to_string(o.udp) +
                       "\nprocs=" + std::to_string(children.size()) + "\nsockets=" + std::to_string(2 * o.tcp + o.udp) +
                       "\nsetup_seconds=" + std::to_string(setup_s) + "\npid=" + std::to_string(::getpid()) +
                       "\nchild_pids=";
    for (std::size_t i = 0; i < children.size(); ++i) {
        if (i) text += ',';
        text += std::to_string(children[i].pid);
    }
    text += "\n";
    std::string tmp = o.ready_file + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) die("%s: %s", tmp.c_str(), std::strerror(errno));
    bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size());
    ok = (::close(fd) == 0) && ok;
    if (!ok || ::rename(tmp.c_str(), o.ready_file.c_str()) != 0)
        die("writing %s: %s", o.ready_file.c_str(), std::strerror(errno));
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse_options(argc, argv);
    g_quiet = o.quiet;
    const pid_t original_parent = ::getppid();
    if (o.die_with_parent) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
        if (::getppid() != original_parent) return 1;
    }
    if (in_initial_netns() && !o.allow_host_netns)
        die("refusing to run in the host's network namespace (it changes sysctls and uses many ports); "
            "run under `unshare -n`, or pass --allow-host-netns");

    // Each child holds its share of the sockets plus a few inherited descriptors.
    auto fds_per_proc = [&](long procs) {
        return 2 * ((o.tcp + procs - 1) / procs) + (o.udp + procs - 1) / procs + procs + 64;
    };
    int P = o.procs;
    if (long limit = raise_nofile(fds_per_proc(P)); limit < fds_per_proc(P)) {
        while (P < kMaxProcs && fds_per_proc(P) > limit) ++P;
        if (fds_per_proc(P) > limit) die("RLIMIT_NOFILE is %ld and cannot be raised; too many sockets", limit);
        note("RLIMIT_NOFILE cannot be raised above %ld here: using %d processes instead of %d", limit, P, o.procs);
    }
    std::vector<long> connect(P), udp(P);
    for (int c = 0; c < P; ++c) {
        connect[c] = o.tcp / P + (c < o.tcp % P ? 1 : 0);
        udp[c] = o.udp / P + (c < o.udp % P ? 1 : 0);
    }
    auto accept_of = [&](int c) { return connect[(c + P - 1) % P]; };
    long max_backlog = *std::max_element(connect.begin(), connect.end()) + 128;

    bring_loopback_up();
    // Per-namespace settings: harmless to the host, and needed for large accept queues.
    write_proc("/proc/sys/net/ipv4/ip_local_port_range", "1024 65535");
    raise_sysctl("/proc/sys/net/core/somaxconn", std::min(max_backlog, 1L << 20));
    raise_sysctl("/proc/sys/net/ipv4/tcp_max_syn_backlog", std::min(max_backlog, 1L << 20));
    check_file_max(2 * o.tcp + o.udp);

    // Listeners exist before any child connects, so nobody has to wait for a peer to start.
    std::vector<int> listeners(P);
    for (int c = 0; c < P; ++c) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket: %s", std::strerror(errno));
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in sa = make_addr(ipv4(127, 0, 0, 1), o.port_base + c);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
            die("bind 127.0.0.1:%d: %s", o.port_base + c, std::strerror(errno));
        if (::listen(fd, int(std::min(accept_of(c) + 128, long(INT32_MAX)))) != 0)
            die("listen: %s", std::strerror(errno));
        listeners[c] = fd;
    }
    // Beside them, with --tls-share, one port-443 listener per child on its own address.
    std::vector<int> tls_listeners(P, -1);
    for (int c = 0; c < P && o.tls_share > 0; ++c) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) die("socket: %s", std::strerror(errno));
        sockaddr_in sa = make_addr(ipv4(127, 0, 0, std::uint8_t(2 + c)), kTlsPort);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
            die("bind 127.0.0.%d:%d: %s", 2 + c, kTlsPort, std::strerror(errno));
        if (::listen(fd, int(std::min(accept_of(c) + 128, long(INT32_MAX)))) != 0)
            die("listen: %s", std::strerror(errno));
        tls_listeners[c] = fd;
    }

    // Signals are read from a signalfd; a background job of a non-interactive shell starts
    // with SIGINT ignored, so restore the default first or Ctrl+C would be lost.
    for (int s : {SIGINT, SIGTERM, SIGHUP}) std::signal(s, SIG_DFL);
    sigset_t handled;
    sigemptyset(&handled);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&handled, s);
    sigset_t old_mask;
    ::sigprocmask(SIG_BLOCK, &handled, &old_mask);
    int sfd = ::signalfd(-1, &handled, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) die("signalfd: %s", std::strerror(errno));
    int report_pipe[2];
    if (::pipe2(report_pipe, O_CLOEXEC) != 0) die("pipe: %s", std::strerror(errno));

    note("setting up %ld TCP connections (%ld sockets) and %ld UDP sockets in %d processes", o.tcp, 2 * o.tcp,
         o.udp, P);
    const auto t0 = Clock::now();
    const auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout));
    const pid_t parent = ::getpid();
    std::vector<Child> children(P);
    std::fflush(nullptr);
    for (int c = 0; c < P; ++c) {
        pid_t pid = ::fork();
        if (pid < 0) {
            stop_children(children);
            die("fork: %s", std::strerror(errno));
        }
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
            if (::getppid() != parent) _exit(1);
            ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
            ::close(sfd);
            ::close(report_pipe[0]);
            for (int i = 0; i < P; ++i)
                if (i != c) {
                    ::close(listeners[i]);
                    if (tls_listeners[i] >= 0) ::close(tls_listeners[i]);
                }
            const int next = (c + 1) % P;
            ChildPlan plan{c,        connect[c],   accept_of(c),     udp[c],       o.port_base + next,
                           next,     listeners[c], tls_listeners[c], o.tls_share,  deadline};
            child_main(plan, report_pipe[1]);
        }
        children[c].pid = pid;
    }
    for (int fd : listeners) ::close(fd);
    for (int fd : tls_listeners)
        if (fd >= 0) ::close(fd);
    ::close(report_pipe[1]);

    enum class Outcome { ready, signalled, failed } outcome = Outcome::failed;
    int reports = 0;
    long connected = 0, accepted = 0, udp_total = 0;
    std::string failure;
    while (reports < P && failure.empty()) {
        if (Clock::now() >= deadline) {
            failure = "setup timed out after " + std::to_string(o.timeout) + " s";
            break;
        }
        pollfd fds[2] = {{report_pipe[0], POLLIN, 0}, {sfd, POLLIN, 0}};
        if (::poll(fds, 2, remaining_ms(deadline)) < 0 && errno != EINTR) die("poll: %s", std::strerror(errno));
        if (fds[0].revents & POLLIN) {
            Report r{};
            ssize_t n = ::read(report_pipe[0], &r, sizeof r);
            if (n == ssize_t(sizeof r)) {
                ++reports;
                if (!r.ok) failure = "loadgen-" + std::to_string(r.index) + ": " + r.message;
                connected += r.connected;
                accepted += r.accepted;
                udp_total += r.udp;
            }
        }
        signalfd_siginfo si{};
        while (::read(sfd, &si, sizeof si) == ssize_t(sizeof si)) {
            if (si.ssi_signo == SIGCHLD) {
                int dead = reap_any(children);
                if (dead >= 0) failure = "loadgen-" + std::to_string(dead) + " exited during setup";
            } else {
                outcome = Outcome::signalled;
                failure = "interrupted during setup";
            }
        }
    }
    const double setup_s = seconds_since(t0);
    if (!failure.empty()) {
        stop_children(children);
        if (outcome == Outcome::signalled) {
            note("%s", failure.c_str());
            return 1;
        }
        die("%s", failure.c_str());
    }
    if (connected != o.tcp || accepted != o.tcp || udp_total != o.udp) {
        stop_children(children);
        die("counts differ: connected %ld accepted %ld udp %ld", connected, accepted, udp_total);
    }

    if (!o.ready_file.empty()) write_ready_file(o, children, setup_s);
    std::printf("READY tcp=%ld udp=%ld sockets=%ld procs=%d setup_seconds=%.3f\n", o.tcp, o.udp,
                2 * o.tcp + o.udp, P, setup_s);
    std::fflush(stdout);
    note("ready after %.3f s", setup_s);

    // Hold until signalled, until --hold runs out, or until a child dies unexpectedly.
    int status = 0;
    const auto hold_end = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.hold));
    for (bool done = false; !done;) {
        int wait_ms = -1;
        if (o.hold > 0) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(hold_end - Clock::now()).count();
            if (left <= 0) break;
            wait_ms = int(std::min<long long>(left, 60'000));
        }
        pollfd p{sfd, POLLIN, 0};
        if (::poll(&p, 1, wait_ms) < 0 && errno != EINTR) die("poll: %s", std::strerror(errno));
        signalfd_siginfo si{};
        while (::read(sfd, &si, sizeof si) == ssize_t(sizeof si)) {
            if (si.ssi_signo == SIGCHLD) {
                int dead = reap_any(children);
                if (dead >= 0) {
                    std::fprintf(stderr, "loadgen: error: loadgen-%d exited while holding\n", dead);
                    status = 1;
                    done = true;
                }
            } else {
                done = true;
            }
        }
    }
    const auto t1 = Clock::now();
    stop_children(children);
    if (!o.ready_file.empty()) ::unlink(o.ready_file.c_str());
    note("stopped; teardown took %.3f s", seconds_since(t1));
    return status;
}
