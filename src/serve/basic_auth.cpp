// Basic auth: base64 decoding and libcrypt's bcrypt.
#include "serve/basic_auth.hpp"

#include <crypt.h>

#include <cstring>
#include <memory>

namespace sockscope::serve {

namespace {

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::optional<std::string> base64_decode(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    const int v = base64_value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xffu);
    }
  }
  return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// A valid bcrypt hash of nothing anyone knows, so an unknown user takes as long as a known one.
constexpr const char* kDummyHash = "$2y$10$CwTycUXWue0Thq9StjUM0uJ8.WqT5Xx6lqmBaCKAtFKXHUgtTvoyi";

bool bcrypt_matches(const std::string& password, const std::string& hash) {
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* out = crypt_rn(password.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
  if (!out || out[0] == '*') return false;
  return equal_constant_time(out, hash);
}

}  // namespace

std::optional<std::pair<std::string, std::string>> parse_basic_authorization(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  if (header.size() < 6 || (header.substr(0, 6) != "Basic " && header.substr(0, 6) != "basic ")) return std::nullopt;
  header.remove_prefix(6);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  auto decoded = base64_decode(header);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

bool authorized(const WebConfig& config, std::string_view header) {
  auto credentials = parse_basic_authorization(header);
  if (!credentials) return false;
  auto it = config.users.find(credentials->first);
  const bool known = it != config.users.end();
  const bool ok = bcrypt_matches(credentials->second, known ? it->second : kDummyHash);
  return known && ok;
}

}  // namespace sockscope::serve
