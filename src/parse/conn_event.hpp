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

// One entry of the program's UDP flow table (struct udp_flow_key and struct udp_flow), at any
// alignment, as a ConnEvent of proto Udp and kind Closed: open_ns/close_ns the first and last
// datagram, direction Incoming when the peer sent first. Fails, naming the field, when either part
// has another size, the family is unknown, or the last datagram precedes the first.
Result<ConnEvent> parse_udp_flow(std::span<const std::byte> key, std::span<const std::byte> value);

}  // namespace sockscope
