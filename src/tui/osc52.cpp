// OSC 52: the text base64-encoded inside ESC ] 52 ; c ; ... BEL.
#include "tui/osc52.hpp"

namespace sockscope::tui {

std::string osc52_sequence(std::string_view text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "\x1b]52;c;";
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  for (; i + 3 <= text.size(); i += 3) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = text.size() - i; left > 0) {
    const unsigned v = (byte(i) << 16) | (left > 1 ? byte(i + 1) << 8 : 0u);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += left > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  out += '\a';
  return out;
}

}  // namespace sockscope::tui
