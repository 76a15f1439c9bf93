// The event stream beside snapshots: connections shorter than a refresh, caught by the eBPF program
// (with owners, also after the owner exited) and by the sock_diag destroy groups (ss -E).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "collect/bpf_conn_events.hpp"
#include "collect/diag_destroy_events.hpp"
#include "netns_harness.hpp"
#include "ebpf_preconditions.hpp"
#include "test_sockets.hpp"

using namespace sockscope;
using namespace sockscope::testing;

namespace {

// BpfConnEvents needs bpf_get_socket_cookie in tracing programs (5.12).
std::string conn_events_missing_precondition() {
  return bpf_missing_precondition(BpfConnEvents::built_in(), 12, "bpf_get_socket_cookie in tracing programs (5.12)");
}

std::uint32_t own_netns() {
  struct stat st {};
  return ::stat("/proc/self/ns/net", &st) == 0 ? static_cast<std::uint32_t>(st.st_ino) : 0;
}

std::string own_comm() {
  std::ifstream f("/proc/self/comm");
  std::string comm;
  std::getline(f, comm);
  return comm;
}

// An unconnected TCP socket of the address's family, and connect() on it: kept apart so that
// another process than the one holding the socket can be the one that connects.
int tcp_socket_for(const std::string& addr) {
  return ::socket(addr.find(':') != std::string::npos ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
}
int connect_to(int fd, const std::string& addr, int port) {
  sockaddr_storage ss{};
  socklen_t len;
  if (addr.find(':') != std::string::npos) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&ss);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET6, addr.c_str(), &sa->sin6_addr);
    len = sizeof *sa;
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, addr.c_str(), &sa->sin_addr);
    len = sizeof *sa;
  }
  return ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len);
}

bool write_all(int fd, std::size_t n) {
  const std::string data(n, 'x');
  std::size_t done = 0;
  while (done < n) {
    const ssize_t w = ::write(fd, data.data() + done, n - done);
    if (w <= 0) return false;
    done += static_cast<std::size_t>(w);
  }
  return true;
}
bool read_exactly(int fd, std::size_t n) {
  char buf[4096];
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::read(fd, buf, std::min(sizeof buf, n - done));
    if (r <= 0) return false;
    done += static_cast<std::size_t>(r);
  }
  return true;
}

// Runs `body` in a child named `name`; returns its PID after it exited (0 when it failed).
pid_t run_child(const std::string& name, const std::function<bool()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::prctl(PR_SET_NAME, name.c_str());
    ::_exit(body() ? 0 : 1);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 0;
  return pid;
}

// Polls `stream` until `done` holds for the events gathered so far (or 3 s pass).
std::vector<ConnEvent> gather(ConnEventStream& stream, const std::function<bool(const std::vector<ConnEvent>&)>& done,
                              std::uint32_t netns) {
  std::vector<ConnEvent> events;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!done(events) && std::chrono::steady_clock::now() < deadline) {
    auto polled = stream.poll(50, [&](ConnEvent&& e) {
      if (e.netns == netns) events.push_back(std::move(e));  // eBPF sees every namespace on the host
    });
    if (!polled) {
      ADD_FAILURE() << polled.error().message;
      break;
    }
  }
  return events;
}

const ConnEvent* find_port(const std::vector<ConnEvent>& events, ConnEventKind kind, int local_port, int remote_port) {
  for (const auto& e : events) {
    if (e.kind == kind && e.local_port == local_port && e.remote_port == remote_port) return &e;
  }
  return nullptr;
}

class ConnEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    ENTER_NETNS();
    netns_ = own_netns();
    auto loaded = BpfConnEvents::load();
    if (!loaded) {
      const std::string missing = conn_events_missing_precondition();
      if (!missing.empty()) GTEST_SKIP() << missing << " (" << loaded.error().message << ")";
      FAIL() << "every precondition holds, yet: " << loaded.error().message;
    }
    events_ = std::move(*loaded);
  }
  std::uint32_t netns_ = 0;
  std::unique_ptr<BpfConnEvents> events_;
};
class ConnEventsPerFamily : public ConnEvents, public ::testing::WithParamInterface<const char*> {};

}  // namespace

TEST_P(ConnEventsPerFamily, ShortConnectionBothEndsWithOwnersAndBytes) {
  // A client process sends 1000 bytes, reads 300 back and exits, all within a few milliseconds.
  const std::string addr = GetParam();
  const int listener = tcp_listen(addr, 7401);
  ASSERT_GE(listener, 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::prctl(PR_SET_NAME, "short-client");
    const int fd = tcp_socket_for(addr);
    bool ok = fd >= 0 && connect_to(fd, addr, 7401) == 0 && write_all(fd, 1000) && read_exactly(fd, 300);
    ::close(fd);
    ::_exit(ok ? 0 : 1);
  }
  sockaddr_storage peer{};
  socklen_t len = sizeof peer;
  const int conn = ::accept(listener, reinterpret_cast<sockaddr*>(&peer), &len);
  ASSERT_GE(conn, 0);
  EXPECT_TRUE(read_exactly(conn, 1000));
  EXPECT_TRUE(write_all(conn, 300));
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ::close(conn);
  ::close(listener);
  const int client_port = ntohs(peer.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&peer)->sin6_port
                                                           : reinterpret_cast<sockaddr_in*>(&peer)->sin_port);

  const auto events = gather(*events_, [&](const auto& got) {
    return find_port(got, ConnEventKind::Closed, client_port, 7401) && find_port(got, ConnEventKind::Closed, 7401, client_port);
  }, netns_);
  const ConnEvent* out = find_port(events, ConnEventKind::Closed, client_port, 7401);
  const ConnEvent* in = find_port(events, ConnEventKind::Closed, 7401, client_port);
  ASSERT_TRUE(out && in) << events.size() << " events";
  const Family family = addr.find(':') != std::string::npos ? Family::Inet6 : Family::Inet4;
  for (const ConnEvent* e : {out, in}) {
    EXPECT_EQ(e->family, family);
    EXPECT_EQ(e->local.to_string(), addr);
    EXPECT_EQ(e->remote.to_string(), addr);
    EXPECT_NE(e->cookie, 0u);
    EXPECT_NE(e->open_ns, 0u);
    EXPECT_GE(e->close_ns, e->open_ns);
    EXPECT_EQ(e->new_state, TcpState::Close);
  }
  EXPECT_NE(out->cookie, in->cookie);
  EXPECT_EQ(out->direction, ConnDirection::Outgoing);
  EXPECT_EQ(in->direction, ConnDirection::Incoming);
  ASSERT_TRUE(out->owner && in->owner);
  EXPECT_EQ(out->owner->pid, static_cast<std::uint32_t>(child));
  EXPECT_EQ(out->owner->comm, "short-client");
  EXPECT_EQ(in->owner->pid, static_cast<std::uint32_t>(::getpid()));
  EXPECT_EQ(in->owner->comm, own_comm());
  EXPECT_EQ(in->owner->uid, ::getuid());
  EXPECT_NE(in->owner->cgroup_id, 0u);
  // The kernel's counters, as tcp_info has them, count sequence space: the payload, the FIN of
  // each side, and for the connecting side the SYN the server acknowledged.
  EXPECT_EQ(out->tcp.bytes_acked, 1000u + 2);
  EXPECT_EQ(out->tcp.bytes_received, 300u + 1);
  EXPECT_EQ(in->tcp.bytes_acked, 300u + 1);
  EXPECT_EQ(in->tcp.bytes_received, 1000u + 1);
  EXPECT_GE(out->tcp.segs_out, 3u);
  EXPECT_GE(in->tcp.segs_in, 3u);
  // Shorter than a refresh by far (but a loaded test machine may stretch it; a second is generous).
  EXPECT_LT(out->close_ns - out->open_ns, 1'000'000'000u);
  EXPECT_EQ(events_->lost_events(), 0u);
  EXPECT_EQ(events_->untracked_opens(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Families, ConnEventsPerFamily, ::testing::Values("127.0.0.1", "::1"),
                         [](const auto& info) { return std::string(info.index == 0 ? "Ipv4" : "Ipv6"); });

TEST_F(ConnEvents, OwnerThatExitedBeforeTheCloseIsStillKnown) {
  const int listener = tcp_listen("127.0.0.1", 7402);
  ASSERT_GE(listener, 0);
  // This process holds the socket; a child connects it and exits; the close comes afterwards.
  const int fd = tcp_socket_for("127.0.0.1");
  ASSERT_GE(fd, 0);
  const pid_t child = run_child("gone-owner", [&] { return connect_to(fd, "127.0.0.1", 7402) == 0; });
  ASSERT_NE(child, 0);
  ASSERT_NE(::kill(child, 0), 0) << "the child must be gone before the close";
  const int port = local_port(fd);
  ::close(fd);
  ::close(listener);
  const auto events = gather(*events_, [&](const auto& got) { return find_port(got, ConnEventKind::Closed, port, 7402); }, netns_);
  const ConnEvent* e = find_port(events, ConnEventKind::Closed, port, 7402);
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->owner);
  EXPECT_EQ(e->owner->pid, static_cast<std::uint32_t>(child));
  EXPECT_EQ(e->owner->tid, static_cast<std::uint32_t>(child));
  EXPECT_EQ(e->owner->comm, "gone-owner");
}

TEST_F(ConnEvents, FailedConnectIsReported) {
  const int fd = tcp_socket_for("127.0.0.1");
  ASSERT_GE(fd, 0);
  EXPECT_NE(connect_to(fd, "127.0.0.1", 7403), 0);  // nobody listens: RST
  const int port = local_port(fd);
  ::close(fd);
  const auto events = gather(*events_, [&](const auto& got) { return find_port(got, ConnEventKind::Closed, port, 7403); }, netns_);
  const ConnEvent* e = find_port(events, ConnEventKind::Closed, port, 7403);
  ASSERT_TRUE(e) << "port " << port;
  EXPECT_TRUE(failed_connect(*e));
  EXPECT_EQ(e->old_state, TcpState::SynSent);
  EXPECT_EQ(e->direction, ConnDirection::Outgoing);
  ASSERT_TRUE(e->owner);
  EXPECT_EQ(e->owner->pid, static_cast<std::uint32_t>(::getpid()));
  EXPECT_EQ(e->tcp.bytes_acked, 0u);
}

TEST_F(ConnEvents, ListenersOpeningAndClosing) {
  const int listener = tcp_listen("::1", 7404);
  ASSERT_GE(listener, 0);
  ::close(listener);
  const auto events = gather(*events_, [&](const auto& got) { return find_port(got, ConnEventKind::ListenClosed, 7404, 0); }, netns_);
  const ConnEvent* opened = find_port(events, ConnEventKind::ListenOpened, 7404, 0);
  const ConnEvent* closed = find_port(events, ConnEventKind::ListenClosed, 7404, 0);
  ASSERT_TRUE(opened && closed);
  EXPECT_EQ(opened->cookie, closed->cookie);
  EXPECT_EQ(opened->new_state, TcpState::Listen);
  EXPECT_EQ(closed->old_state, TcpState::Listen);
  for (const ConnEvent* e : {opened, closed}) {
    ASSERT_TRUE(e->owner);
    EXPECT_EQ(e->owner->pid, static_cast<std::uint32_t>(::getpid()));
  }
  EXPECT_NE(closed->open_ns, 0u);
}

TEST_F(ConnEvents, DestroyGroupsSeeTheSameConnectionWithTheSameBytes) {
  auto destroy = DiagDestroyEvents::open();
  ASSERT_TRUE(destroy) << destroy.error().message;  // root in its own namespace: nothing may refuse it
  const int listener = tcp_listen("127.0.0.1", 7405);
  ASSERT_GE(listener, 0);
  const int client = tcp_connect("127.0.0.1", 7405);
  ASSERT_GE(client, 0);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  ASSERT_TRUE(write_all(client, 5000) && read_exactly(server, 5000));
  ASSERT_TRUE(write_all(server, 700) && read_exactly(client, 700));
  const int port = local_port(client);
  ::close(client);
  ::close(server);
  ::close(listener);

  auto both_ends = [&](const auto& got) {
    return find_port(got, ConnEventKind::Closed, port, 7405) && find_port(got, ConnEventKind::Closed, 7405, port);
  };
  const auto from_bpf = gather(*events_, both_ends, netns_);
  const auto from_diag = gather(**destroy, both_ends, netns_);
  EXPECT_EQ((*destroy)->lost_events(), 0u);
  for (const auto& [local, remote] : {std::pair{port, 7405}, std::pair{7405, port}}) {
    const ConnEvent* b = find_port(from_bpf, ConnEventKind::Closed, local, remote);
    const ConnEvent* d = find_port(from_diag, ConnEventKind::Closed, local, remote);
    ASSERT_TRUE(b && d) << local << " -> " << remote;
    EXPECT_EQ(d->source, ConnEventSource::DestroyGroup);
    EXPECT_FALSE(d->owner);
    EXPECT_EQ(d->cookie, b->cookie);
    EXPECT_EQ(d->tcp.bytes_acked, b->tcp.bytes_acked);
    EXPECT_EQ(d->tcp.bytes_received, b->tcp.bytes_received);
    EXPECT_EQ(d->tcp.bytes_sent, b->tcp.bytes_sent);
    EXPECT_EQ(d->tcp.segs_in, b->tcp.segs_in);
    EXPECT_EQ(d->tcp.segs_out, b->tcp.segs_out);
    EXPECT_EQ(d->tcp.total_retrans, b->tcp.total_retrans);
    EXPECT_EQ(d->local.to_string(), "127.0.0.1");
  }
  EXPECT_EQ(find_port(from_bpf, ConnEventKind::Closed, port, 7405)->tcp.bytes_acked, 5000u + 2);  // SYN, FIN
  EXPECT_EQ(find_port(from_bpf, ConnEventKind::Closed, port, 7405)->tcp.bytes_received, 700u + 1);
}

// The fallback on its own, as it runs where eBPF is refused: no eBPF program is loaded here.
// (Failed connects are not among them: connect() wipes the peer's address from the socket when it
// fails, before the socket is freed and reported, so they look like sockets that never connected.)
TEST(ConnEventsFallback, DestroyGroupsAloneReportConnections) {
  ENTER_NETNS();
  auto destroy = DiagDestroyEvents::open();
  ASSERT_TRUE(destroy) << destroy.error().message;
  EXPECT_EQ((*destroy)->mode(), "sock_diag destroy groups");
  const int listener = tcp_listen("::1", 7406);
  ASSERT_GE(listener, 0);
  const int client = tcp_connect("::1", 7406);
  const int server = ::accept(listener, nullptr, nullptr);
  ASSERT_TRUE(client >= 0 && server >= 0);
  ASSERT_TRUE(write_all(client, 2000) && read_exactly(server, 2000));
  const int port = local_port(client);
  ::close(client);
  ::close(server);
  ::close(listener);

  const auto events = gather(**destroy, [&](const auto& got) {
    return find_port(got, ConnEventKind::Closed, port, 7406) && find_port(got, ConnEventKind::Closed, 7406, port);
  }, own_netns());
  const ConnEvent* out = find_port(events, ConnEventKind::Closed, port, 7406);
  const ConnEvent* in = find_port(events, ConnEventKind::Closed, 7406, port);
  ASSERT_TRUE(out && in);
  EXPECT_EQ(out->family, Family::Inet6);
  EXPECT_EQ(out->netns, own_netns());
  EXPECT_EQ(out->tcp.bytes_acked, 2000u + 2);
  EXPECT_EQ(in->tcp.bytes_received, 2000u + 1);
  EXPECT_NE(out->cookie, in->cookie);
  EXPECT_EQ((*destroy)->lost_events(), 0u);
}

// A full ring buffer loses events and says how many: a one-page buffer holds 25 records, and 60
// failed connects are made before anything reads it.
TEST(ConnEventsLoss, FullRingBufferIsCountedNotSilent) {
  ENTER_NETNS();
  auto loaded = BpfConnEvents::load(BpfConnEvents::Options{.ring_bytes = 4096});
  if (!loaded) {
    const std::string missing = conn_events_missing_precondition();
    if (!missing.empty()) GTEST_SKIP() << missing << " (" << loaded.error().message << ")";
    FAIL() << "every precondition holds, yet: " << loaded.error().message;
  }
  constexpr int kConnects = 60;
  for (int i = 0; i < kConnects; ++i) {
    const int fd = tcp_socket_for("127.0.0.1");
    ASSERT_GE(fd, 0);
    EXPECT_NE(connect_to(fd, "127.0.0.1", 7408), 0);
    ::close(fd);
  }
  int ours = 0;
  const std::uint32_t netns = own_netns();
  while (true) {
    auto polled = (*loaded)->poll(0, [&](ConnEvent&& e) { ours += e.netns == netns && e.remote_port == 7408; });
    ASSERT_TRUE(polled) << polled.error().message;
    if (*polled == 0) break;
  }
  EXPECT_GT(ours, 0);
  EXPECT_LT(ours, kConnects);
  // Other namespaces on the host may have lost events into the same counter too: at least ours.
  EXPECT_GE((*loaded)->lost_events(), static_cast<std::uint64_t>(kConnects - ours));
}
