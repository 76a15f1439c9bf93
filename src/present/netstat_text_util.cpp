// Small text helpers shared by the netstat table presenters.
#include "present/netstat_text_util.hpp"

#include <algorithm>

#include "present/address_text.hpp"
#include "present/sanitize.hpp"

namespace sockscope::netstat_text {

std::string ip(const IpAddress& a) {
  std::string s;
  append_ip_text(s, a);
  return s;
}

IpAddress network_of(const IpAddress& a, std::uint8_t prefix_len) {
  IpAddress n = a;
  n.scope_id = 0;
  const std::size_t bytes = a.family == Family::Inet4 ? 4 : 16;
  for (std::size_t i = 0; i < bytes; ++i) {
    const int keep = std::clamp(static_cast<int>(prefix_len) - static_cast<int>(i * 8), 0, 8);
    n.bytes[i] &= static_cast<std::uint8_t>(0xff00u >> keep);
  }
  return n;
}

std::string netmask4(std::uint8_t prefix_len) {
  IpAddress all = IpAddress::v4(0xffffffffu);
  return ip(network_of(all, std::min<std::uint8_t>(prefix_len, 32)));
}

bool is_link_local(const IpAddress& a) {
  return a.family == Family::Inet6 && a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
}

std::string hw_text(const std::vector<std::uint8_t>& hw, char sep, bool trailing) {
  if (std::all_of(hw.begin(), hw.end(), [](std::uint8_t b) { return b == 0; })) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < hw.size(); ++i) {
    if (i > 0) s += sep;
    s += kHex[hw[i] >> 4];
    s += kHex[hw[i] & 0xf];
  }
  if (trailing) s += sep;
  return s;
}

std::string right(std::string_view text, std::size_t width) {
  const std::size_t pad = text.size() < width ? width - text.size() : 1;
  std::string s(pad, ' ');
  s += text;
  return s;
}

const InterfaceInfo* find_link(const std::vector<InterfaceInfo>& links, std::uint32_t index) {
  for (const auto& l : links) {
    if (l.index == index) return &l;
  }
  return nullptr;
}

std::string safe_name(const InterfaceInfo& link) { return terminal_safe(link.name); }

void append_field(std::string& line, std::string_view text, std::size_t width) {
  line += text;
  const std::size_t w = display_width(text);
  line.append(w < width ? width - w : 1, ' ');
}

void end_line(std::string& out, std::string& line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line;
  out += '\n';
  line.clear();
}

void trim_line_ends(std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    const bool has_nl = nl != std::string::npos;
    if (!has_nl) nl = text.size();
    std::size_t end = nl;
    while (end > start && text[end - 1] == ' ') --end;
    out.append(text, start, end - start);
    if (has_nl) out += '\n';
    start = nl + 1;
  }
  text = std::move(out);
}

}  // namespace sockscope::netstat_text
