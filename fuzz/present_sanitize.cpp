// Fuzz target: the escaping of hostile text for terminals, JSON and CSV, checked against its promises.
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "fuzz_input.hpp"
#include "present/sanitize.hpp"

using namespace sockscope;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto step = decode_utf8(s, i);
    if (step.length == 0) return false;
    i += step.length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto raw = fuzz::as_text(data, size);

  // Terminal: no C0 control, DEL or C1 control survives, and the text is valid UTF-8.
  const std::string term = terminal_safe(raw);
  for (unsigned char c : term) check(c >= 0x20 && c != 0x7f);
  check(valid_utf8(term));
  for (std::size_t i = 0; i < term.size();) {
    const auto step = decode_utf8(term, i);
    check(!(step.code_point >= 0x80 && step.code_point <= 0x9f));
    check(step.code_point != 0x2028 && step.code_point != 0x2029 && step.code_point != 0x202e);
    i += step.length;
  }
  // Eliding never splits a character.
  for (auto where : {Elide::End, Elide::Middle, Elide::Start}) {
    const auto cut = elide_to_width(term, size % 17, where, "~");
    check(valid_utf8(cut));
  }

  // JSON: parses, is valid UTF-8, and valid input round-trips exactly.
  std::string json;
  append_json_string(json, raw);
  check(json.size() <= json_string_bound(raw.size()));
  check(valid_utf8(json));
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  check(!parsed.is_discarded() && parsed.is_string());
  if (valid_utf8(raw)) check(parsed.get<std::string>() == raw);
  std::string buf(json_string_bound(raw.size()), '\0');
  check(std::string_view(buf.data(), static_cast<std::size_t>(write_json_string(buf.data(), raw) - buf.data())) == json);

  // CSV: no raw controls but TAB/CR/LF, no formula start, quoted when it must be.
  std::string csv;
  append_csv_field(csv, raw, true);
  check(csv.size() <= csv_field_bound(raw.size()));
  check(valid_utf8(csv));
  for (unsigned char c : csv) check(c >= 0x20 || c == '\t' || c == '\r' || c == '\n');
  std::string_view field = csv;
  if (!field.empty() && field.front() == '"') {
    check(field.size() >= 2 && field.back() == '"');
    field = field.substr(1, field.size() - 2);
    for (std::size_t i = 0; i < field.size(); ++i) {
      if (field[i] == '"') check(i + 1 < field.size() && field[++i] == '"');  // quotes come doubled
    }
  } else {
    check(field.find_first_of(",\"\r\n") == std::string_view::npos);
  }
  if (!field.empty()) check(std::string_view("=+-@\t\r").find(field.front()) == std::string_view::npos);
  std::string cbuf(csv_field_bound(raw.size()), '\0');
  check(std::string_view(cbuf.data(), static_cast<std::size_t>(write_csv_field(cbuf.data(), raw, true) - cbuf.data())) == csv);
  return 0;
}
