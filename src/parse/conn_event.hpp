// Parser of the conn_events eBPF program's ring-buffer records into ConnEvent values.
#pragma once

#include <cstddef>
#include <span>

#include "model/conn_event.hpp"
#include "model/error.hpp"

namespace sockscope {

// `bytes` is one ring-buffer sample (struct conn_event_record, model/conn_event_record.h), at any
// alignment. Fails, naming the field, when the sample is shorter than the record, says another size
// (a program from another build), or holds a kind, family, direction or TCP state outside the
// kernel's ranges, or closes before it opens. Bytes past the record are ignored (the ring buffer
// rounds samples up to 8 bytes).
Result<ConnEvent> parse_conn_event(std::span<const std::byte> bytes);

}  // namespace sockscope
