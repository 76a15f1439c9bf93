// Socket enumeration through NETLINK_SOCK_DIAG: one dump per (family, protocol), retried when interrupted.
#include "collect/netlink_diag.hpp"

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "collect/diag_socket.hpp"
#include "parse/sock_diag.hpp"

namespace sockscope {
namespace {

constexpr int kDumpTries = 5;

struct DumpJob {
  int family;    // AF_INET, AF_INET6, AF_UNIX
  Proto proto;
  const char* name;
};

// Room for the header and either request structure.
struct alignas(NLMSG_ALIGNTO) RequestBuf {
  std::byte bytes[NLMSG_HDRLEN + sizeof(inet_diag_req_v2) + sizeof(unix_diag_req)];
};

nlmsghdr* build_request(RequestBuf& buf, const DumpJob& job, const SocketQuery& q) {
  std::memset(&buf, 0, sizeof buf);
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.bytes);
  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  if (job.proto == Proto::Unix) {
    auto* req = static_cast<unix_diag_req*>(mnl_nlmsg_put_extra_header(nlh, sizeof(unix_diag_req)));
    req->sdiag_family = AF_UNIX;
    req->udiag_states = ~0u;
    req->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_VFS | UDIAG_SHOW_UID;
    return nlh;
  }
  auto* req = static_cast<inet_diag_req_v2*>(mnl_nlmsg_put_extra_header(nlh, sizeof(inet_diag_req_v2)));
  req->sdiag_family = static_cast<std::uint8_t>(job.family);
  if (job.proto == Proto::Tcp) {
    req->sdiag_protocol = IPPROTO_TCP;
    req->idiag_states = q.tcp_states;
    if (q.tcp_info) req->idiag_ext = 1u << (INET_DIAG_INFO - 1);
  } else {
    req->sdiag_protocol = IPPROTO_UDP;
    req->idiag_states = ~0u;
  }
  return nlh;
}

Family family_of(int af) {
  return af == AF_INET ? Family::Inet4 : af == AF_INET6 ? Family::Inet6 : Family::Unix;
}

// Runs one dump, appending to `out`; an interrupted dump is thrown away and asked again, and after
// kDumpTries the last (possibly inconsistent) answer is kept.
Result<void> run_dump(DiagSocket& sock, const DumpJob& job, const SocketQuery& q, std::vector<Endpoint>& out) {
  const Family want = family_of(job.family);
  const ReplyHandler on_message = [&](std::uint16_t type, std::span<const std::byte> payload) {
    if (type != SOCK_DIAG_BY_FAMILY) return;
    auto e = job.proto == Proto::Unix ? parse_unix_diag(payload) : parse_inet_diag(payload, job.proto);
    // Each socket belongs to exactly one family's dump; anything else would be counted twice.
    if (!e || e->family != want) return;
    // TCP dumps yield TCP_CLOSE only from the walk over bound-but-inactive sockets (kernel 6.6+,
    // asked for with the TCP_BOUND_INACTIVE bit); closed sockets themselves are unhashed.
    if (job.proto == Proto::Tcp && e->state == TcpState::Close) e->state = TcpState::BoundInactive;
    out.push_back(std::move(*e));
  };
  RequestBuf buf;
  for (int attempt = 1;; ++attempt) {
    const std::size_t mark = out.size();
    nlmsghdr* req = build_request(buf, job, q);
    auto outcome = sock.exchange(*req, on_message);
    if (!outcome) {
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end());
      auto err = outcome.error();
      err.message = std::string(job.name) + " dump: " + err.message;
      return std::unexpected(std::move(err));
    }
    if (!outcome->interrupted || attempt == kDumpTries) return {};
    out.erase(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end());
  }
}

bool family_unsupported(int err) { return err == ENOENT || err == EOPNOTSUPP || err == EAFNOSUPPORT; }

}  // namespace

Result<std::vector<Endpoint>> dump_sock_diag(const SocketQuery& query) {
  std::vector<DumpJob> jobs;
  const bool tcp = query.tcp && query.tcp_states != 0;
  // IPv4 first: if even that is refused, netlink is unusable and the caller falls back to /proc.
  if (tcp && query.inet4) jobs.push_back({AF_INET, Proto::Tcp, "tcp"});
  if (query.udp && query.inet4) jobs.push_back({AF_INET, Proto::Udp, "udp"});
  if (tcp && query.inet6) jobs.push_back({AF_INET6, Proto::Tcp, "tcp6"});
  if (query.udp && query.inet6) jobs.push_back({AF_INET6, Proto::Udp, "udp6"});
  if (query.unix_sockets) jobs.push_back({AF_UNIX, Proto::Unix, "unix"});

  std::vector<Endpoint> out;
  if (jobs.empty()) return out;

  auto sock = DiagSocket::open();
  if (!sock) return std::unexpected(sock.error());

  bool first = true;
  for (const auto& job : jobs) {
    auto done = run_dump(*sock, job, query, out);
    // A kernel without IPv6 has no AF_INET6 sockets to show; that is not a failure of netlink.
    if (!done && !(!first && job.family == AF_INET6 && family_unsupported(done.error().code))) {
      return std::unexpected(done.error());
    }
    first = false;
  }
  return out;
}

}  // namespace sockscope
