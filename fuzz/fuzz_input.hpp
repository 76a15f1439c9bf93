// Helpers shared by the fuzz targets: splitting one fuzzer input, and checking what the parsers return.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::fuzz {

// A broken promise of the code under test: abort, so libFuzzer keeps the input.
inline void check(bool ok) {
  if (!ok) std::abort();
}

// Lines of a text as a line reader splits it (a last line without '\n' counts).
inline std::size_t count_lines(std::string_view text) {
  std::size_t n = text.empty() ? 0 : 1;
  for (char c : text) n += c == '\n';
  return n;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::span<const std::byte> as_bytes(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const std::byte*>(data), size};
}

// Command-line arguments from one input: NUL separates them (as in /proc/PID/cmdline), so the
// corpus files are real argument vectors and any byte can appear inside an argument.
inline std::vector<std::string> split_args(std::string_view text) {
  std::vector<std::string> args;
  if (text.empty()) return args;
  std::size_t start = 0;
  while (true) {
    const auto nul = text.find('\0', start);
    args.emplace_back(text.substr(start, nul == std::string_view::npos ? std::string_view::npos : nul - start));
    if (nul == std::string_view::npos) break;
    start = nul + 1;
  }
  if (args.size() > 64) args.resize(64);  // longer vectors only slow the fuzzer down
  return args;
}

}  // namespace sockscope::fuzz
