// Parsers for per-process /proc files and /proc/stat (see proc_pid.hpp).
#include "parse/proc_pid.hpp"

#include "parse/proc_text.hpp"

namespace sockscope {

using proc_text::Tokens;
using proc_text::to_signed;
using proc_text::to_unsigned;

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
  // comm may hold any bytes, ')' and newlines included; only the last ')' ends it.
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;

  ProcStat out;
  std::string_view pid_text = text.substr(0, open);
  while (!pid_text.empty() && pid_text.back() == ' ') pid_text.remove_suffix(1);
  auto pid = to_signed<int>(pid_text);
  if (!pid) return std::nullopt;
  out.pid = *pid;
  out.comm.assign(text.substr(open + 1, close - open - 1));

  std::string_view rest = text.substr(close + 1);
  if (const auto nl = rest.find('\n'); nl != std::string_view::npos) rest = rest.substr(0, nl);
  Tokens t(rest);
  auto state = t.next();  // field 3
  auto ppid = t.next();   // field 4
  if (!state || state->size() != 1 || !ppid) return std::nullopt;
  std::optional<std::string_view> tok;
  for (int field = 5; field <= 22; ++field) {
    tok = t.next();
    if (!tok) return std::nullopt;
  }
  // Field 23 (vsize) always follows; requiring it catches a line cut inside starttime.
  if (!t.next()) return std::nullopt;
  auto ppid_v = to_signed<int>(*ppid);
  auto start = to_unsigned<std::uint64_t>(*tok);
  if (!ppid_v || !start) return std::nullopt;
  out.state = (*state)[0];
  out.ppid = *ppid_v;
  out.starttime = *start;
  return out;
}

std::optional<std::uint32_t> parse_status_uid(std::string_view text) {
  while (!text.empty()) {
    std::string_view line = proc_text::next_line(text);
    if (!line.starts_with("Uid:")) continue;
    Tokens t(line.substr(4));
    auto real = t.next();
    if (!real) return std::nullopt;
    return to_unsigned<std::uint32_t>(*real);
  }
  return std::nullopt;
}

std::vector<std::string> parse_cmdline(std::string_view raw) {
  while (!raw.empty() && raw.back() == '\0') raw.remove_suffix(1);
  std::vector<std::string> argv;
  if (raw.empty()) return argv;
  std::size_t start = 0;
  while (true) {
    const auto nul = raw.find('\0', start);
    argv.emplace_back(raw.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }
  return argv;
}

std::optional<std::uint64_t> parse_socket_link(std::string_view link) {
  constexpr std::string_view prefix = "socket:[";
  if (!link.starts_with(prefix) || !link.ends_with(']')) return std::nullopt;
  return to_unsigned<std::uint64_t>(link.substr(prefix.size(), link.size() - prefix.size() - 1));
}

std::optional<std::int64_t> parse_btime(std::string_view proc_stat_text) {
  while (!proc_stat_text.empty()) {
    std::string_view line = proc_text::next_line(proc_stat_text);
    Tokens t(line);
    auto key = t.next();
    if (!key || *key != "btime") continue;
    auto value = t.next();
    if (!value || t.next()) return std::nullopt;
    return to_signed<std::int64_t>(*value);
  }
  return std::nullopt;
}

}  // namespace sockscope
