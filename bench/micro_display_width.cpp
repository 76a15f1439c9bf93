// Micro-benchmark: display width of terminal text (present/display_width.cpp, libutf8proc) against glibc wcwidth.
// Run against the hand-written range tables it replaced: those took 25.5 us of CPU per 1000 cells, BM_WidthOurs 16.9.
#include <benchmark/benchmark.h>
#include <utf8proc.h>

#include <clocale>
#include <cwchar>
#include <string>
#include <vector>

#include "present/sanitize.hpp"

namespace sockscope {
namespace {

// What the table and the live view measure: process names, command lines and paths, mostly
// ASCII, some CJK, emoji and combining marks.
std::vector<std::string> cells(std::size_t n) {
  const std::string samples[] = {
      "nginx: worker process",
      "/usr/lib/systemd/systemd-resolved",
      "python3 -m http.server 8000",
      "\xe4\xb8\xad\xe6\x96\x87\xe8\xbf\x9b\xe7\xa8\x8b",      // 中文进程
      "caf\xc3\xa9 e\xcc\x81 na\xc3\xafve",                   // precomposed and combining
      "\xf0\x9f\x98\x80 \xf0\x9f\x9a\x80 rocket",              // emoji
      "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 \xd1\x80\xd1\x83\xd1\x81",  // Hangul, Cyrillic
      "/home/user/.config/\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88/socket",  // Katakana in a path
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(samples[i % std::size(samples)]);
  return out;
}

template <class Width>
std::size_t measure(std::string_view s, Width width) {
  std::size_t w = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++w, ++pos;
      continue;
    }
    const Utf8Step step = decode_utf8(s, pos);
    if (step.length == 0) {
      ++w, ++pos;
      continue;
    }
    const int cw = width(step.code_point);
    w += cw < 0 ? 1 : static_cast<std::size_t>(cw);
    pos += step.length;
  }
  return w;
}

template <class TextWidth>
void run_text(benchmark::State& state, TextWidth text_width) {
  const auto text = cells(1000);
  std::size_t bytes = 0;
  for (const auto& t : text) bytes += t.size();
  for (auto _ : state) {
    std::size_t total = 0;
    for (const auto& t : text) total += text_width(t);
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}

template <class Width>
void run(benchmark::State& state, Width width) {
  run_text(state, [&](std::string_view t) { return measure(t, width); });
}

void BM_WidthOurs(benchmark::State& state) { run(state, code_point_width); }
BENCHMARK(BM_WidthOurs);

void BM_WidthDisplayWidth(benchmark::State& state) { run_text(state, display_width); }
BENCHMARK(BM_WidthDisplayWidth);

// utf8proc alone, without the corrections that make code_point_width agree with glibc.
void BM_WidthUtf8proc(benchmark::State& state) {
  run(state, [](char32_t cp) { return utf8proc_charwidth(static_cast<utf8proc_int32_t>(cp)); });
}
BENCHMARK(BM_WidthUtf8proc);

void BM_WidthGlibcWcwidth(benchmark::State& state) {
  // glibc's widths come from the locale: a UTF-8 one is needed, and the user's may not be.
  if (!std::setlocale(LC_CTYPE, "C.UTF-8")) {
    state.SkipWithError("no C.UTF-8 locale");
    return;
  }
  run(state, [](char32_t cp) { return ::wcwidth(static_cast<wchar_t>(cp)); });
}
BENCHMARK(BM_WidthGlibcWcwidth);

}  // namespace
}  // namespace sockscope
