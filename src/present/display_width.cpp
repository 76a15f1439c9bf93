// Terminal display width of UTF-8 text (libutf8proc's character widths) and shortening text to a width.
#include <utf8proc.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "present/sanitize.hpp"

namespace sockscope {

// libutf8proc's widths (Unicode's EastAsianWidth and general categories, not the locale's), with the
// few corrections that make them glibc's. Faster than the hand-written range tables this replaced:
// bench/micro_display_width.cpp, BM_WidthOurs 16.9 us of CPU per 1000 cells against 25.5 us for the
// tables (glibc's locale-bound wcwidth: 15.5 us).
int code_point_width(char32_t cp) {
  if (cp < 0x300) return 1;  // Latin and controls: no combining marks or wide forms below U+0300
  // Hangul vowels and finals after a leading consonant join it into one syllable cell (glibc agrees).
  if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7c6) || (cp >= 0xd7cb && cp <= 0xd7fb)) return 0;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (p->category == UTF8PROC_CATEGORY_CN) {
    // Unassigned: wide where Unicode makes that the default (the ideograph blocks and planes), so
    // characters assigned after this library's Unicode version keep their width.
    const bool ideographic = (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
                             (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2fffd) ||
                             (cp >= 0x30000 && cp <= 0x3fffd);
    return ideographic ? 2 : 1;
  }
  if (p->charwidth > 0) {
    // Drawn wide by glibc's wcwidth (so by the terminals that use it) though Unicode says narrow:
    // circled numbers on black squares and the Yijing hexagrams.
    if ((cp >= 0x3248 && cp <= 0x324f) || (cp >= 0x4dc0 && cp <= 0x4dff)) return 2;
    return p->charwidth;
  }
  // Prepended concatenation marks (Unicode's PropList) are format characters that are drawn.
  if ((cp >= 0x600 && cp <= 0x605) || cp == 0x6dd || cp == 0x70f || cp == 0x890 || cp == 0x891 || cp == 0x8e2 || cp == 0x110bd ||
      cp == 0x110cd)
    return 1;
  // Combining marks and format characters draw on the previous cell; the rest of what utf8proc
  // calls unprintable (controls, separators, surrogates) is shown escaped, one cell per character.
  const bool zero = p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_ME ||
                    p->category == UTF8PROC_CATEGORY_CF;
  return zero ? 0 : 1;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    if (static_cast<unsigned char>(utf8[pos]) < 0x80) {
      ++width, ++pos;
      continue;
    }
    const Utf8Step step = decode_utf8(utf8, pos);
    if (step.length == 0) {
      ++width, ++pos;
    } else {
      width += static_cast<std::size_t>(code_point_width(step.code_point));
      pos += step.length;
    }
  }
  return width;
}

std::string elide_to_width(std::string_view text, std::size_t width, Elide where,
                           std::string_view ellipsis) {
  if (where == Elide::None || display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  if (width == 1) return std::string(ellipsis);

  // Character boundaries and widths, so cuts never split a sequence.
  std::vector<std::pair<std::size_t, std::size_t>> chars;  // (byte offset, width)
  for (std::size_t pos = 0; pos < text.size();) {
    const Utf8Step step = decode_utf8(text, pos);
    const std::size_t len = step.length == 0 ? 1 : step.length;
    chars.emplace_back(pos, step.length == 0 ? 1 : static_cast<std::size_t>(code_point_width(step.code_point)));
    pos += len;
  }
  const std::size_t room = width - 1;
  std::size_t head_room = 0, tail_room = 0;
  switch (where) {
    case Elide::End: head_room = room; break;
    case Elide::Start: tail_room = room; break;
    case Elide::Middle:
      tail_room = (room + 1) / 2;  // the end (a port, a file name) is usually the part that tells
      head_room = room - tail_room;
      break;
    case Elide::None: break;
  }
  std::size_t head_chars = 0, used = 0;
  while (head_chars < chars.size() && used + chars[head_chars].second <= head_room) {
    used += chars[head_chars++].second;
  }
  // Zero-width marks belong to the character before them.
  while (head_chars > 0 && head_chars < chars.size() && chars[head_chars].second == 0) ++head_chars;
  std::size_t tail_start = chars.size();
  used = 0;
  while (tail_start > head_chars && used + chars[tail_start - 1].second <= tail_room) {
    used += chars[--tail_start].second;
  }
  while (tail_start < chars.size() && chars[tail_start].second == 0) ++tail_start;  // no orphan marks
  const std::size_t head_end = head_chars < chars.size() ? chars[head_chars].first : text.size();
  const std::size_t tail_begin = tail_start < chars.size() ? chars[tail_start].first : text.size();
  std::string out;
  out.reserve(head_end + ellipsis.size() + (text.size() - tail_begin));
  out.append(text.substr(0, head_end));
  out.append(ellipsis);
  out.append(text.substr(tail_begin));
  return out;
}

}  // namespace sockscope
