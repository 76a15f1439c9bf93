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
  int family;    // AF_INET, AF_INET6, AF_UNIX; AF_UNSPEC: TCP over both IP families (legacy request)
  Proto proto;
  const char* name;
};

// Room for the header and any of the request structures.
struct alignas(NLMSG_ALIGNTO) RequestBuf {
  std::byte bytes[NLMSG_HDRLEN + sizeof(inet_diag_req_v2) + sizeof(unix_diag_req) + sizeof(inet_diag_req) +
                  MNL_ATTR_HDRLEN + kMaxRequestBytecode];
};

void put_bytecode(nlmsghdr* nlh, const SocketQuery& q) {
  if (!q.bytecode.empty())
    mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, static_cast<std::uint32_t>(q.bytecode.size()), q.bytecode.data());
}

nlmsghdr* build_request(RequestBuf& buf, const DumpJob& job, const SocketQuery& q) {
  std::memset(&buf, 0, sizeof buf);
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.bytes);
  nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  if (job.family == AF_UNSPEC) {
    // The kernel walks its TCP hash table once per dump, over every socket of every family: a
    // SOCK_DIAG_BY_FAMILY request must name one family, so IPv4 plus IPv6 costs two walks (at
    // 100k IPv4 sockets the empty IPv6 walk alone took 50 ms). The older TCPDIAG_GETSOCK request
    // is answered with both families from one walk.
    nlh->nlmsg_type = TCPDIAG_GETSOCK;
    auto* req = static_cast<inet_diag_req*>(mnl_nlmsg_put_extra_header(nlh, sizeof(inet_diag_req)));
    req->idiag_family = AF_INET;  // ignored by the kernel for dumps
    req->idiag_states = q.tcp_states;
    if (q.tcp_info) req->idiag_ext = 1u << (INET_DIAG_INFO - 1);
    put_bytecode(nlh, q);
    return nlh;
  }
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
  put_bytecode(nlh, q);
  return nlh;
}

Family family_of(int af) {
  return af == AF_INET ? Family::Inet4 : af == AF_INET6 ? Family::Inet6 : Family::Unix;
}

// Whether a row of this dump belongs to it: each socket belongs to exactly one family's dump, and
// anything else would be counted twice.
bool wanted_family(const DumpJob& job, Family f) {
  if (job.family == AF_UNSPEC) return f == Family::Inet4 || f == Family::Inet6;
  return f == family_of(job.family);
}

// Runs one dump, appending to `out`; an interrupted dump is thrown away and asked again, and after
// kDumpTries the last (possibly inconsistent) answer is kept.
Result<void> run_dump(DiagSocket& sock, const DumpJob& job, const SocketQuery& q, std::vector<Endpoint>& out) {
  const std::uint16_t reply_type = job.family == AF_UNSPEC ? TCPDIAG_GETSOCK : SOCK_DIAG_BY_FAMILY;
  const ReplyHandler on_message = [&](std::uint16_t type, std::span<const std::byte> payload) {
    if (type != reply_type) return;
    // Decoded in place at the end of `out`: no temporary endpoint to move per socket.
    Endpoint& e = out.emplace_back();
    const bool ok = job.proto == Proto::Unix ? parse_unix_diag_into(payload, e) : parse_inet_diag_into(payload, job.proto, e);
    if (!ok || !wanted_family(job, e.family)) {
      out.pop_back();
      return;
    }
    // TCP dumps yield TCP_CLOSE only from the walk over bound-but-inactive sockets (kernel 6.6+,
    // asked for with the TCP_BOUND_INACTIVE bit); closed sockets themselves are unhashed.
    if (job.proto == Proto::Tcp && e.state == TcpState::Close) e.state = TcpState::BoundInactive;
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

// The dumps a query needs, in order.
std::vector<DumpJob> dump_jobs(const SocketQuery& query) {
  std::vector<DumpJob> jobs;
  const bool tcp = query.tcp && query.tcp_states != 0;
  // IPv4 first: if even that is refused, netlink is unusable and the caller falls back to /proc.
  if (tcp && query.inet4 && query.inet6) jobs.push_back({AF_UNSPEC, Proto::Tcp, "tcp"});
  else if (tcp && query.inet4) jobs.push_back({AF_INET, Proto::Tcp, "tcp"});
  if (query.udp && query.inet4) jobs.push_back({AF_INET, Proto::Udp, "udp"});
  if (tcp && query.inet6 && !query.inet4) jobs.push_back({AF_INET6, Proto::Tcp, "tcp6"});
  if (query.udp && query.inet6) jobs.push_back({AF_INET6, Proto::Udp, "udp6"});
  if (query.unix_sockets) jobs.push_back({AF_UNIX, Proto::Unix, "unix"});
  return jobs;
}

}  // namespace

Result<std::vector<Endpoint>> dump_sock_diag(const SocketQuery& query) {
  std::vector<Endpoint> out;
  auto done = dump_sock_diag(query, out);
  if (!done) return std::unexpected(done.error());
  return out;
}

Result<void> dump_sock_diag(const SocketQuery& query, std::vector<Endpoint>& out) {
  if (query.bytecode.size() > kMaxRequestBytecode) return fail("sock_diag bytecode longer than the request allows");
  if (dump_jobs(query).empty()) return {};
  auto sock = DiagSocket::open();
  if (!sock) return std::unexpected(sock.error());
  return dump_sock_diag(*sock, query, out);
}

Result<void> dump_sock_diag(DiagSocket& sock, const SocketQuery& query, std::vector<Endpoint>& out) {
  if (query.bytecode.size() > kMaxRequestBytecode) return fail("sock_diag bytecode longer than the request allows");
  std::vector<DumpJob> jobs = dump_jobs(query);
  const std::size_t mark = out.size();
  bool first = true;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const DumpJob job = jobs[i];
    auto done = run_dump(sock, job, query, out);
    if (!done && job.family == AF_UNSPEC) {
      // A kernel without the legacy request: ask per family instead.
      jobs.insert(jobs.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                  {DumpJob{AF_INET, Proto::Tcp, "tcp"}, DumpJob{AF_INET6, Proto::Tcp, "tcp6"}});
      continue;
    }
    // A kernel without IPv6 has no AF_INET6 sockets to show; that is not a failure of netlink.
    if (!done && !(!first && job.family == AF_INET6 && family_unsupported(done.error().code))) {
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(mark), out.end());
      return std::unexpected(done.error());
    }
    first = false;
  }
  return {};
}

}  // namespace sockscope
