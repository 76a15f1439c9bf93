// Fuzz target: the per-process /proc files (stat, status, cmdline, fd links) and /proc/stat, checked by re-parsing.
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "parse/proc_pid.hpp"

using namespace sockscope;
using fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      if (auto st = parse_proc_stat(text)) {
        // comm lies between the first '(' and the last ')': a piece of the input, and no ')' comes
        // after it, so the state is not one.
        check(st->comm.size() + 2 <= text.size() && text.find(st->comm) != std::string_view::npos);
        check(st->state != ')' && st->state != ' ' && st->state != '\t' && st->state != '\n');
        // The kernel's layout printed from the values reads back the same.
        std::string line = std::to_string(st->pid) + " (" + st->comm + ") " + st->state + ' ' + std::to_string(st->ppid);
        for (int field = 5; field < 22; ++field) line += " 0";
        line += ' ' + std::to_string(st->starttime) + " 4096\n";
        const auto again = parse_proc_stat(line);
        check(again && again->pid == st->pid && again->comm == st->comm && again->state == st->state &&
              again->ppid == st->ppid && again->starttime == st->starttime);
      }
      break;
    case 1:
      if (auto uid = parse_status_uid(text)) {
        check(parse_status_uid("Name:\tx\nUid:\t" + std::to_string(*uid) + "\t0\t0\t0\n") == uid);
      }
      break;
    case 2: {
      // The arguments joined by NUL are the input without its trailing NULs; none is empty at the end.
      const auto argv = parse_cmdline(text);
      std::string joined;
      for (std::size_t i = 0; i < argv.size(); ++i) joined += (i ? std::string(1, '\0') : std::string()) + argv[i];
      std::string_view trimmed = text;
      while (!trimmed.empty() && trimmed.back() == '\0') trimmed.remove_suffix(1);
      check(joined == trimmed);
      check(argv.empty() || !argv.back().empty());
      break;
    }
    case 3:
      if (auto inode = parse_socket_link(text)) check(parse_socket_link("socket:[" + std::to_string(*inode) + "]") == inode);
      break;
    default:
      if (auto btime = parse_btime(text)) check(parse_btime("cpu 1 2\nbtime " + std::to_string(*btime) + "\n") == btime);
      break;
  }
  return 0;
}
