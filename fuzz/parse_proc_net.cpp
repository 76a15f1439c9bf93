// Fuzz target: the /proc/net socket tables (tcp, tcp6, udp, udp6, raw, raw6, unix); the first byte picks the table.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "parse/proc_net.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

// Rows after the header that are not blank: each becomes an endpoint or a bad line, none is lost.
std::size_t rows(std::string_view text) {
  std::size_t n = 0;
  bool header = true;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (header) {
      header = false;
      continue;
    }
    n += line.find_first_not_of(" \t") != std::string_view::npos;
  }
  return n;
}

void check_inet(std::string_view text, Proto proto, Family family) {
  const auto table = parse_proc_net_inet(text, proto, family);
  if (!table) return;
  check(table->endpoints.size() + table->bad_lines == rows(text));
  for (const auto& e : table->endpoints) {
    check(e.proto == proto && e.family == family && e.local.family == family && e.remote.family == family);
    check(static_cast<int>(e.state) >= 1 && static_cast<int>(e.state) <= kMaxTcpState);
    check(e.unix_type == UnixType::None && e.unix_path.empty() && e.cookie == 0 && !e.tcp);
    // Raw tables put the IP protocol where the port would be; their ports stay 0.
    if (proto == Proto::Raw) check(e.local_port == 0 && e.remote_port == 0 && e.raw_protocol <= 0xffff);
    else check(e.raw_protocol == 0);
  }
}

void check_unix(std::string_view text) {
  const auto table = parse_proc_net_unix(text);
  if (!table) return;
  check(table->endpoints.size() + table->bad_lines == rows(text));
  for (const auto& e : table->endpoints) {
    check(e.proto == Proto::Unix && e.family == Family::Unix);
    check(e.state == TcpState::Listen || e.state == TcpState::Established || e.state == TcpState::Close);
    check(e.unix_type == UnixType::Stream || e.unix_type == UnixType::Dgram || e.unix_type == UnixType::SeqPacket);
    check(std::string_view(e.unix_path).find('\n') == std::string_view::npos && e.unix_path.size() < text.size());
    check(e.local_port == 0 && e.remote_port == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 7) {
    case 0: check_inet(text, Proto::Tcp, Family::Inet4); break;
    case 1: check_inet(text, Proto::Tcp, Family::Inet6); break;
    case 2: check_inet(text, Proto::Udp, Family::Inet4); break;
    case 3: check_inet(text, Proto::Udp, Family::Inet6); break;
    case 4: check_inet(text, Proto::Raw, Family::Inet4); break;
    case 5: check_inet(text, Proto::Raw, Family::Inet6); break;
    default: check_unix(text); break;
  }
  return 0;
}
