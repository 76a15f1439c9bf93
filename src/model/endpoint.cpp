// Names and address formatting for the endpoint model.
#include "model/endpoint.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "model/process.hpp"

namespace sockscope {

IpAddress IpAddress::v4(std::uint32_t network_order) {
  IpAddress a;
  a.family = Family::Inet4;
  std::memcpy(a.bytes.data(), &network_order, 4);
  return a;
}

IpAddress IpAddress::v6(const std::uint8_t* sixteen, std::uint32_t scope) {
  IpAddress a;
  a.family = Family::Inet6;
  std::memcpy(a.bytes.data(), sixteen, 16);
  a.scope_id = scope;
  return a;
}

bool IpAddress::is_unspecified() const {
  const std::size_t n = family == Family::Inet4 ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + n, [](std::uint8_t b) { return b == 0; });
}

bool IpAddress::is_loopback() const {
  if (family == Family::Inet4) return bytes[0] == 127;
  if (family != Family::Inet6) return false;
  if (is_v4_mapped()) return bytes[12] == 127;
  static constexpr std::uint8_t one[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return std::memcmp(bytes.data(), one, 16) == 0;
}

bool IpAddress::is_v4_mapped() const {
  static constexpr std::uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return family == Family::Inet6 && std::memcmp(bytes.data(), prefix, 12) == 0;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (family == Family::Inet4) {
    inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
  } else if (family == Family::Inet6) {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

std::string_view family_name(Family f) {
  switch (f) {
    case Family::Inet4: return "inet";
    case Family::Inet6: return "inet6";
    case Family::Unix: return "unix";
  }
  return "?";
}

std::string_view proto_name(const Endpoint& e) {
  const bool v6 = e.family == Family::Inet6;
  switch (e.proto) {
    case Proto::Tcp: return v6 ? "tcp6" : "tcp";
    case Proto::Udp: return v6 ? "udp6" : "udp";
    case Proto::Raw: return v6 ? "raw6" : "raw";
    case Proto::Unix: return "unix";
  }
  return "?";
}

std::string_view tcp_state_name(TcpState s) {
  switch (s) {
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynRecv: return "SYN_RECV";
    case TcpState::FinWait1: return "FIN_WAIT1";
    case TcpState::FinWait2: return "FIN_WAIT2";
    case TcpState::TimeWait: return "TIME_WAIT";
    case TcpState::Close: return "CLOSE";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::Listen: return "LISTEN";
    case TcpState::Closing: return "CLOSING";
    case TcpState::NewSynRecv: return "SYN_RECV";
    case TcpState::BoundInactive: return "BOUND";
    case TcpState::Unknown: break;
  }
  return "UNKNOWN";
}

std::string_view state_name(const Endpoint& e) {
  if (e.proto == Proto::Tcp) return tcp_state_name(e.state);
  switch (e.state) {
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::Listen: return "LISTEN";
    case TcpState::Close: return "UNCONN";
    case TcpState::SynSent: return "CONNECTING";
    default: return tcp_state_name(e.state);
  }
}

std::optional<TcpState> parse_state_name(std::string_view name) {
  std::string n;
  for (char c : name) n += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (n == "ESTAB") return TcpState::Established;
  if (n == "LISTENING") return TcpState::Listen;
  if (n == "SYN_RCVD") return TcpState::SynRecv;
  if (n == "UNCONN" || n == "UNCONNECTED") return TcpState::Close;
  if (n == "BOUND_INACTIVE") return TcpState::BoundInactive;
  for (int i = 1; i <= kMaxTcpState; ++i) {
    auto s = static_cast<TcpState>(i);
    if (s != TcpState::NewSynRecv && tcp_state_name(s) == n) return s;
  }
  return std::nullopt;
}

std::string_view unix_type_name(UnixType t) {
  switch (t) {
    case UnixType::Stream: return "stream";
    case UnixType::Dgram: return "dgram";
    case UnixType::SeqPacket: return "seqpacket";
    case UnixType::None: break;
  }
  return "";
}

std::string joined_cmdline(const Process& p) {
  std::string out;
  for (const auto& a : p.cmdline) {
    if (!out.empty()) out += ' ';
    out += a;
  }
  return out;
}

}  // namespace sockscope
