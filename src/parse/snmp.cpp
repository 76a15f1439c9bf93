// Parsing the /proc/net/snmp, /proc/net/netstat and /proc/net/snmp6 counter files.
#include "parse/snmp.hpp"

#include <string>
#include <vector>

#include "parse/proc_text.hpp"

namespace sockscope {
namespace {

using proc_text::next_line;
using proc_text::Tokens;

std::string line_error(std::string_view what, int line_no, std::string_view detail) {
  std::string msg(what);
  msg += ": line ";
  msg += std::to_string(line_no);
  msg += ": ";
  msg += detail;
  return msg;
}

bool blank(std::string_view line) {
  for (char c : line) {
    if (!proc_text::is_blank(c) && c != '\r') return false;
  }
  return true;
}

// "Group:" and the fields after it.
struct GroupLine {
  std::string_view group;
  std::vector<std::string_view> fields;
};

std::optional<GroupLine> split_group_line(std::string_view line) {
  Tokens t(line);
  auto first = t.next();
  if (!first || first->size() < 2 || first->back() != ':') return std::nullopt;
  GroupLine g{first->substr(0, first->size() - 1), {}};
  while (auto f = t.next()) g.fields.push_back(*f);
  return g;
}

}  // namespace

Result<ProtocolCounters> parse_snmp_pairs(std::string_view text) {
  constexpr std::string_view kWhat = "protocol counters";
  ProtocolCounters out;
  int line_no = 0;
  std::string key;
  while (!text.empty()) {
    const auto header_text = next_line(text);
    ++line_no;
    if (blank(header_text)) continue;
    const auto header = split_group_line(header_text);
    if (!header) return fail(line_error(kWhat, line_no, "expected \"Group: names...\""));
    if (text.empty()) return fail(line_error(kWhat, line_no, "no value line after the " + std::string(header->group) + " names"));
    const auto values_text = next_line(text);
    ++line_no;
    const auto values = split_group_line(values_text);
    if (!values || values->group != header->group) {
      return fail(line_error(kWhat, line_no, "expected the values of " + std::string(header->group)));
    }
    if (values->fields.size() != header->fields.size()) {
      return fail(line_error(kWhat, line_no,
                             std::string(header->group) + " has " + std::to_string(header->fields.size()) + " names but " +
                                 std::to_string(values->fields.size()) + " values"));
    }
    for (std::size_t i = 0; i < values->fields.size(); ++i) {
      const auto v = values->fields[i];
      key.assign(header->group).append(1, '.').append(header->fields[i]);
      if (auto n = proc_text::to_unsigned<std::uint64_t>(v)) {
        out.values.emplace(key, *n);
      } else if (!(v.starts_with('-') && proc_text::to_signed<std::int64_t>(v))) {
        return fail(line_error(kWhat, line_no, "value of " + key + " is not a number"));
      }
    }
  }
  return out;
}

Result<ProtocolCounters> parse_snmp6(std::string_view text) {
  constexpr std::string_view kWhat = "IPv6 protocol counters";
  ProtocolCounters out;
  int line_no = 0;
  std::string key;
  while (!text.empty()) {
    const auto line = next_line(text);
    ++line_no;
    if (blank(line)) continue;
    Tokens t(line);
    const auto name = t.next();
    const auto value = t.next();
    if (!name || !value || t.next()) return fail(line_error(kWhat, line_no, "expected \"Name value\""));
    const auto n = proc_text::to_unsigned<std::uint64_t>(*value);
    if (!n) return fail(line_error(kWhat, line_no, "value of " + std::string(*name) + " is not a number"));
    const auto six = name->find('6');
    if (six == std::string_view::npos || six + 1 == name->size()) {
      key.assign(*name);
    } else {
      key.assign(name->substr(0, six + 1)).append(1, '.').append(name->substr(six + 1));
    }
    out.values.emplace(key, *n);
  }
  return out;
}

void merge_counters(ProtocolCounters& into, const ProtocolCounters& more) {
  for (const auto& [k, v] : more.values) into.values.emplace(k, v);
}

}  // namespace sockscope
