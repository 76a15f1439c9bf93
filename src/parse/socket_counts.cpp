// Reading per-protocol socket counts out of /proc/net/protocols and /proc/net/sockstat text.
#include "parse/socket_counts.hpp"

#include "parse/proc_text.hpp"

namespace sockscope {

void add_protocol_counts(std::string_view text, SocketCounts& counts) {
  std::string_view rest = text;
  while (!rest.empty()) {
    proc_text::Tokens t(proc_text::next_line(rest));
    const auto name = t.next();
    const auto size = t.next();
    const auto sockets_text = t.next();
    if (!name || !size || !sockets_text) continue;
    const auto sockets = proc_text::to_unsigned<std::size_t>(*sockets_text);
    if (!sockets) continue;  // the header row says "sockets"
    std::size_t* slot = nullptr;
    if (*name == "TCP") slot = &counts.tcp;
    else if (*name == "TCPv6") slot = &counts.tcp6;
    else if (*name == "UDP") slot = &counts.udp;
    else if (*name == "UDPv6") slot = &counts.udp6;
    else if (*name == "RAW") slot = &counts.raw;
    else if (*name == "RAWv6") slot = &counts.raw6;
    else if (*name == "UNIX" || *name == "UNIX-STREAM") slot = &counts.unix_sockets;
    if (!slot) continue;
    *slot += *sockets;
    counts.found = true;
  }
}

void add_sockstat_counts(std::string_view text, SocketCounts& counts) {
  std::string_view rest = text;
  while (!rest.empty()) {
    proc_text::Tokens t(proc_text::next_line(rest));
    if (t.next() != "TCP:") continue;
    while (auto key = t.next()) {
      const auto value = t.next();
      if (!value) break;
      if (*key == "tw") {
        if (auto n = proc_text::to_unsigned<std::size_t>(*value)) counts.tcp_time_wait = *n;
      }
    }
    return;
  }
}

std::optional<std::size_t> parse_open_files(std::string_view text) {
  proc_text::Tokens t(proc_text::next_line(text));
  const auto allocated = t.next();
  if (!allocated) return std::nullopt;
  return proc_text::to_unsigned<std::size_t>(*allocated);
}

}  // namespace sockscope
