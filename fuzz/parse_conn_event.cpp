// Fuzz target: conn_events ring-buffer records (parse/conn_event.hpp), with the invariants of a parsed event.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/conn_event.hpp"

using namespace sockscope;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = parse_conn_event(fuzz::as_bytes(data, size));
  if (!parsed) {
    if (parsed.error().message.empty()) std::abort();  // every refusal says why
    return 0;
  }
  const ConnEvent& e = *parsed;
  const bool inet = e.family == Family::Inet4 || e.family == Family::Inet6;
  if (!inet || e.local.family != e.family || e.remote.family != e.family) std::abort();
  if (e.proto != Proto::Tcp || e.source != ConnEventSource::Ebpf) std::abort();
  if (e.open_ns != 0 && e.open_ns > e.close_ns) std::abort();
  if (static_cast<int>(e.old_state) < 1 || static_cast<int>(e.old_state) > kMaxTcpState) std::abort();
  if (static_cast<int>(e.new_state) < 1 || static_cast<int>(e.new_state) > kMaxTcpState) std::abort();
  if (e.owner && (e.owner->comm.size() > 16 || e.owner->comm.find('\0') != std::string::npos)) std::abort();
  return 0;
}
