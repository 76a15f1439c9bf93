// The event stream beside snapshots: finished connections and listener changes, from whichever capture runs.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "model/conn_event.hpp"
#include "model/error.hpp"

namespace sockscope {

using ConnEventHandler = std::function<void(ConnEvent&&)>;

// Implemented by BpfConnEvents (owners, open times) and DiagDestroyEvents (the fallback, no owners).
class ConnEventStream {
 public:
  virtual ~ConnEventStream() = default;
  // Waits up to `timeout_ms` (-1: forever, 0: not at all) for events and hands each to `on_event`,
  // in the order the kernel queued them. Returns how many were handed over; EINTR is 0 events.
  virtual Result<int> poll(int timeout_ms, const ConnEventHandler& on_event) = 0;
  // Events the kernel could not queue (full buffer), plus records that did not parse, since load.
  // Never reset: outputs report it as a running total.
  virtual std::uint64_t lost_events() const = 0;
  // At the end of a capture: hands over what is still held open (the eBPF mode's UDP flows that
  // have not gone idle yet). Returns how many.
  virtual Result<int> drain(const ConnEventHandler& /*on_event*/) { return 0; }
  // One word for "which mode runs" messages: "ebpf" or "sock_diag destroy groups".
  virtual std::string_view mode() const = 0;
};

}  // namespace sockscope
