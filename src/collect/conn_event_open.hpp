// Which connection event capture runs: eBPF where the kernel allows it, else the sock_diag destroy
// groups. What `record` and `serve` both start with.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "collect/bpf_conn_events.hpp"
#include "collect/conn_event_stream.hpp"

namespace sockscope {

enum class CaptureMode { Auto, Ebpf, Diag };

// "auto", "ebpf", "diag"; nullopt for anything else.
std::optional<CaptureMode> parse_capture_mode(std::string_view text);

struct OpenedCapture {
  std::unique_ptr<ConnEventStream> stream;
  std::string ebpf_refused;  // why eBPF was refused when auto fell back ("" when it was not tried or ran)
};

// Auto: eBPF, else the destroy groups. The error is one line: eBPF's refusal for Ebpf, the destroy
// groups' (after eBPF's, for Auto) otherwise. `ebpf`: the eBPF program's options (ring buffer size,
// UDP flows).
Result<OpenedCapture> open_capture(CaptureMode mode, const BpfConnEvents::Options& ebpf = {});

}  // namespace sockscope
