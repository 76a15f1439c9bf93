// eBPF first, the destroy groups as the fallback.
#include "collect/conn_event_open.hpp"

#include "collect/bpf_conn_events.hpp"
#include "collect/diag_destroy_events.hpp"

namespace sockscope {

std::optional<CaptureMode> parse_capture_mode(std::string_view text) {
  if (text == "auto") return CaptureMode::Auto;
  if (text == "ebpf") return CaptureMode::Ebpf;
  if (text == "diag") return CaptureMode::Diag;
  return std::nullopt;
}

Result<OpenedCapture> open_capture(CaptureMode mode, const BpfConnEvents::Options& options) {
  OpenedCapture out;
  if (mode != CaptureMode::Diag) {
    auto bpf = BpfConnEvents::load(options);
    if (bpf) {
      out.stream = std::move(*bpf);
      return out;
    }
    if (mode == CaptureMode::Ebpf) return fail("eBPF refused: " + bpf.error().message, bpf.error().code);
    out.ebpf_refused = bpf.error().message;
  }
  auto diag = DiagDestroyEvents::open();
  if (!diag) {
    const std::string also = out.ebpf_refused.empty() ? "" : " (eBPF refused: " + out.ebpf_refused + ")";
    return fail(diag.error().message + also, diag.error().code);
  }
  out.stream = std::move(*diag);
  return out;
}

}  // namespace sockscope
