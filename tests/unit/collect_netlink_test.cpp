// Live tests of dump_sock_diag and destroy_tcp_socket against the kernel, in a private network namespace.
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "collect/netlink_diag.hpp"
#include "collect/sock_destroy.hpp"

namespace sockscope {
namespace {

struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(std::exchange(o.fd, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (fd >= 0) ::close(fd);
    fd = std::exchange(o.fd, -1);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int operator*() const { return fd; }
};

std::uint64_t inode_of(int fd) {
  struct stat st{};
  EXPECT_EQ(fstat(fd, &st), 0);
  return st.st_ino;
}

std::uint16_t port_of(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len), 0);
  if (ss.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
}

sockaddr_storage make_addr(int family, const char* text, std::uint16_t port, socklen_t& len,
                           std::uint32_t scope = 0) {
  sockaddr_storage ss{};
  if (family == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    EXPECT_EQ(inet_pton(AF_INET, text, &a->sin_addr), 1) << text;
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    a->sin6_scope_id = scope;
    EXPECT_EQ(inet_pton(AF_INET6, text, &a->sin6_addr), 1) << text;
    len = sizeof *a;
  }
  return ss;
}

Fd bound_socket(int family, int type, const char* addr, std::uint32_t scope = 0) {
  Fd s(socket(family, type | SOCK_CLOEXEC, 0));
  EXPECT_GE(*s, 0) << std::strerror(errno);
  socklen_t len;
  auto ss = make_addr(family, addr, 0, len, scope);
  EXPECT_EQ(bind(*s, reinterpret_cast<sockaddr*>(&ss), len), 0) << addr << ": " << std::strerror(errno);
  return s;
}

Fd tcp_listener(int family, const char* addr, std::uint32_t scope = 0) {
  Fd s = bound_socket(family, SOCK_STREAM, addr, scope);
  EXPECT_EQ(listen(*s, 16), 0);
  return s;
}

Fd tcp_connect(int family, const char* addr, std::uint16_t port) {
  Fd s(socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  socklen_t len;
  auto ss = make_addr(family, addr, port, len);
  EXPECT_EQ(connect(*s, reinterpret_cast<sockaddr*>(&ss), len), 0) << addr << ": " << std::strerror(errno);
  return s;
}

Fd accept_one(int listener) { return Fd(accept4(listener, nullptr, nullptr, SOCK_CLOEXEC)); }

void write_all(int fd, std::size_t n) {
  std::vector<char> buf(n, 'x');
  std::size_t done = 0;
  while (done < n) {
    ssize_t w = ::write(fd, buf.data() + done, n - done);
    ASSERT_GT(w, 0) << std::strerror(errno);
    done += static_cast<std::size_t>(w);
  }
}

void read_exactly(int fd, std::size_t n) {
  std::vector<char> buf(65536);
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, buf.data(), std::min(buf.size(), n - got));
    ASSERT_GT(r, 0) << std::strerror(errno);
    got += static_cast<std::size_t>(r);
  }
}

std::vector<Endpoint> dump(const SocketQuery& q = {}) {
  auto r = dump_sock_diag(q);
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? std::move(*r) : std::vector<Endpoint>{};
}

const Endpoint* find_inode(const std::vector<Endpoint>& v, std::uint64_t inode) {
  const Endpoint* hit = nullptr;
  for (const auto& e : v) {
    if (e.inode != inode) continue;
    EXPECT_EQ(hit, nullptr) << "inode " << inode << " reported twice";
    hit = &e;
  }
  return hit;
}

const Endpoint* find_cookie(const std::vector<Endpoint>& v, std::uint64_t cookie) {
  for (const auto& e : v)
    if (e.cookie == cookie) return &e;
  return nullptr;
}

class NetlinkLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to enter a private network namespace";
    if (unshare(CLONE_NEWNET) != 0) GTEST_SKIP() << "unshare(CLONE_NEWNET) failed: " << std::strerror(errno);
    Fd s(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    ifreq ifr{};
    std::strcpy(ifr.ifr_name, "lo");
    ASSERT_EQ(ioctl(*s, SIOCGIFFLAGS, &ifr), 0);
    ifr.ifr_flags |= IFF_UP;
    ASSERT_EQ(ioctl(*s, SIOCSIFFLAGS, &ifr), 0);
  }

  static bool have_ipv6() {
    Fd s(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (*s < 0) return false;
    socklen_t len;
    auto ss = make_addr(AF_INET6, "::1", 0, len);
    return bind(*s, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  }
};

TEST_F(NetlinkLive, TcpListenerAndConnectedPairWithCounters) {
  Fd listener = tcp_listener(AF_INET, "127.0.0.1");
  const auto lport = port_of(*listener);
  Fd client = tcp_connect(AF_INET, "127.0.0.1", lport);
  Fd server = accept_one(*listener);
  ASSERT_GE(*server, 0);
  constexpr std::size_t kUp = 300000, kDown = 7000;
  write_all(*client, kUp);
  read_exactly(*server, kUp);
  write_all(*server, kDown);
  read_exactly(*client, kDown);

  auto v = dump();
  const Endpoint* l = find_inode(v, inode_of(*listener));
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->proto, Proto::Tcp);
  EXPECT_EQ(l->family, Family::Inet4);
  EXPECT_EQ(l->state, TcpState::Listen);
  EXPECT_EQ(l->local.to_string(), "127.0.0.1");
  EXPECT_EQ(l->local_port, lport);
  EXPECT_EQ(l->remote_port, 0);
  EXPECT_EQ(l->uid, 0u);
  EXPECT_NE(l->cookie, 0u);

  const Endpoint* s = find_inode(v, inode_of(*server));
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->state, TcpState::Established);
  EXPECT_EQ(s->local_port, lport);
  EXPECT_EQ(s->remote_port, port_of(*client));
  ASSERT_TRUE(s->tcp);
  EXPECT_GE(s->tcp->bytes_received, kUp);
  EXPECT_GE(s->tcp->bytes_sent, kDown);
  EXPECT_GT(s->tcp->segs_in, 0u);

  // The client's last ACKs may still be in flight on loopback; give them a moment.
  const Endpoint* c = nullptr;
  for (int i = 0; i < 200; ++i) {
    c = find_inode(v, inode_of(*client));
    ASSERT_NE(c, nullptr);
    ASSERT_TRUE(c->tcp);
    if (c->tcp->bytes_acked >= kUp) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    v = dump();
  }
  EXPECT_EQ(c->state, TcpState::Established);
  EXPECT_EQ(c->local_port, port_of(*client));
  EXPECT_EQ(c->remote_port, lport);
  EXPECT_EQ(c->remote.to_string(), "127.0.0.1");
  EXPECT_GE(c->tcp->bytes_acked, kUp);
  EXPECT_GE(c->tcp->bytes_received, kDown);
  EXPECT_GT(c->tcp->segs_out, 0u);
  EXPECT_GT(c->tcp->rtt_us, 0u);
  EXPECT_NE(c->cookie, s->cookie);
}

TEST_F(NetlinkLive, TcpInfoOnlyWhenAsked) {
  Fd listener = tcp_listener(AF_INET, "127.0.0.1");
  Fd client = tcp_connect(AF_INET, "127.0.0.1", port_of(*listener));
  SocketQuery q;
  q.tcp_info = false;
  auto v = dump(q);
  const Endpoint* c = find_inode(v, inode_of(*client));
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->tcp);
}

TEST_F(NetlinkLive, TcpStateFilterIncludingBound) {
  Fd listener = tcp_listener(AF_INET, "127.0.0.1");
  Fd client = tcp_connect(AF_INET, "127.0.0.1", port_of(*listener));
  Fd bound = bound_socket(AF_INET, SOCK_STREAM, "127.0.0.1");

  auto all = dump();
  const Endpoint* b = find_inode(all, inode_of(*bound));
  ASSERT_NE(b, nullptr) << "kernel did not report the bound socket (TCP_BOUND_INACTIVE needs 6.6+)";
  EXPECT_EQ(b->state, TcpState::BoundInactive);
  EXPECT_EQ(b->local_port, port_of(*bound));

  SocketQuery q;
  q.udp = q.unix_sockets = false;
  q.tcp_states = state_bit(TcpState::Listen);
  auto listening = dump(q);
  ASSERT_FALSE(listening.empty());
  for (const auto& e : listening) EXPECT_EQ(e.state, TcpState::Listen);
  EXPECT_NE(find_inode(listening, inode_of(*listener)), nullptr);
  EXPECT_EQ(find_inode(listening, inode_of(*client)), nullptr);

  q.tcp_states = kAllStates & ~state_bit(TcpState::BoundInactive);
  auto no_bound = dump(q);
  EXPECT_EQ(find_inode(no_bound, inode_of(*bound)), nullptr);
  EXPECT_NE(find_inode(no_bound, inode_of(*client)), nullptr);
}

TEST_F(NetlinkLive, UdpUnconnectedAndConnected) {
  Fd a = bound_socket(AF_INET, SOCK_DGRAM, "127.0.0.1");
  Fd b = bound_socket(AF_INET, SOCK_DGRAM, "127.0.0.1");
  socklen_t len;
  auto to = make_addr(AF_INET, "127.0.0.1", port_of(*a), len);
  ASSERT_EQ(connect(*b, reinterpret_cast<sockaddr*>(&to), len), 0);
  ASSERT_EQ(send(*b, "hello", 5, 0), 5);

  SocketQuery q;
  q.tcp = false;
  auto v = dump(q);
  const Endpoint* ea = find_inode(v, inode_of(*a));
  ASSERT_NE(ea, nullptr);
  EXPECT_EQ(ea->proto, Proto::Udp);
  EXPECT_EQ(ea->state, TcpState::Close);
  EXPECT_EQ(ea->local_port, port_of(*a));
  EXPECT_GT(ea->rqueue, 0u);  // the unread datagram
  EXPECT_FALSE(ea->tcp);
  const Endpoint* eb = find_inode(v, inode_of(*b));
  ASSERT_NE(eb, nullptr);
  EXPECT_EQ(eb->state, TcpState::Established);
  EXPECT_EQ(eb->remote_port, port_of(*a));
  for (const auto& e : v) EXPECT_NE(e.proto, Proto::Tcp);
}

TEST_F(NetlinkLive, Ipv6AndV4MappedCountedOnce) {
  if (!have_ipv6()) GTEST_SKIP() << "no IPv6 on loopback";
  Fd l6 = tcp_listener(AF_INET6, "::1");
  Fd c6 = tcp_connect(AF_INET6, "::1", port_of(*l6));
  Fd u6 = bound_socket(AF_INET6, SOCK_DGRAM, "::1");
  Fd l4 = tcp_listener(AF_INET, "127.0.0.1");
  Fd mapped = tcp_connect(AF_INET6, "::ffff:127.0.0.1", port_of(*l4));
  Fd mapped_peer = accept_one(*l4);
  Fd dual = tcp_listener(AF_INET6, "::");  // v6only off by default: takes IPv4 too

  auto v = dump();
  const Endpoint* el6 = find_inode(v, inode_of(*l6));
  ASSERT_NE(el6, nullptr);
  EXPECT_EQ(el6->family, Family::Inet6);
  EXPECT_EQ(el6->local.to_string(), "::1");
  EXPECT_EQ(el6->state, TcpState::Listen);
  const Endpoint* ec6 = find_inode(v, inode_of(*c6));
  ASSERT_NE(ec6, nullptr);
  EXPECT_EQ(ec6->remote_port, port_of(*l6));
  EXPECT_EQ(ec6->state, TcpState::Established);
  const Endpoint* eu6 = find_inode(v, inode_of(*u6));
  ASSERT_NE(eu6, nullptr);
  EXPECT_EQ(eu6->proto, Proto::Udp);
  EXPECT_EQ(eu6->family, Family::Inet6);

  const Endpoint* em = find_inode(v, inode_of(*mapped));
  ASSERT_NE(em, nullptr);
  EXPECT_EQ(em->family, Family::Inet6);
  EXPECT_TRUE(em->local.is_v4_mapped());
  EXPECT_EQ(em->remote.to_string(), "::ffff:127.0.0.1");
  const Endpoint* emp = find_inode(v, inode_of(*mapped_peer));
  ASSERT_NE(emp, nullptr);
  EXPECT_EQ(emp->family, Family::Inet4);
  const Endpoint* ed = find_inode(v, inode_of(*dual));
  ASSERT_NE(ed, nullptr);
  EXPECT_EQ(ed->family, Family::Inet6);

  // No socket may appear twice across the per-family dumps.
  std::map<std::uint64_t, int> seen;
  for (const auto& e : v) {
    if (e.inode) {
      EXPECT_EQ(++seen[e.inode], 1) << "inode " << e.inode;
    }
  }

  SocketQuery only4;
  only4.inet6 = false;
  auto v4 = dump(only4);
  EXPECT_EQ(find_inode(v4, inode_of(*dual)), nullptr);
  for (const auto& e : v4) EXPECT_NE(e.family, Family::Inet6);
  SocketQuery only6;
  only6.inet4 = false;
  auto v6 = dump(only6);
  EXPECT_NE(find_inode(v6, inode_of(*mapped)), nullptr);
  for (const auto& e : v6) EXPECT_NE(e.family, Family::Inet4);
}

TEST_F(NetlinkLive, BoundDeviceGivesIfindex) {
  Fd s(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_EQ(setsockopt(*s, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3), 0) << std::strerror(errno);
  ASSERT_EQ(listen(*s, 1), 0);
  auto v = dump();
  const Endpoint* e = find_inode(v, inode_of(*s));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->ifindex, if_nametoindex("lo"));
}

TEST_F(NetlinkLive, Ipv6LinkLocalCarriesScope) {
  if (!have_ipv6()) GTEST_SKIP() << "no IPv6";
  if (std::system("ip link add ssv0 type veth peer name ssv1 >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "cannot create a veth pair (ip(8) or veth support missing)";
  ASSERT_EQ(std::system("ip link set ssv0 up && ip link set ssv1 up && "
                        "ip -6 addr add fe80::5:1/64 dev ssv0 nodad"),
            0);
  const unsigned idx = if_nametoindex("ssv0");
  ASSERT_NE(idx, 0u);
  Fd l = tcp_listener(AF_INET6, "fe80::5:1", idx);
  auto v = dump();
  const Endpoint* e = find_inode(v, inode_of(*l));
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->ifindex, idx);
  EXPECT_EQ(e->local.scope_id, idx);
  EXPECT_EQ(e->local.to_string(), "fe80::5:1");
}

TEST_F(NetlinkLive, UnixSockets) {
  char dir_template[] = "/tmp/sockscope-nl-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string path = std::string(dir_template) + "/srv.sock";

  Fd path_listener(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strcpy(a.sun_path, path.c_str());
  ASSERT_EQ(bind(*path_listener, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(listen(*path_listener, 4), 0);
  Fd client(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_EQ(connect(*client, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  Fd accepted = accept_one(*path_listener);
  ASSERT_EQ(write(*client, "abc", 3), 3);

  // Abstract name with a byte that needs escaping later, kept raw here.
  const std::string abstract = std::string("\0sockscope-test\x01", 16) + std::to_string(getpid());
  Fd abs_listener(socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  sockaddr_un b{};
  b.sun_family = AF_UNIX;
  std::memcpy(b.sun_path, abstract.data(), abstract.size());
  ASSERT_EQ(bind(*abs_listener, reinterpret_cast<sockaddr*>(&b),
                 static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + abstract.size())),
            0);
  ASSERT_EQ(listen(*abs_listener, 4), 0);

  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair), 0);
  Fd p0(pair[0]), p1(pair[1]);

  SocketQuery q;
  q.tcp = q.udp = false;
  auto v = dump(q);
  for (const auto& e : v) {
    EXPECT_EQ(e.proto, Proto::Unix);
    EXPECT_EQ(e.family, Family::Unix);
  }
  const Endpoint* pl = find_inode(v, inode_of(*path_listener));
  ASSERT_NE(pl, nullptr);
  EXPECT_EQ(pl->unix_type, UnixType::Stream);
  EXPECT_EQ(pl->state, TcpState::Listen);
  EXPECT_EQ(pl->unix_path, path);
  EXPECT_EQ(pl->uid, 0u);

  const Endpoint* ec = find_inode(v, inode_of(*client));
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->state, TcpState::Established);
  EXPECT_EQ(ec->unix_peer, inode_of(*accepted));
  const Endpoint* ea = find_inode(v, inode_of(*accepted));
  ASSERT_NE(ea, nullptr);
  EXPECT_EQ(ea->unix_peer, inode_of(*client));
  EXPECT_EQ(ea->unix_path, path);  // accepted sockets carry the listener's name
  EXPECT_EQ(ea->rqueue, 3u);

  const Endpoint* al = find_inode(v, inode_of(*abs_listener));
  ASSERT_NE(al, nullptr);
  EXPECT_EQ(al->unix_type, UnixType::SeqPacket);
  EXPECT_EQ(al->unix_path, "@" + abstract.substr(1));

  const Endpoint* e0 = find_inode(v, inode_of(*p0));
  const Endpoint* e1 = find_inode(v, inode_of(*p1));
  ASSERT_NE(e0, nullptr);
  ASSERT_NE(e1, nullptr);
  EXPECT_EQ(e0->unix_type, UnixType::Dgram);
  EXPECT_EQ(e0->unix_peer, inode_of(*p1));
  EXPECT_EQ(e1->unix_peer, inode_of(*p0));
  EXPECT_EQ(e0->unix_path, "");

  ::unlink(path.c_str());
  ::rmdir(dir_template);
}

TEST_F(NetlinkLive, ManySocketsSpanSeveralReads) {
  // Enough rows that the dump cannot fit in one receive buffer.
  std::vector<Fd> socks;
  std::vector<std::uint64_t> inodes;
  for (int i = 0; i < 600; ++i) {
    socks.push_back(bound_socket(AF_INET, SOCK_DGRAM, "127.0.0.1"));
    inodes.push_back(inode_of(*socks.back()));
  }
  SocketQuery q;
  q.tcp = q.unix_sockets = false;
  q.inet6 = false;
  auto v = dump(q);
  EXPECT_EQ(v.size(), socks.size());
  for (auto ino : inodes) EXPECT_NE(find_inode(v, ino), nullptr) << ino;
}

TEST_F(NetlinkLive, NothingAskedGivesNothing) {
  SocketQuery q;
  q.tcp = q.udp = q.unix_sockets = false;
  auto r = dump_sock_diag(q);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

// One established pair, found in the dump, for the destroy tests.
struct Pair {
  Fd listener, client, server;
  Endpoint client_ep;
};

void make_pair(Pair& p) {
  p.listener = tcp_listener(AF_INET, "127.0.0.1");
  p.client = tcp_connect(AF_INET, "127.0.0.1", port_of(*p.listener));
  p.server = accept_one(*p.listener);
  ASSERT_GE(*p.server, 0);
  auto v = dump();
  const Endpoint* c = find_inode(v, inode_of(*p.client));
  ASSERT_NE(c, nullptr);
  p.client_ep = *c;
}

TEST_F(NetlinkLive, DestroyEstablishedConnection) {
  Pair p;
  make_pair(p);
  auto r = destroy_tcp_socket(p.client_ep);
  if (!r && r.error().code == EOPNOTSUPP) GTEST_SKIP() << "kernel lacks CONFIG_INET_DIAG_DESTROY: " << r.error().message;
  ASSERT_TRUE(r) << r.error().message;

  char c;
  errno = 0;
  EXPECT_EQ(::recv(*p.client, &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, ECONNABORTED);
  pollfd pfd{*p.server, POLLIN, 0};
  ASSERT_EQ(poll(&pfd, 1, 2000), 1);
  errno = 0;
  EXPECT_EQ(::recv(*p.server, &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, ECONNRESET);

  auto v = dump();
  const Endpoint* gone = find_cookie(v, p.client_ep.cookie);
  EXPECT_TRUE(gone == nullptr || gone->state != TcpState::Established);

  auto again = destroy_tcp_socket(p.client_ep);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ENOENT) << again.error().message;
}

TEST_F(NetlinkLive, DestroyWithStaleCookieIsRefused) {
  Pair p;
  make_pair(p);
  Endpoint wrong = p.client_ep;
  wrong.cookie += 1000;
  auto r = destroy_tcp_socket(wrong);
  ASSERT_FALSE(r);
  if (r.error().code == EOPNOTSUPP) GTEST_SKIP() << "kernel lacks CONFIG_INET_DIAG_DESTROY";
  // The kernel folds a cookie mismatch into "no such socket".
  EXPECT_EQ(r.error().code, ENOENT) << r.error().message;
  char c;
  EXPECT_EQ(::recv(*p.client, &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, EAGAIN);  // still connected
}

TEST_F(NetlinkLive, DestroyWithoutCookieMatchesAddresses) {
  Pair p;
  make_pair(p);
  Endpoint no_cookie = p.client_ep;
  no_cookie.cookie = 0;  // as read from /proc
  auto r = destroy_tcp_socket(no_cookie);
  if (!r && r.error().code == EOPNOTSUPP) GTEST_SKIP() << "kernel lacks CONFIG_INET_DIAG_DESTROY";
  ASSERT_TRUE(r) << r.error().message;
  char c;
  EXPECT_EQ(::recv(*p.client, &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, ECONNABORTED);
}

TEST_F(NetlinkLive, DestroyNeedsCapNetAdmin) {
  Pair p;
  make_pair(p);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
    auto r = destroy_tcp_socket(p.client_ep);
    _exit(r ? 1 : r.error().code == EPERM ? 0 : r.error().code == EOPNOTSUPP ? 4 : 2);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 4) GTEST_SKIP() << "kernel lacks CONFIG_INET_DIAG_DESTROY";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: destroyed without privilege, 2: wrong errno, 3: setuid failed";
  char c;
  EXPECT_EQ(::recv(*p.client, &c, 1, MSG_DONTWAIT), -1);
  EXPECT_EQ(errno, EAGAIN);
}

TEST(NetlinkDestroy, RejectsNonTcp) {
  Endpoint e;
  e.proto = Proto::Udp;
  auto r = destroy_tcp_socket(e);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, EINVAL);
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  EXPECT_EQ(destroy_tcp_socket(e).error().code, EINVAL);
}

}  // namespace
}  // namespace sockscope
