// Fuzz target: /proc/net/snmp, /proc/net/netstat, /proc/net/snmp6 and the socket count files, checked by re-parsing.
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "parse/snmp.hpp"
#include "parse/socket_counts.hpp"

using namespace sockscope;
using fuzz::check;

namespace {

void check_pairs(std::string_view text) {
  const auto counters = parse_snmp_pairs(text);
  if (!counters) return;
  // Every value sits under "Group.Key"; printed back as header and value lines, they read the same.
  std::string printed;
  for (const auto& [key, value] : counters->values) {
    const auto dot = key.find('.');
    check(dot != std::string::npos && dot + 1 < key.size());
    if (dot == 0) return;  // a group made of dots: no printing splits it back the same way
    const std::string group = key.substr(0, dot);
    printed += group + ": " + key.substr(dot + 1) + '\n' + group + ": " + std::to_string(value) + '\n';
  }
  const auto again = parse_snmp_pairs(printed);
  check(again && again->values == counters->values);
}

void check_snmp6(std::string_view text) {
  const auto counters = parse_snmp6(text);
  if (!counters) return;
  // The '.' after the first '6' is the only change to a name: undone, the lines read the same.
  std::string printed;
  for (const auto& [key, value] : counters->values) {
    std::string name = key;
    if (const auto six = name.find('6'); six != std::string::npos && six + 1 < name.size()) {
      check(name[six + 1] == '.');
      name.erase(six + 1, 1);
    }
    printed += name + ' ' + std::to_string(value) + '\n';
  }
  const auto again = parse_snmp6(printed);
  check(again && again->values == counters->values);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      check_pairs(text);
      auto a = parse_snmp_pairs(text);
      auto b = parse_snmp6(text);
      if (a && b) {
        // Keys already present keep their value; the others come in with theirs.
        const auto before = *a;
        merge_counters(*a, *b);
        for (const auto& [k, v] : before.values) check(a->values.at(k) == v);
        for (const auto& [k, v] : b->values) check(a->values.contains(k) && (before.values.contains(k) || a->values.at(k) == v));
        check(a->values.size() <= before.values.size() + b->values.size());
      }
      break;
    }
    case 1: check_snmp6(text); break;
    case 2: {
      // The counts are added: reading the file twice doubles each of them.
      SocketCounts once, twice;
      add_protocol_counts(text, once);
      add_protocol_counts(text, twice);
      add_protocol_counts(text, twice);
      check(twice.tcp == 2 * once.tcp && twice.tcp6 == 2 * once.tcp6 && twice.udp == 2 * once.udp &&
            twice.udp6 == 2 * once.udp6 && twice.raw == 2 * once.raw && twice.raw6 == 2 * once.raw6 &&
            twice.unix_sockets == 2 * once.unix_sockets && twice.found == once.found);
      check(once.tcp_time_wait == 0);
      break;
    }
    case 3: {
      // Only the time-wait count is set.
      SocketCounts counts;
      add_sockstat_counts(text, counts);
      check(!counts.found && counts.tcp == 0 && counts.tcp6 == 0 && counts.udp == 0 && counts.udp6 == 0 &&
            counts.raw == 0 && counts.raw6 == 0 && counts.unix_sockets == 0);
      if (counts.tcp_time_wait) {
        SocketCounts again;
        add_sockstat_counts("TCP: inuse 1 tw " + std::to_string(counts.tcp_time_wait) + " alloc 2\n", again);
        check(again.tcp_time_wait == counts.tcp_time_wait);
      }
      break;
    }
    default:
      if (auto open = parse_open_files(text)) check(parse_open_files(std::to_string(*open) + "\t0\t9223372036854775807\n") == open);
      break;
  }
  return 0;
}
