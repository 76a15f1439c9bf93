// Fuzz target: /proc/net/sockstat(6) lines and the tcp_mem/udp_mem limit triples, checked by printing and re-parsing.
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "parse/sockstat.hpp"

using namespace sockscope;
using fuzz::check;
using fuzz::count_lines;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    const auto lines = parse_sockstat(text);
    if (!lines) return 0;
    // One entry per non-blank line; a label before the first colon; tokens hold no blanks.
    check(!lines->empty() && lines->size() <= count_lines(text));
    std::string printed;
    for (const auto& l : *lines) {
      check(!l.label.empty() && l.label.find_first_of(":\n") == std::string::npos);
      check(!l.fields.empty());
      printed += l.label + ':';
      for (const auto& [k, v] : l.fields) {
        check(!k.empty() && k.find_first_of(" \t\n") == std::string::npos);
        check(l.get(k).has_value());  // the first field of that name, which may differ on repeats
        printed += ' ' + k + ' ' + std::to_string(v);
      }
      printed += '\n';
    }
    // What was read, printed the way the kernel prints it, reads back the same.
    const auto again = parse_sockstat(printed);
    check(again && again->size() == lines->size());
    for (std::size_t i = 0; i < lines->size(); ++i) {
      check((*again)[i].label == (*lines)[i].label && (*again)[i].fields == (*lines)[i].fields);
    }
  } else {
    const auto limits = parse_mem_limits(text);
    if (!limits) return 0;
    const std::string printed = std::to_string((*limits)[0]) + '\t' + std::to_string((*limits)[1]) + '\t' +
                                std::to_string((*limits)[2]) + '\n';
    const auto again = parse_mem_limits(printed);
    check(again && *again == *limits);
  }
  return 0;
}
