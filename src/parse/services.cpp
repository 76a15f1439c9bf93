// /etc/services parser.
#include "parse/services.hpp"

#include <charconv>

#include "parse/config_lines.hpp"

namespace sockscope {

const std::string* ServiceTable::find(std::uint16_t port, Proto proto) const {
  const std::unordered_map<std::uint16_t, std::string>* table = nullptr;
  if (proto == Proto::Tcp) {
    table = &tcp;
  } else if (proto == Proto::Udp) {
    table = &udp;
  } else {
    return nullptr;
  }
  auto it = table->find(port);
  return it == table->end() ? nullptr : &it->second;
}

namespace {

std::optional<std::uint16_t> parse_port(std::string_view s) {
  unsigned value = 0;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc{} || ptr != end || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

}  // namespace

ServiceTable parse_services(std::string_view text) {
  ServiceTable table;
  conf::for_each_line(text, [&](std::string_view line) {
    line = conf::strip_comment(line);
    conf::FieldCursor fields(line);
    const auto name = fields.next();
    const auto port_proto = fields.next();
    if (name.empty() || port_proto.empty()) return;
    const auto slash = port_proto.find('/');
    if (slash == std::string_view::npos) return;
    const auto port = parse_port(port_proto.substr(0, slash));
    if (!port) return;
    const auto proto = port_proto.substr(slash + 1);
    if (proto == "tcp") {
      table.tcp.try_emplace(*port, name);
    } else if (proto == "udp") {
      table.udp.try_emplace(*port, name);
    }
  });
  return table;
}

}  // namespace sockscope
