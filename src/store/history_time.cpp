// Parsing and printing the times and sizes of `record` and `history`; local time through the C library.
#include "store/history_time.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace sockscope {

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

std::optional<std::uint64_t> leading_number(std::string_view& text) {
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p == text.data()) return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(p - text.data()));
  return v;
}

std::int64_t local_midnight_ns(std::int64_t now_ns, int days_back) {
  std::time_t t = static_cast<std::time_t>(now_ns / kSecond);
  std::tm tm{};
  localtime_r(&t, &tm);
  tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  tm.tm_mday -= days_back;
  tm.tm_isdst = -1;
  return static_cast<std::int64_t>(std::mktime(&tm)) * kSecond;
}

// "YYYY-MM-DD[( |T)HH:MM[:SS]][Z|(+|-)HH[:]MM]"; without a zone the time is local.
std::optional<std::int64_t> parse_calendar(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
  std::string text(s);
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) return std::nullopt;
  std::string_view rest = s.substr(10);
  if (!rest.empty()) {
    if (rest[0] != ' ' && rest[0] != 'T') return std::nullopt;
    std::string r(rest.substr(1));
    int m = 0;
    if (std::sscanf(r.c_str(), "%2d:%2d%n", &h, &mi, &m) != 2 || m != 5) return std::nullopt;
    rest = rest.substr(1 + 5);
    if (rest.size() >= 3 && rest[0] == ':') {
      std::string r2(rest.substr(1, 2));
      if (std::sscanf(r2.c_str(), "%2d", &sec) != 1) return std::nullopt;
      rest.remove_prefix(3);
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  if (rest.empty()) {
    tm.tm_isdst = -1;
    return static_cast<std::int64_t>(std::mktime(&tm)) * kSecond;
  }
  long offset = 0;
  if (rest != "Z") {
    int oh = 0, om = 0;
    std::string z(rest.substr(1));
    if ((rest[0] != '+' && rest[0] != '-') ||
        (std::sscanf(z.c_str(), "%2d:%2d", &oh, &om) != 2 && std::sscanf(z.c_str(), "%2d%2d", &oh, &om) != 2))
      return std::nullopt;
    offset = (oh * 3600L + om * 60L) * (rest[0] == '-' ? -1 : 1);
  }
  return (static_cast<std::int64_t>(timegm(&tm)) - offset) * kSecond;
}

}  // namespace

std::optional<std::int64_t> parse_duration_ns(std::string_view text) {
  auto n = leading_number(text);
  if (!n || text.size() != 1) return std::nullopt;
  std::int64_t unit;
  switch (text[0]) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: return std::nullopt;
  }
  if (*n > static_cast<std::uint64_t>(INT64_MAX / kSecond / unit)) return std::nullopt;
  return static_cast<std::int64_t>(*n) * unit * kSecond;
}

std::optional<std::uint64_t> parse_size_bytes(std::string_view text) {
  auto n = leading_number(text);
  if (!n) return std::nullopt;
  if (text.ends_with("iB")) text.remove_suffix(2);
  else if (text.size() == 2 && text.back() == 'B') text.remove_suffix(1);
  unsigned shift = 0;
  if (text == "K") shift = 10;
  else if (text == "M") shift = 20;
  else if (text == "G") shift = 30;
  else if (text == "T") shift = 40;
  else if (!text.empty()) return std::nullopt;
  if (*n > (UINT64_MAX >> shift)) return std::nullopt;
  return *n << shift;
}

std::optional<std::int64_t> parse_time_point(std::string_view text, std::int64_t now_ns) {
  if (text == "now") return now_ns;
  if (text == "today") return local_midnight_ns(now_ns, 0);
  if (text == "yesterday") return local_midnight_ns(now_ns, 1);
  if (auto ago = parse_duration_ns(text)) return now_ns - *ago;
  return parse_calendar(text);
}

std::string local_time_text(std::int64_t unix_ns, bool iso) {
  std::time_t t = static_cast<std::time_t>(unix_ns / kSecond);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, iso ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm);
  std::string out(buf, n);
  if (iso) {
    long off = tm.tm_gmtoff;
    char z[32];
    std::snprintf(z, sizeof z, ".%03d%c%02ld:%02ld", static_cast<int>(unix_ns % kSecond / 1'000'000),
                  off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600, (off < 0 ? -off : off) % 3600 / 60);
    out += z;
  }
  return out;
}

}  // namespace sockscope
