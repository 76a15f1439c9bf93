// Fuzz target: NETLINK_SOCK_DIAG payloads: inet_diag (TCP, UDP, raw), unix_diag and tcp_info.
#include <linux/inet_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

#include "fuzz_input.hpp"
#include "parse/sock_diag.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

void check_inet(std::span<const std::byte> payload, Proto proto) {
  const auto e = parse_inet_diag(payload, proto);
  const auto family = payload.empty() ? 0 : std::to_integer<int>(payload[0]);
  // nullopt exactly for a short header or a family that is not an internet one.
  check(e.has_value() == (payload.size() >= sizeof(inet_diag_msg) && (family == AF_INET || family == AF_INET6)));
  if (!e) return;
  const Family want = family == AF_INET ? Family::Inet4 : Family::Inet6;
  check(e->proto == proto && e->family == want && e->local.family == want && e->remote.family == want);
  check(static_cast<int>(e->state) <= kMaxTcpState);
  // The ports are the message's big-endian idiag_sport and idiag_dport.
  const auto u8 = [&](std::size_t i) { return std::to_integer<unsigned>(payload[i]); };
  check(e->local_port == (u8(4) << 8 | u8(5)) && e->remote_port == (u8(6) << 8 | u8(7)));
  check(!e->tcp || proto == Proto::Tcp);
  if (want == Family::Inet4) check(e->local.scope_id == 0 && e->remote.scope_id == 0);
  // The _into form decodes the same.
  Endpoint into;
  check(parse_inet_diag_into(payload, proto, into));
  check(into.local == e->local && into.remote == e->remote && into.local_port == e->local_port &&
        into.inode == e->inode && into.cookie == e->cookie && bool(into.tcp) == bool(e->tcp));
}

void check_unix(std::span<const std::byte> payload) {
  const auto e = parse_unix_diag(payload);
  check(e.has_value() == (payload.size() >= sizeof(unix_diag_msg) && std::to_integer<int>(payload[0]) == AF_UNIX));
  if (!e) return;
  check(e->proto == Proto::Unix && e->family == Family::Unix && static_cast<int>(e->state) <= kMaxTcpState);
  check(e->unix_type == UnixType::None || e->unix_type == UnixType::Stream || e->unix_type == UnixType::Dgram ||
        e->unix_type == UnixType::SeqPacket);
  // A filesystem path ends at its NUL; an abstract name is '@' and the bytes after its leading NUL.
  const std::string_view path = e->unix_path;
  check(path.size() <= payload.size());
  if (!path.empty() && path.front() != '@') check(path.find('\0') == std::string_view::npos);
}

// Fields the bytes do not fully cover stay 0, so a prefix decodes to 0 or to the full value.
void check_tcp_info(std::span<const std::byte> info, std::size_t cut) {
  const auto full = parse_tcp_info(info);
  const auto part = parse_tcp_info(info.first(std::min(cut, info.size())));
  const auto same_or_zero = [](auto a, auto b) { return a == 0 || a == b; };
  check(same_or_zero(part.bytes_sent, full.bytes_sent) && same_or_zero(part.bytes_acked, full.bytes_acked) &&
        same_or_zero(part.bytes_received, full.bytes_received) && same_or_zero(part.segs_out, full.segs_out) &&
        same_or_zero(part.segs_in, full.segs_in) && same_or_zero(part.rtt_us, full.rtt_us) &&
        same_or_zero(part.total_retrans, full.total_retrans));
  check(parse_tcp_info(info.first(0)) == TcpCounters{});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // One byte past libFuzzer's allocation: an odd address, so parsers that assume alignment trip UBSan.
  const auto payload = fuzz::as_bytes(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: check_inet(payload, Proto::Tcp); break;
    case 1: check_inet(payload, Proto::Udp); break;
    case 2: check_inet(payload, Proto::Raw); break;
    case 3: check_unix(payload); break;
    default: check_tcp_info(payload, data[0] >> 3 << 3); break;
  }
  return 0;
}
