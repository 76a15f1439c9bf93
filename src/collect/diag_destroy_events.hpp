// Connection events from the sock_diag destroy multicast groups (what `ss -E` reads): the fallback
// where eBPF is refused.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "collect/conn_event_stream.hpp"

namespace sockscope {

// TCP and UDP sockets of the caller's network namespace as the kernel frees them, with TCP's last
// tcp_info; no owner, open time or direction (joined with a snapshot's owners by cookie later:
// logic/conn_event_owners.hpp). Needs CAP_NET_ADMIN in the namespace. Not thread-safe.
class DiagDestroyEvents final : public ConnEventStream {
 public:
  static Result<std::unique_ptr<DiagDestroyEvents>> open();

  Result<int> poll(int timeout_ms, const ConnEventHandler& on_event) override;
  // Times the socket's receive queue overflowed (ENOBUFS). The kernel does not say how many
  // messages each overflow cost, so this is a lower bound of the events lost.
  std::uint64_t lost_events() const override { return overruns_; }
  std::string_view mode() const override { return "sock_diag destroy groups"; }

  ~DiagDestroyEvents() override;
  DiagDestroyEvents(const DiagDestroyEvents&) = delete;
  DiagDestroyEvents& operator=(const DiagDestroyEvents&) = delete;

 private:
  DiagDestroyEvents(int fd, std::uint32_t netns) : fd_(fd), netns_(netns) {}
  int fd_;
  std::uint32_t netns_;  // inode of the namespace the socket was opened in
  std::uint64_t overruns_ = 0;
  std::vector<std::uint64_t> buf_ = std::vector<std::uint64_t>(64 * 1024 / 8);  // aligned for nlmsghdr
};

}  // namespace sockscope
