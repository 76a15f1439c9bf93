// Parsers for the /proc/net socket tables (see proc_net.hpp for the contract).
#include "parse/proc_net.hpp"

#include <array>
#include <cstring>
#include <initializer_list>
#include <optional>

#include "parse/proc_text.hpp"

namespace sockscope {
namespace {

using proc_text::Tokens;
using proc_text::to_unsigned;

constexpr std::uint32_t kSoAcceptCon = 1u << 16;  // __SO_ACCEPTCON: the socket is listening

bool tokens_equal(Tokens& t, std::initializer_list<std::string_view> want) {
  for (std::string_view w : want) {
    auto tok = t.next();
    if (!tok || *tok != w) return false;
  }
  return true;
}

// The kernel prints "rem_address" for IPv4 tables and "remote_address" for IPv6 ones;
// TCP stops at "inode", UDP and raw add "ref pointer drops".
bool known_inet_header(std::string_view line) {
  Tokens t(line);
  if (!tokens_equal(t, {"sl", "local_address"})) return false;
  auto rem = t.next();
  if (!rem || (*rem != "rem_address" && *rem != "remote_address")) return false;
  if (!tokens_equal(t, {"st", "tx_queue", "rx_queue", "tr", "tm->when", "retrnsmt", "uid", "timeout", "inode"}))
    return false;
  auto extra = t.next();
  if (!extra) return true;
  if (*extra != "ref") return false;
  return tokens_equal(t, {"pointer", "drops"}) && !t.next();
}

bool known_unix_header(std::string_view line) {
  Tokens t(line);
  return tokens_equal(t, {"Num", "RefCount", "Protocol", "Flags", "Type", "St", "Inode", "Path"}) && !t.next();
}

// "0100007F:0050": the address words are the kernel's in-memory __be32 values printed as
// host integers, so copying each parsed word's bytes back reproduces network order.
bool parse_address(std::string_view tok, Family family, IpAddress& addr, std::uint16_t& port) {
  const std::size_t hex_len = family == Family::Inet6 ? 32 : 8;
  if (tok.size() <= hex_len + 1 || tok[hex_len] != ':' || tok.size() > hex_len + 5) return false;
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t w = 0; w < hex_len / 8; ++w) {
    auto word = to_unsigned<std::uint32_t>(tok.substr(w * 8, 8), 16);
    if (!word) return false;
    std::memcpy(bytes.data() + w * 4, &*word, 4);
  }
  auto p = to_unsigned<std::uint16_t>(tok.substr(hex_len + 1), 16);
  if (!p) return false;
  if (family == Family::Inet6) {
    addr = IpAddress::v6(bytes.data());
  } else {
    std::uint32_t v4;
    std::memcpy(&v4, bytes.data(), 4);
    addr = IpAddress::v4(v4);
  }
  port = *p;
  return true;
}

std::optional<TcpState> parse_state(std::string_view tok) {
  auto st = to_unsigned<std::uint8_t>(tok, 16);
  if (!st || *st == 0 || *st > kMaxTcpState) return std::nullopt;
  return static_cast<TcpState>(*st);
}

std::optional<Endpoint> parse_inet_row(std::string_view line, Proto proto, Family family) {
  Tokens t(line);
  auto sl = t.next();
  if (!sl || sl->size() < 2 || sl->back() != ':' || !to_unsigned<std::uint32_t>(sl->substr(0, sl->size() - 1)))
    return std::nullopt;
  auto local = t.next();
  auto remote = t.next();
  auto st = t.next();
  auto queues = t.next();
  auto timer = t.next();
  auto retrnsmt = t.next();
  auto uid = t.next();
  auto timeout = t.next();
  auto inode = t.next();
  // Every kernel format has fields after the inode; requiring one catches a row cut inside it.
  if (!t.next()) return std::nullopt;
  if (!timer || !retrnsmt || !timeout) return std::nullopt;

  Endpoint e;
  e.proto = proto;
  e.family = family;
  std::uint16_t local_port = 0, remote_port = 0;
  if (!parse_address(*local, family, e.local, local_port)) return std::nullopt;
  if (!parse_address(*remote, family, e.remote, remote_port)) return std::nullopt;
  auto state = parse_state(*st);
  if (!state) return std::nullopt;
  e.state = *state;

  const auto colon = queues->find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto tx = to_unsigned<std::uint32_t>(queues->substr(0, colon), 16);
  auto rx = to_unsigned<std::uint32_t>(queues->substr(colon + 1), 16);
  auto uid_v = to_unsigned<std::uint32_t>(*uid);
  auto inode_v = to_unsigned<std::uint64_t>(*inode);
  if (!tx || !rx || !uid_v || !inode_v) return std::nullopt;
  e.wqueue = *tx;
  e.rqueue = *rx;
  e.uid = *uid_v;
  e.inode = *inode_v;

  if (proto == Proto::Raw) {
    e.raw_protocol = local_port;
  } else {
    e.local_port = local_port;
    e.remote_port = remote_port;
  }
  return e;
}

std::optional<TcpState> unix_state(std::uint32_t flags, std::uint8_t st) {
  if (st < 1 || st > 4) return std::nullopt;
  if (flags & kSoAcceptCon) return TcpState::Listen;
  switch (st) {
    case 1: return TcpState::Close;        // SS_UNCONNECTED
    case 2: return TcpState::Established;  // SS_CONNECTING: an accepted-but-not-yet-accept()ed embryo
    case 3: return TcpState::Established;  // SS_CONNECTED
    case 4: return TcpState::Close;        // SS_DISCONNECTING: orphaned, not established
    default: return std::nullopt;
  }
}

std::optional<Endpoint> parse_unix_row(std::string_view line) {
  Tokens t(line);
  auto num = t.next();
  if (!num || num->size() < 2 || num->back() != ':' ||
      !to_unsigned<std::uint64_t>(num->substr(0, num->size() - 1), 16))
    return std::nullopt;
  auto refcount = t.next();
  auto protocol = t.next();
  auto flags = t.next();
  auto type = t.next();
  auto st = t.next();
  auto inode = t.next();
  if (!inode) return std::nullopt;
  const std::size_t inode_end = t.pos();

  auto flags_v = to_unsigned<std::uint32_t>(*flags, 16);
  auto type_v = to_unsigned<std::uint16_t>(*type, 16);
  auto st_v = to_unsigned<std::uint8_t>(*st, 16);
  auto inode_v = to_unsigned<std::uint64_t>(*inode);
  if (!to_unsigned<std::uint32_t>(*refcount, 16) || !to_unsigned<std::uint32_t>(*protocol, 16) || !flags_v ||
      !type_v || !st_v || !inode_v)
    return std::nullopt;
  if (*type_v != 1 && *type_v != 2 && *type_v != 5) return std::nullopt;
  auto state = unix_state(*flags_v, *st_v);
  if (!state) return std::nullopt;

  Endpoint e;
  e.proto = Proto::Unix;
  e.family = Family::Unix;
  e.state = *state;
  e.unix_type = static_cast<UnixType>(*type_v);
  e.inode = *inode_v;
  // The kernel writes exactly one space before the path; everything after it is the name.
  if (inode_end < line.size()) {
    if (line[inode_end] != ' ') return std::nullopt;
    e.unix_path.assign(line.substr(inode_end + 1));
  }
  return e;
}

bool blank(std::string_view line) {
  for (char c : line)
    if (!proc_text::is_blank(c)) return false;
  return true;
}

// Walks the rows after the header. A final row without its '\n' was cut short
// (the kernel always ends rows with one), so it is counted bad rather than trusted.
template <class RowParser>
ParsedTable parse_rows(std::string_view rest, RowParser&& row) {
  ParsedTable out;
  while (!rest.empty()) {
    const bool terminated = rest.find('\n') != std::string_view::npos;
    std::string_view line = proc_text::next_line(rest);
    if (blank(line)) continue;
    std::optional<Endpoint> e;
    if (terminated) e = row(line);
    if (e) {
      out.endpoints.push_back(std::move(*e));
    } else {
      ++out.bad_lines;
    }
  }
  return out;
}

}  // namespace

Result<ParsedTable> parse_proc_net_inet(std::string_view text, Proto proto, Family family) {
  if (proto == Proto::Unix || family == Family::Unix) return fail("parse_proc_net_inet: not an inet table");
  std::string_view rest = text;
  if (rest.empty()) return fail("/proc/net inet table: empty");
  if (!known_inet_header(proc_text::next_line(rest))) return fail("/proc/net inet table: unknown header line");
  return parse_rows(rest, [&](std::string_view line) { return parse_inet_row(line, proto, family); });
}

Result<ParsedTable> parse_proc_net_unix(std::string_view text) {
  std::string_view rest = text;
  if (rest.empty()) return fail("/proc/net/unix: empty");
  if (!known_unix_header(proc_text::next_line(rest))) return fail("/proc/net/unix: unknown header line");
  return parse_rows(rest, parse_unix_row);
}

}  // namespace sockscope
