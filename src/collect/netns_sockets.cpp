// Opens sock_diag sockets inside other network namespaces on a worker thread and dumps over them.
#include "collect/netns_sockets.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include "collect/diag_socket.hpp"
#include "collect/netlink_diag.hpp"
#include "collect/sock_destroy.hpp"

namespace sockscope {

struct NetnsSockets::Held {
  std::uint64_t inode;
  DiagSocket socket;
};

namespace {

// What entering one namespace gave: a socket, or that it was gone, or an error.
struct Entered {
  std::optional<DiagSocket> socket;
  bool vanished = false;
  std::optional<Error> error;
};

Error entry_error(const NetnsInfo& ns, const std::string& what, int err) {
  return Error{err, "network namespace " + std::to_string(ns.inode) + " (" + ns.path + "): " + what + ": " + std::strerror(err)};
}

// Runs on the worker thread, which is in namespace `thread_ns` (updated when it moves). The opened
// path is checked against the inode discovery saw, since a PID or a mount point may have been
// reused meanwhile.
Entered enter_and_open(const NetnsInfo& ns, std::uint64_t& thread_ns) {
  Entered r;
  const int fd = ::open(ns.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ESRCH) r.vanished = true;
    else r.error = entry_error(ns, "open", err);
    return r;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || static_cast<std::uint64_t>(st.st_ino) != ns.inode) {
    ::close(fd);
    r.vanished = true;
    return r;
  }
  if (ns.inode != thread_ns && ::setns(fd, CLONE_NEWNET) != 0) {
    const int err = errno;
    ::close(fd);
    r.error = entry_error(ns, "setns", err);
    return r;
  }
  ::close(fd);
  thread_ns = ns.inode;
  auto sock = DiagSocket::open();
  if (!sock) {
    r.error = sock.error();
    r.error->message = "network namespace " + std::to_string(ns.inode) + ": " + r.error->message;
    return r;
  }
  r.socket = std::move(*sock);
  return r;
}

std::uint64_t thread_netns() {
  struct stat st {};
  return ::stat("/proc/thread-self/ns/net", &st) == 0 ? static_cast<std::uint64_t>(st.st_ino) : 0;
}

}  // namespace

NetnsSockets::NetnsSockets() = default;
NetnsSockets::~NetnsSockets() = default;
NetnsSockets::NetnsSockets(NetnsSockets&&) noexcept = default;
NetnsSockets& NetnsSockets::operator=(NetnsSockets&&) noexcept = default;

std::vector<std::uint64_t> NetnsSockets::held() const {
  std::vector<std::uint64_t> out;
  for (const auto& h : held_) out.push_back(h->inode);
  return out;
}

Result<void> NetnsSockets::destroy_tcp(std::uint64_t netns, const Endpoint& e) {
  for (auto& h : held_) {
    if (h->inode == netns) return destroy_tcp_socket(e, h->socket);
  }
  return fail("network namespace " + std::to_string(netns) + " is gone", ENOENT);
}

NetnsSyncOutcome NetnsSockets::sync(std::span<const NetnsInfo> wanted) {
  NetnsSyncOutcome outcome;
  const auto is_wanted = [&](std::uint64_t inode) {
    return std::ranges::any_of(wanted, [&](const NetnsInfo& n) { return n.inode == inode; });
  };
  std::erase_if(held_, [&](const std::unique_ptr<Held>& h) {
    if (is_wanted(h->inode)) return false;
    outcome.dropped.push_back(h->inode);
    return true;
  });

  std::vector<const NetnsInfo*> missing;
  for (const NetnsInfo& n : wanted) {
    const bool have = std::ranges::any_of(held_, [&](const auto& h) { return h->inode == n.inode; });
    const bool listed = std::ranges::any_of(missing, [&](const NetnsInfo* m) { return m->inode == n.inode; });
    if (!have && !listed) missing.push_back(&n);
  }
  if (missing.empty()) return outcome;

  // setns() moves only the calling thread: a thread of its own keeps the caller where it is, and
  // its namespace dies with it.
  std::vector<Entered> entered(missing.size());
  std::thread worker([&] {
    const std::uint64_t start_ns = thread_netns();
    std::uint64_t now_in = start_ns;
    // The worker's own (the caller's) namespace first, needing no setns.
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < missing.size(); ++i) {
        if ((missing[i]->inode == start_ns) != (pass == 0)) continue;
        entered[i] = enter_and_open(*missing[i], now_in);
      }
    }
  });
  worker.join();

  for (std::size_t i = 0; i < missing.size(); ++i) {
    Entered& e = entered[i];
    if (e.socket) {
      held_.push_back(std::make_unique<Held>(Held{missing[i]->inode, std::move(*e.socket)}));
      outcome.opened.push_back(missing[i]->inode);
    } else if (e.vanished) {
      outcome.vanished.push_back(missing[i]->inode);
    } else if (e.error) {
      outcome.refused.push_back(std::move(*e.error));
    }
  }
  return outcome;
}

NetnsDumpOutcome NetnsSockets::dump(const SocketQuery& query, std::vector<Endpoint>& out, std::span<const std::uint64_t> only) {
  NetnsDumpOutcome outcome;
  for (auto& h : held_) {
    if (!only.empty() && std::ranges::find(only, h->inode) == only.end()) continue;
    const std::size_t begin = out.size();
    auto done = dump_sock_diag(h->socket, query, out);
    if (!done) {
      Error err = done.error();
      err.message = "network namespace " + std::to_string(h->inode) + ": " + err.message;
      outcome.failed.push_back(std::move(err));
      continue;
    }
    outcome.rows.push_back({h->inode, begin, out.size()});
  }
  return outcome;
}

Result<void> destroy_tcp_in_netns(const Endpoint& e, const NetnsInfo* netns) {
  if (!netns || netns->current) return destroy_tcp_socket(e);
  NetnsSockets there;
  const NetnsSyncOutcome synced = there.sync(std::span(netns, 1));
  if (!synced.refused.empty()) return std::unexpected(synced.refused.front());
  return there.destroy_tcp(netns->inode, e);  // ENOENT when it vanished
}

}  // namespace sockscope
