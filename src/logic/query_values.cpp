// Query literal readers: sizes, rates, durations, counts and address prefixes.
#include "logic/query_values.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace sockscope {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

// Splits "12.5MiB" into 12.5 and "MiB"; nullopt without leading digits.
std::optional<std::pair<long double, std::string_view>> number_and_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const std::string digits(text.substr(0, i));
  if (digits.front() == '.' || digits.back() == '.' || digits.find('.') != digits.rfind('.')) return std::nullopt;
  long double v = 0;
  try {
    v = std::stold(digits);
  } catch (...) {
    return std::nullopt;
  }
  return std::pair{v, text.substr(i)};
}

std::optional<std::int64_t> scaled(long double v, long double unit) {
  const long double r = std::round(v * unit);
  if (!(r >= 0) || r > static_cast<long double>(std::numeric_limits<std::int64_t>::max() / 2)) return std::nullopt;
  return static_cast<std::int64_t>(r);
}

std::optional<long double> size_unit(std::string_view u) {
  struct U {
    std::string_view name;
    long double factor;
  };
  static constexpr U units[] = {
      {"", 1}, {"b", 1},
      {"k", 1e3L}, {"kb", 1e3L}, {"m", 1e6L}, {"mb", 1e6L}, {"g", 1e9L}, {"gb", 1e9L}, {"t", 1e12L}, {"tb", 1e12L},
      {"kib", 1024.0L}, {"mib", 1048576.0L}, {"gib", 1073741824.0L}, {"tib", 1099511627776.0L},
  };
  for (const auto& x : units)
    if (iequals(u, x.name)) return x.factor;
  return std::nullopt;
}

// IPv4 as iproute2 reads it: one to four dotted decimal parts, missing ones zero ("193.233.7" is
// 193.233.7.0), so ss's own example `dst 193.233.7/24` parses. Network order.
std::optional<std::uint32_t> dotted_quad(std::string_view s) {
  std::uint8_t b[4] = {};
  for (int i = 0; i < 4; ++i) {
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p == s.data() || v > 255) return std::nullopt;
    b[i] = static_cast<std::uint8_t>(v);
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    if (s.empty()) {
      std::uint32_t out;
      std::memcpy(&out, b, 4);
      return out;
    }
    if (i == 3 || s[0] != '.') return std::nullopt;
    s.remove_prefix(1);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> parse_size(std::string_view text) {
  const auto nu = number_and_unit(text);
  if (!nu) return std::nullopt;
  const auto f = size_unit(nu->second);
  if (!f) return std::nullopt;
  return scaled(nu->first, *f);
}

std::optional<std::int64_t> parse_rate(std::string_view text) {
  if (text.ends_with("/s")) text.remove_suffix(2);
  return parse_size(text);
}

std::optional<std::int64_t> parse_duration(std::string_view text, std::uint64_t bare_unit) {
  const auto nu = number_and_unit(text);
  if (!nu) return std::nullopt;
  struct U {
    std::string_view name;
    long double us;
  };
  static constexpr U units[] = {{"us", 1}, {"ms", 1e3L}, {"s", 1e6L}, {"m", 60e6L}, {"h", 3600e6L}, {"d", 86400e6L}};
  if (nu->second.empty()) return scaled(nu->first, static_cast<long double>(bare_unit));
  for (const auto& u : units)
    if (nu->second == u.name) return scaled(nu->first, u.us);
  return std::nullopt;
}

std::optional<std::int64_t> parse_count(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (ec != std::errc{} || p != text.data() + text.size() || text.empty() || v < 0) return std::nullopt;
  return v;
}

std::optional<AddressPrefix> parse_prefix(std::string_view text) {
  std::string addr(text);
  int len = -1;
  if (const auto slash = addr.find('/'); slash != std::string::npos) {
    const std::string_view l = std::string_view(addr).substr(slash + 1);
    const auto [p, ec] = std::from_chars(l.data(), l.data() + l.size(), len);
    if (ec != std::errc{} || p != l.data() + l.size() || l.empty() || len < 0) return std::nullopt;
    addr.resize(slash);
  }
  AddressPrefix out;
  std::uint8_t buf[16];
  if (auto four = dotted_quad(addr)) {
    out.address = IpAddress::v4(*four);
    out.prefix_len = len < 0 ? 32 : len;
    if (out.prefix_len > 32) return std::nullopt;
  } else if (inet_pton(AF_INET6, addr.c_str(), buf) == 1) {
    out.address = IpAddress::v6(buf);
    out.prefix_len = len < 0 ? 128 : len;
    if (out.prefix_len > 128) return std::nullopt;
  } else {
    return std::nullopt;
  }
  return out;
}

bool prefix_contains(const AddressPrefix& prefix, const IpAddress& address) {
  const std::uint8_t* bytes = address.bytes.data();
  if (prefix.address.family != address.family) {
    if (!(prefix.address.family == Family::Inet4 && address.family == Family::Inet6 && address.is_v4_mapped()))
      return false;
    bytes += 12;
  }
  const int whole = prefix.prefix_len / 8;
  const int rest = prefix.prefix_len % 8;
  if (std::memcmp(bytes, prefix.address.bytes.data(), static_cast<std::size_t>(whole)) != 0) return false;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff00u >> rest);
  return ((bytes[whole] ^ prefix.address.bytes[static_cast<std::size_t>(whole)]) & mask) == 0;
}

std::string prefix_text(const AddressPrefix& p) {
  return p.address.to_string() + "/" + std::to_string(p.prefix_len);
}

}  // namespace sockscope
