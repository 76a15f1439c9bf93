// Fuzz target: connection-event records: the eBPF ring buffer's and UDP flow table's
// (parse/conn_event.hpp) and the sock_diag destroy groups' (parse/conn_event_diag.hpp), with the
// invariants of a parsed event. The first byte chooses: 0 ring buffer, 1 destroy group, 2 UDP flow
// (the first 44 bytes after it are the key, the rest the value).
#include <algorithm>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/conn_event.hpp"
#include "parse/conn_event_diag.hpp"

using namespace sockscope;

namespace {

void check_common(const ConnEvent& e) {
  const bool inet = e.family == Family::Inet4 || e.family == Family::Inet6;
  if (!inet || e.local.family != e.family || e.remote.family != e.family) std::abort();
  if (e.open_ns != 0 && e.open_ns > e.close_ns) std::abort();
  if (static_cast<int>(e.old_state) > kMaxTcpState || static_cast<int>(e.new_state) > kMaxTcpState) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // One byte past libFuzzer's allocation: an odd address, so parsers that assume alignment trip UBSan.
  const auto payload = fuzz::as_bytes(data + 1, size - 1);
  if (data[0] % 3 == 2) {
    const std::size_t key_size = std::min<std::size_t>(payload.size(), 44);
    const auto parsed = parse_udp_flow(payload.first(key_size), payload.subspan(key_size));
    if (!parsed) {
      if (parsed.error().message.empty()) std::abort();
      return 0;
    }
    check_common(*parsed);
    if (parsed->proto != Proto::Udp || parsed->kind != ConnEventKind::Closed || parsed->open_ns > parsed->close_ns) std::abort();
    if (parsed->tcp.bytes_acked != 0 || parsed->tcp.rtt_us != 0) std::abort();
    if (parsed->owner && parsed->owner->comm.size() > 16) std::abort();
  } else if (data[0] % 3 == 0) {
    const auto parsed = parse_conn_event(payload);
    if (!parsed) {
      if (parsed.error().message.empty()) std::abort();  // every refusal says why
      return 0;
    }
    const ConnEvent& e = *parsed;
    check_common(e);
    if (e.proto != Proto::Tcp || e.source != ConnEventSource::Ebpf) std::abort();
    if (static_cast<int>(e.old_state) < 1 || static_cast<int>(e.new_state) < 1) std::abort();
    if (e.owner && (e.owner->comm.size() > 16 || e.owner->comm.find('\0') != std::string::npos)) std::abort();
  } else {
    const auto parsed = parse_destroy_event(payload, 1, 2);
    if (!parsed) return 0;
    check_common(*parsed);
    if (parsed->source != ConnEventSource::DestroyGroup || parsed->owner || parsed->close_ns != 2) std::abort();
    if (parsed->proto != Proto::Tcp && parsed->proto != Proto::Udp) std::abort();
    if (parsed->proto == Proto::Tcp && parsed->remote_port == 0) std::abort();
  }
  return 0;
}
