// sock_diag sockets kept open in many network namespaces, opened from a worker thread that enters each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "collect/query.hpp"
#include "model/endpoint.hpp"
#include "model/error.hpp"
#include "model/netns.hpp"

namespace sockscope {

class DiagSocket;

struct NetnsSyncOutcome {
  std::vector<std::uint64_t> opened;    // newly entered this time
  std::vector<std::uint64_t> dropped;   // held before, no longer wanted: closed
  std::vector<std::uint64_t> vanished;  // wanted, but gone before it could be entered (or its path now leads elsewhere)
  std::vector<Error> refused;           // wanted, but entering or opening failed otherwise (EPERM without root)
};

struct NetnsDumpOutcome {
  std::vector<NetnsRows> rows;  // one per namespace dumped, in the order they are held
  std::vector<Error> failed;    // namespaces whose dump failed; their rows are left out
};

class NetnsSockets {
 public:
  NetnsSockets();
  ~NetnsSockets();
  NetnsSockets(NetnsSockets&&) noexcept;
  NetnsSockets& operator=(NetnsSockets&&) noexcept;

  // Holds a sock_diag socket in each of `wanted` (a discovery result) and in nothing else: the
  // sockets of namespaces no longer wanted are closed (they would keep the namespace alive), the
  // missing ones opened. Those are opened on one worker thread that setns()es into each in turn
  // (the calling thread never changes namespace); a socket stays bound to the namespace it was
  // made in, so the dumps below can run on any thread (one call at a time: the sockets are not
  // shared between concurrent dumps).
  NetnsSyncOutcome sync(std::span<const NetnsInfo> wanted);

  // Dumps every held namespace (or those of them in `only`, when given) per the query, appending to
  // `out`. A namespace whose dump fails is left out and named in `failed`; the others are still dumped.
  NetnsDumpOutcome dump(const SocketQuery& query, std::vector<Endpoint>& out, std::span<const std::uint64_t> only = {});

  std::vector<std::uint64_t> held() const;  // the namespaces held, in order

  // SOCK_DESTROY for `e` sent over the socket held in namespace `netns`, so the connection is
  // closed in its own namespace (the calling thread stays where it is). ENOENT when that
  // namespace is not held (it went away).
  Result<void> destroy_tcp(std::uint64_t netns, const Endpoint& e);

 private:
  struct Held;
  std::vector<std::unique_ptr<Held>> held_;
};

// Closes a TCP connection in its own network namespace (null or current: this one): the live
// views' Close Connection. Other namespaces are entered on a worker thread, never the caller's.
Result<void> destroy_tcp_in_netns(const Endpoint& e, const NetnsInfo* netns);

}  // namespace sockscope
