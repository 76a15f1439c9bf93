// Escaping hostile text for terminals, JSON and CSV; strict UTF-8 decoding.
#include "present/sanitize.hpp"

#include <array>
#include <cstring>

namespace sockscope {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Bytes every format copies as they are: printable ASCII without '"' and '\'.
constexpr std::array<bool, 256> make_plain() {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x7f; ++c) t[c] = c != '"' && c != '\\';
  return t;
}
constexpr std::array<bool, 256> kPlain = make_plain();

// Longest prefix of s[pos..] made of plain bytes.
std::size_t plain_run(std::string_view s, std::size_t pos) {
  std::size_t end = pos;
  while (end < s.size() && kPlain[static_cast<unsigned char>(s[end])]) ++end;
  return end - pos;
}

void append_hex_byte(std::string& out, const char* prefix, unsigned char b) {
  out += prefix;
  out += kHex[b >> 4];
  out += kHex[b & 15];
}

void append_u4(std::string& out, char32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 15];
}

// Valid code points a terminal would not show as themselves: C1 controls, and invisible
// formatting characters that can hide or reorder text (zero-width, bidi overrides, separators).
bool is_hidden_code_point(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

}  // namespace

Utf8Step decode_utf8(std::string_view s, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t n = 0;
  char32_t cp = 0;
  unsigned lo = 0x80, hi = 0xbf;  // allowed range of the second byte; rules out overlongs etc.
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2, cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3, cp = b0 & 0x0f;
    if (b0 == 0xe0) lo = 0xa0;  // overlong
    if (b0 == 0xed) hi = 0x9f;  // UTF-16 surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4, cp = b0 & 0x07;
    if (b0 == 0xf0) lo = 0x90;  // overlong
    if (b0 == 0xf4) hi = 0x8f;  // beyond U+10FFFF
  } else {
    return {};  // continuation byte, C0/C1 overlong lead, or F5..FF
  }
  if (s.size() - pos < n) return {};
  for (std::size_t i = 1; i < n; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return {};
    cp = (cp << 6) | (b & 0x3f);
  }
  return {cp, n};
}

std::size_t append_terminal_safe(std::string& out, std::string_view raw) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (std::size_t run = plain_run(raw, pos); run > 0) {
      out.append(raw.substr(pos, run));
      width += run;
      pos += run;
      continue;
    }
    const auto b = static_cast<unsigned char>(raw[pos]);
    const std::size_t before = out.size();
    if (b == '\\') {
      out += "\\\\";
      ++pos;
    } else if (b == '"') {
      out += '"';
      ++pos;
    } else if (b < 0x80) {
      switch (b) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: append_hex_byte(out, "\\x", b); break;  // other C0 and DEL
      }
      ++pos;
    } else if (Utf8Step step = decode_utf8(raw, pos); step.length == 0) {
      append_hex_byte(out, "\\x", b);
      ++pos;
    } else if (is_hidden_code_point(step.code_point)) {
      append_u4(out, step.code_point);
      pos += step.length;
    } else {
      out.append(raw.substr(pos, step.length));
      pos += step.length;
      width += static_cast<std::size_t>(code_point_width(step.code_point));
      continue;
    }
    width += out.size() - before;  // escapes are ASCII
  }
  return width;
}

std::string terminal_safe(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  append_terminal_safe(out, raw);
  return out;
}

namespace {

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* put_u4(char* p, char32_t cp) {
  *p++ = '\\';
  *p++ = 'u';
  for (int shift = 12; shift >= 0; shift -= 4) *p++ = kHex[(cp >> shift) & 15];
  return p;
}

}  // namespace

char* write_json_string(char* p, std::string_view raw) {
  *p++ = '"';
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (std::size_t run = plain_run(raw, pos); run > 0) {
      p = put(p, raw.substr(pos, run));
      pos += run;
      continue;
    }
    const auto b = static_cast<unsigned char>(raw[pos]);
    if (b < 0x80) {
      switch (b) {
        case '"': p = put(p, "\\\""); break;
        case '\\': p = put(p, "\\\\"); break;
        case '\n': p = put(p, "\\n"); break;
        case '\r': p = put(p, "\\r"); break;
        case '\t': p = put(p, "\\t"); break;
        case '\b': p = put(p, "\\b"); break;
        case '\f': p = put(p, "\\f"); break;
        default: p = put_u4(p, b); break;  // other C0 and DEL
      }
      ++pos;
      continue;
    }
    const Utf8Step step = decode_utf8(raw, pos);
    if (step.length == 0) {
      p = put(p, "\\ufffd");
      ++pos;
    } else if ((step.code_point >= 0x80 && step.code_point <= 0x9f) || step.code_point == 0x2028 ||
               step.code_point == 0x2029) {
      p = put_u4(p, step.code_point);
      pos += step.length;
    } else {
      p = put(p, raw.substr(pos, step.length));
      pos += step.length;
    }
  }
  *p++ = '"';
  return p;
}

void append_json_string(std::string& out, std::string_view raw) {
  const std::size_t old = out.size();
  out.resize(old + json_string_bound(raw.size()));
  char* end = write_json_string(out.data() + old, raw);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

char* write_csv_field(char* p, std::string_view raw, bool is_text) {
  bool quote = false;
  bool clean = true;  // nothing to replace
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ',' || c == '"' || c == '\r' || c == '\n') quote = true;
    else if (c >= 0x7f || (c < 0x20 && c != '\t')) clean = false;
  }
  if (quote) *p++ = '"';
  if (is_text && !raw.empty()) {
    const char first = raw.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
      *p++ = '\'';
    }
  }
  if (!is_text || (clean && !quote)) {
    p = put(p, raw);
  } else {
    std::size_t pos = 0;
    while (pos < raw.size()) {
      const auto b = static_cast<unsigned char>(raw[pos]);
      if (b == '"') {
        p = put(p, "\"\"");
        ++pos;
      } else if (b < 0x80) {
        if (b >= 0x20 ? b != 0x7f : (b == '\t' || b == '\n' || b == '\r')) *p++ = static_cast<char>(b);
        else p = put(p, kReplacement);
        ++pos;
      } else if (Utf8Step step = decode_utf8(raw, pos); step.length == 0) {
        p = put(p, kReplacement);
        ++pos;
      } else {
        p = put(p, step.code_point <= 0x9f ? kReplacement : raw.substr(pos, step.length));  // C1
        pos += step.length;
      }
    }
  }
  if (quote) *p++ = '"';
  return p;
}

void append_csv_field(std::string& out, std::string_view raw, bool is_text) {
  const std::size_t old = out.size();
  out.resize(old + csv_field_bound(raw.size()));
  char* end = write_csv_field(out.data() + old, raw, is_text);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace sockscope
