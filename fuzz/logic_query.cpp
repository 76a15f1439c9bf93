// Fuzz target: the query language. Parsing never crashes; a parsed query prints to text that parses
// back to the same text and the same answers; its pushdown passes the kernel's audit and never
// drops a socket the query keeps.
#include <arpa/inet.h>

#include <cstdlib>

#include "fuzz_input.hpp"
#include "logic/query_bytecode.hpp"
#include "logic/query_eval.hpp"
#include "logic/query_parser.hpp"

using namespace sockscope;

namespace {

// A few sockets across families, states and ports, so that answers can be compared.
std::vector<Endpoint> sample_endpoints() {
  std::vector<Endpoint> out;
  const std::uint16_t ports[] = {0, 22, 443, 40000};
  std::uint8_t six[16] = {0xfd};
  six[15] = 1;
  std::uint8_t mapped[16] = {};
  mapped[10] = mapped[11] = 0xff;
  mapped[12] = 10;
  mapped[15] = 1;
  for (int i = 0; i < 12; ++i) {
    Endpoint e;
    e.proto = i % 2 ? Proto::Udp : Proto::Tcp;
    e.state = static_cast<TcpState>(1 + i % 11);
    if (i % 3 == 0) {
      e.family = Family::Inet4;
      e.local = IpAddress::v4(htonl(0x0a000001u + static_cast<std::uint32_t>(i)));
      e.remote = IpAddress::v4(htonl(0x7f000001u));
    } else {
      e.family = Family::Inet6;
      e.local = IpAddress::v6(i % 3 == 1 ? six : mapped);
      e.remote = IpAddress::v6(six);
    }
    e.local_port = ports[i % 4];
    e.remote_port = ports[(i / 4) % 4];
    e.ifindex = static_cast<std::uint32_t>(i % 3);
    e.rqueue = static_cast<std::uint32_t>(i * 100);
    out.push_back(e);
  }
  Endpoint u;
  u.proto = Proto::Unix;
  u.family = Family::Unix;
  u.state = TcpState::Listen;
  u.unix_path = "/run/a.sock";
  out.push_back(u);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Long inputs only slow std::regex down (its matcher recurses); the grammar is covered by short ones.
  if (size > 400) return 0;
  static const std::vector<Endpoint> endpoints = sample_endpoints();
  QueryLookups lookups;
  lookups.service_port = [](std::string_view s) -> std::optional<std::uint16_t> {
    return s == "ssh" ? std::optional<std::uint16_t>(22) : std::nullopt;
  };
  auto q = parse_query(fuzz::as_text(data, size), lookups);
  if (!q) {
    // Errors point inside the text (or just past its end).
    if (q.error().pos.line < 1 || q.error().pos.column < 1 || q.error().message.empty()) std::abort();
    return 0;
  }
  const std::string once = print_query(*q);
  auto again = parse_query(once, lookups);
  if (!again) std::abort();
  if (print_query(*again) != once) std::abort();
  if (again->has_states != q->has_states || again->family_scope != q->family_scope) std::abort();
  const Pushdown p = plan_pushdown(*q);
  if (!audit_bytecode(p.bytecode)) std::abort();
  const EndpointFields fields;
  for (const Endpoint& e : endpoints) {
    const bool keep = evaluate(*q, e, fields);
    if (keep != evaluate(*again, e, fields)) std::abort();
    if (e.family == Family::Unix) continue;
    const bool pushed = (p.states & state_bit(e.state)) && p.wants(e.proto) && run_bytecode(p.bytecode, e);
    if (keep && !pushed) std::abort();
    if (!p.recheck && keep != pushed) std::abort();
  }
  return 0;
}
