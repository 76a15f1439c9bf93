// Connection events from the conn_events eBPF program (tp_btf inet_sock_set_state, fexit inet_accept).
#pragma once

#include <memory>

#include "collect/conn_event_stream.hpp"

namespace sockscope {

// Every TCP connection of every network namespace on the host as it closes, with its owner at
// open (connect, listen) or accept time, kept by the kernel side until the close; also listeners
// opening and closing. The program is attached from load() to destruction. Not thread-safe.
class BpfConnEvents final : public ConnEventStream {
 public:
  struct Options {
    // The ring buffer between the program and poll(): a power of two, at least one page. The
    // default holds about 55,000 events, several seconds of a burst of 10,000 connections a second.
    std::uint32_t ring_bytes = 8u << 20;
    // UDP flows (net_dev_queue, netif_receive_skb), which `record` asks for: off (the default)
    // leaves both programs unloaded, so no packet runs them. A flow is handed over once no
    // datagram was seen for `udp_idle_ns` (Zeek's udp_inactivity_timeout, 60 s, by default), the
    // rest by drain().
    bool udp_flows = false;
    std::int64_t udp_idle_ns = 60'000'000'000;
    std::uint32_t udp_flow_entries = 65536;
  };

  // Fails with a one-line reason when sockscope was built without eBPF support, or the kernel
  // refuses: not root (CAP_BPF + CAP_PERFMON), no BTF, a kernel before 5.12, a seccomp filter or
  // lockdown. The caller then falls back to DiagDestroyEvents.
  static Result<std::unique_ptr<BpfConnEvents>> load(const Options& options);
  static Result<std::unique_ptr<BpfConnEvents>> load() { return load(Options{}); }
  static bool built_in();

  // Ring buffer records, then (about once a second) the UDP flows idle for udp_idle_ns.
  Result<int> poll(int timeout_ms, const ConnEventHandler& on_event) override;
  // Every UDP flow still in the table, idle or not (at the end of a capture).
  Result<int> drain(const ConnEventHandler& on_event) override;
  // Ring buffer full (summed over CPUs), records that did not parse, and runs of the programs the
  // kernel skipped because one was already running on that CPU (bpf_prog_info.recursion_misses:
  // a softirq's state change while the program ran in a task there). A missed accept loses
  // only the owner of an incoming connection, but is counted too.
  std::uint64_t lost_events() const override;
  // Connections whose owner and open time were lost because the kernel-side table of open
  // sockets was full (they are still reported at close, without them).
  std::uint64_t untracked_opens() const;
  // Datagrams not counted: the UDP flow table was full, or the kernel skipped the program (above).
  std::uint64_t uncounted_udp() const;
  std::string_view mode() const override { return "ebpf"; }
  // How accepting tasks are seen: "fexit inet_accept", or "accept system calls" where the kernel
  // refuses fexit (then accepts through io_uring have no owner).
  std::string_view accept_hook() const;

  ~BpfConnEvents() override;
  BpfConnEvents(const BpfConnEvents&) = delete;
  BpfConnEvents& operator=(const BpfConnEvents&) = delete;

 // The loaded object; public only so the loader's helpers in the .cpp can name it.
  struct Loaded;

 private:
  explicit BpfConnEvents(std::unique_ptr<Loaded> loaded);
  std::unique_ptr<Loaded> loaded_;
};

}  // namespace sockscope
