// Fuzz target: the escaping of hostile text for terminals, JSON and CSV, checked against every promise of sanitize.hpp.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "present/sanitize.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    if (step.length == 0) return false;
    i += step.length;
  }
  return true;
}

// Written out here rather than shared with sanitize.cpp, so a range dropped there is caught:
// C1 controls, and the zero-width, bidi and separator characters that hide or reorder text.
bool hidden(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206f) ||
         cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb);
}

void put_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Each valid sequence of `raw` as it is, or `replace`d when `drop` says so; each invalid byte
// as `invalid`.
template <typename Drop>
std::string expected(std::string_view raw, std::string_view invalid, Drop drop) {
  std::string out;
  for (std::size_t i = 0; i < raw.size();) {
    const auto step = decode_utf8(raw, i);
    if (step.length == 0) {
      out += invalid, ++i;
    } else {
      if (drop(step.code_point)) out += invalid;
      else out += raw.substr(i, step.length);
      i += step.length;
    }
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // the escapes promise lower-case hex
}

// Undoes the terminal escaping; aborts on a backslash that starts no escape (an ambiguous text).
std::string unescape_terminal(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    check(i + 1 < s.size());
    const char kind = s[++i];
    if (kind == '\\') out += '\\';
    else if (kind == 'n') out += '\n';
    else if (kind == 'r') out += '\r';
    else if (kind == 't') out += '\t';
    else if (kind == 'x' || kind == 'u') {
      const std::size_t digits = kind == 'x' ? 2 : 4;
      check(i + digits < s.size());
      char32_t v = 0;
      for (std::size_t d = 1; d <= digits; ++d) {
        const int h = hex_digit(s[i + d]);
        check(h >= 0);
        v = v << 4 | static_cast<char32_t>(h);
      }
      i += digits;
      if (kind == 'x') {
        // A raw byte: a C0 control, DEL, or a byte that starts no valid sequence.
        check(v < 0x20 || v == 0x7f || v >= 0x80);
        out += static_cast<char>(v);
      } else {
        check(hidden(v));  // \u names only the characters the terminal would not show
        put_utf8(out, v);
      }
    } else {
      check(false);
    }
  }
  return out;
}

void check_terminal(std::string_view raw, std::size_t size) {
  std::string term;
  const std::size_t width = append_terminal_safe(term, raw);
  check(term == terminal_safe(raw));
  // No C0 control, DEL or C1 control survives, nor any zero-width, bidi or separator character;
  // the text is valid UTF-8.
  for (unsigned char c : term) check(c >= 0x20 && c != 0x7f);
  check(valid_utf8(term));
  for (std::size_t i = 0; i < term.size();) {
    const auto step = decode_utf8(term, i);
    check(!hidden(step.code_point));
    i += step.length;
  }
  // Unambiguous: the escapes undone give back the input, byte for byte.
  check(unescape_terminal(term) == raw);
  // The width returned is the display width of what was appended.
  check(width == display_width(term));

  // Eliding never splits a character, fits the width, and keeps a head and a tail of the text
  // (End: no tail; Start: no head but the zero-width marks that begin the text).
  const std::size_t w = size % 17;
  for (auto where : {Elide::End, Elide::Middle, Elide::Start, Elide::None}) {
    const auto cut = elide_to_width(term, w, where, "~");
    check(valid_utf8(cut));
    if (where == Elide::None || width <= w) {
      check(cut == term);
      continue;
    }
    check(display_width(cut) <= w);
    if (w == 0) continue;
    bool split = false;
    for (std::size_t at = cut.find('~'); at != std::string::npos && !split; at = cut.find('~', at + 1)) {
      const std::string_view head(cut.data(), at), tail(cut.data() + at + 1, cut.size() - at - 1);
      split = std::string_view(term).starts_with(head) && std::string_view(term).ends_with(tail) &&
              (where != Elide::End || tail.empty()) && (where != Elide::Start || display_width(head) == 0);
    }
    check(split);
  }
}

void check_json(std::string_view raw) {
  std::string json;
  append_json_string(json, raw);
  check(json.size() <= json_string_bound(raw.size()));
  std::string buf(json_string_bound(raw.size()), '\0');
  check(std::string_view(buf.data(), static_cast<std::size_t>(write_json_string(buf.data(), raw) - buf.data())) == json);
  // Valid UTF-8; no raw C0, DEL, C1 or U+2028/U+2029 (JavaScript's line terminators).
  check(valid_utf8(json));
  for (unsigned char c : json) check(c >= 0x20 && c != 0x7f);
  for (std::size_t i = 0; i < json.size();) {
    const auto step = decode_utf8(json, i);
    check(!(step.code_point >= 0x80 && step.code_point <= 0x9f) && step.code_point != 0x2028 && step.code_point != 0x2029);
    i += step.length;
  }
  // Parses as one string: the input with each invalid byte as U+FFFD, so valid text round-trips.
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  check(!parsed.is_discarded() && parsed.is_string());
  check(parsed.get<std::string>() == expected(raw, "\xef\xbf\xbd", [](char32_t) { return false; }));
}

void check_csv(std::string_view raw) {
  std::string csv;
  append_csv_field(csv, raw, true);
  check(csv.size() <= csv_field_bound(raw.size()));
  std::string cbuf(csv_field_bound(raw.size()), '\0');
  check(std::string_view(cbuf.data(), static_cast<std::size_t>(write_csv_field(cbuf.data(), raw, true) - cbuf.data())) == csv);
  // Valid UTF-8; no raw controls but TAB/CR/LF: no C0, DEL or C1 reaches a terminal via `cat`.
  check(valid_utf8(csv));
  for (unsigned char c : csv) check((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\r' || c == '\n');
  for (std::size_t i = 0; i < csv.size();) {
    const auto step = decode_utf8(csv, i);
    check(!(step.code_point >= 0x80 && step.code_point <= 0x9f));
    i += step.length;
  }
  // Quoted exactly when it holds ',', '"', CR or LF, with inner quotes doubled.
  const bool must_quote = raw.find_first_of(",\"\r\n") != std::string_view::npos;
  std::string_view field = csv;
  check(must_quote == (!field.empty() && field.front() == '"'));
  std::string content;
  if (must_quote) {
    check(field.size() >= 2 && field.back() == '"');
    field = field.substr(1, field.size() - 2);
    for (std::size_t i = 0; i < field.size(); ++i) {
      if (field[i] == '"') check(i + 1 < field.size() && field[++i] == '"');
      content += field[i];
    }
  } else {
    content = field;
  }
  // A formula start (OWASP CSV injection) gets a leading "'", so no field starts one.
  const bool formula = !raw.empty() && std::string_view("=+-@\t\r").find(raw.front()) != std::string_view::npos;
  if (!content.empty()) check(std::string_view("=+-@\t\r").find(content.front()) == std::string_view::npos);
  if (formula) {
    check(!content.empty() && content.front() == '\'');
    content.erase(0, 1);
  }
  // The rest is the input with invalid bytes, C0 controls other than TAB/LF/CR, DEL and C1 as U+FFFD.
  check(content == expected(raw, "\xef\xbf\xbd", [](char32_t cp) {
          return (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp <= 0x9f);
        }));

  // Non-text fields (numbers) are written as they are: a negative number stays a number.
  if (!raw.empty() && raw.find_first_not_of("-+.0123456789eE") == std::string_view::npos) {
    std::string number;
    append_csv_field(number, raw, false);
    check(number == raw);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto raw = fuzz::as_text(data, size);
  check_terminal(raw, size);
  check_json(raw);
  check_csv(raw);
  return 0;
}
