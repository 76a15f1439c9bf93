// Micro-benchmark: decoding a 100k-socket inet_diag dump (netlink framing + parse into endpoints).
#include <benchmark/benchmark.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "collect/netlink_reply.hpp"
#include "parse/sock_diag.hpp"

namespace sockscope {
namespace {

constexpr std::uint32_t kSeq = 7, kPort = 1234;

// The dump as recvmsg() buffers of up to 32 KiB, as the kernel fills them.
struct Dump {
  std::vector<std::vector<std::uint64_t>> buffers;  // uint64_t: aligned like a receive buffer
  std::vector<std::size_t> lengths;
};

Dump make_dump(std::size_t sockets, bool with_info) {
  Dump d;
  std::vector<std::byte> cur;
  auto flush = [&] {
    std::vector<std::uint64_t> b((cur.size() + 7) / 8);
    std::memcpy(b.data(), cur.data(), cur.size());
    d.buffers.push_back(std::move(b));
    d.lengths.push_back(cur.size());
    cur.clear();
  };
  for (std::size_t i = 0; i < sockets; ++i) {
    inet_diag_msg m{};
    m.idiag_family = AF_INET;
    m.idiag_state = 1;
    m.id.idiag_sport = htons(static_cast<std::uint16_t>(10000 + i % 50000));
    m.id.idiag_dport = htons(5001);
    m.id.idiag_src[0] = htonl(0x7f010001);
    m.id.idiag_dst[0] = htonl(0x7f000001);
    m.id.idiag_cookie[0] = static_cast<std::uint32_t>(i);
    m.idiag_inode = static_cast<std::uint32_t>(1000000 + i);
    const std::size_t attr = with_info ? NLA_HDRLEN + NLA_ALIGN(sizeof(tcp_info)) : 0;
    const std::size_t len = NLMSG_LENGTH(NLMSG_ALIGN(sizeof m) + attr);
    if (cur.size() + NLMSG_ALIGN(len) > 32768) flush();
    const std::size_t at = cur.size();
    cur.resize(at + NLMSG_ALIGN(len));
    nlmsghdr h{};
    h.nlmsg_len = static_cast<std::uint32_t>(len);
    h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    h.nlmsg_flags = NLM_F_MULTI;
    h.nlmsg_seq = kSeq;
    h.nlmsg_pid = kPort;
    std::memcpy(cur.data() + at, &h, sizeof h);
    std::memcpy(cur.data() + at + NLMSG_HDRLEN, &m, sizeof m);
    if (with_info) {
      nlattr a{};
      a.nla_len = static_cast<std::uint16_t>(NLA_HDRLEN + sizeof(tcp_info));
      a.nla_type = INET_DIAG_INFO;
      tcp_info ti{};
      ti.tcpi_rtt = 50;
      ti.tcpi_bytes_acked = i;
      std::memcpy(cur.data() + at + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof m), &a, sizeof a);
      std::memcpy(cur.data() + at + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof m) + NLA_HDRLEN, &ti, sizeof ti);
    }
  }
  nlmsghdr done{};
  done.nlmsg_len = NLMSG_LENGTH(sizeof(int));
  done.nlmsg_type = NLMSG_DONE;
  done.nlmsg_seq = kSeq;
  done.nlmsg_pid = kPort;
  const std::size_t at = cur.size();
  cur.resize(at + NLMSG_ALIGN(done.nlmsg_len));
  std::memcpy(cur.data() + at, &done, sizeof done);
  flush();
  return d;
}

void parse_dump(benchmark::State& state, bool with_info) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Dump d = make_dump(n, with_info);
  for (auto _ : state) {
    std::vector<Endpoint> out;
    out.reserve(n + n / 8);
    const ReplyHandler on_message = [&](std::uint16_t type, std::span<const std::byte> payload) {
      if (type != SOCK_DIAG_BY_FAMILY) return;
      Endpoint& e = out.emplace_back();
      if (!parse_inet_diag_into(payload, Proto::Tcp, e)) out.pop_back();
    };
    for (std::size_t b = 0; b < d.buffers.size(); ++b) {
      const std::span<const std::byte> buf(reinterpret_cast<const std::byte*>(d.buffers[b].data()), d.lengths[b]);
      walk_netlink_replies(buf, kSeq, kPort, on_message);
    }
    if (out.size() != n) state.SkipWithError("lost rows");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_ParseInetDiag(benchmark::State& state) { parse_dump(state, false); }
void BM_ParseInetDiagWithTcpInfo(benchmark::State& state) { parse_dump(state, true); }
BENCHMARK(BM_ParseInetDiag)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseInetDiagWithTcpInfo)->Arg(100000)->Unit(benchmark::kMillisecond);

// The old shape for comparison: an optional<Endpoint> per message, moved into the vector.
void BM_ParseInetDiagViaOptional(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const Dump d = make_dump(n, false);
  for (auto _ : state) {
    std::vector<Endpoint> out;
    out.reserve(n + n / 8);
    const ReplyHandler on_message = [&](std::uint16_t type, std::span<const std::byte> payload) {
      if (type != SOCK_DIAG_BY_FAMILY) return;
      if (auto e = parse_inet_diag(payload, Proto::Tcp)) out.push_back(std::move(*e));
    };
    for (std::size_t b = 0; b < d.buffers.size(); ++b) {
      const std::span<const std::byte> buf(reinterpret_cast<const std::byte*>(d.buffers[b].data()), d.lengths[b]);
      walk_netlink_replies(buf, kSeq, kPort, on_message);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_ParseInetDiagViaOptional)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope
