// Escaping for terminals, JSON and CSV; strict UTF-8 decoding; display width and elision.
#include <gtest/gtest.h>

#include <clocale>
#include <cwchar>
#include <nlohmann/json.hpp>
#include <string>

#include "present/sanitize.hpp"

namespace sockscope {
namespace {

using namespace std::string_literals;

std::string json(std::string_view raw) {
  std::string out;
  append_json_string(out, raw);
  return out;
}

std::string csv(std::string_view raw, bool is_text = true) {
  std::string out;
  append_csv_field(out, raw, is_text);
  return out;
}

// --- UTF-8 decoding ---

TEST(Utf8, DecodesEachLength) {
  EXPECT_EQ(decode_utf8("A", 0).code_point, U'A');
  EXPECT_EQ(decode_utf8("\xc3\xa9", 0).length, 2u);
  EXPECT_EQ(decode_utf8("\xc3\xa9", 0).code_point, U'\u00e9');
  EXPECT_EQ(decode_utf8("\xe4\xb8\xad", 0).code_point, U'\u4e2d');
  EXPECT_EQ(decode_utf8("\xf0\x9f\x98\x80", 0).code_point, U'\U0001f600');
  EXPECT_EQ(decode_utf8("\xf4\x8f\xbf\xbf", 0).code_point, U'\U0010ffff');
}

TEST(Utf8, RejectsMalformedSequences) {
  for (const std::string& bad : {"\x80"s, "\xbf"s,                     // stray continuation
                                "\xc0\xaf"s, "\xc1\xbf"s,             // overlong 2-byte
                                "\xe0\x80\xaf"s, "\xe0\x9f\xbf"s,     // overlong 3-byte
                                "\xf0\x80\x80\xaf"s, "\xf0\x8f\xbf\xbf"s,  // overlong 4-byte
                                "\xed\xa0\x80"s, "\xed\xbf\xbf"s,     // surrogates
                                "\xf4\x90\x80\x80"s, "\xf5\x80\x80\x80"s, "\xff"s,  // > U+10FFFF
                                "\xc3"s, "\xe4\xb8"s, "\xf0\x9f\x98"s,  // truncated
                                "\xc3\x41"s, "\xe4\x41\xad"s, "\xf0\x9f\x41\x80"s}) {  // bad continuation
    EXPECT_EQ(decode_utf8(bad, 0).length, 0u) << testing::PrintToString(bad);
  }
}

// --- terminal ---

TEST(TerminalSafe, KeepsPrintableAsciiAndUtf8) {
  EXPECT_EQ(terminal_safe("nginx: worker"), "nginx: worker");
  EXPECT_EQ(terminal_safe("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"),
            "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
  EXPECT_EQ(terminal_safe("say \"hi\""), "say \"hi\"");
  EXPECT_EQ(terminal_safe(""), "");
}

TEST(TerminalSafe, EscapesEveryC0ControlAndDel) {
  for (int c = 0; c < 0x20; ++c) {
    const std::string in(1, static_cast<char>(c));
    std::string want;
    if (c == '\n') want = "\\n";
    else if (c == '\r') want = "\\r";
    else if (c == '\t') want = "\\t";
    else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      want = buf;
    }
    EXPECT_EQ(terminal_safe(in), want) << "byte " << c;
  }
  EXPECT_EQ(terminal_safe("\x7f"), "\\x7f");
  EXPECT_EQ(terminal_safe("a\x1b[31mred\x1b[0m"), "a\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(terminal_safe("nul\0byte"s), "nul\\x00byte");
}

TEST(TerminalSafe, EscapesBackslashSoEscapesAreUnambiguous) {
  EXPECT_EQ(terminal_safe("C:\\x41"), "C:\\\\x41");
  EXPECT_NE(terminal_safe("\\x1b"), terminal_safe("\x1b"));
  EXPECT_NE(terminal_safe("\\n"), terminal_safe("\n"));
}

TEST(TerminalSafe, EscapesEveryC1Control) {
  for (char32_t cp = 0x80; cp <= 0x9f; ++cp) {
    const std::string in{'\xc2', static_cast<char>(cp)};
    char want[8];
    std::snprintf(want, sizeof want, "\\u%04x", static_cast<unsigned>(cp));
    EXPECT_EQ(terminal_safe(in), want) << "U+" << std::hex << static_cast<unsigned>(cp);
  }
  EXPECT_EQ(terminal_safe("\xc2\xa0"), "\xc2\xa0");  // U+00A0 is printable: kept
}

TEST(TerminalSafe, EscapesInvisibleFormattingCharacters) {
  EXPECT_EQ(terminal_safe("abc\xe2\x80\xae" "fdp.exe"), "abc\\u202efdp.exe");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(terminal_safe("a\xe2\x80\x8b" "b"), "a\\u200bb");                 // ZERO WIDTH SPACE
  EXPECT_EQ(terminal_safe("\xe2\x80\xa8"), "\\u2028");
  EXPECT_EQ(terminal_safe("\xef\xbb\xbf"), "\\ufeff");
}

TEST(TerminalSafe, EscapesInvalidUtf8BytePerByte) {
  EXPECT_EQ(terminal_safe("\xff"), "\\xff");
  EXPECT_EQ(terminal_safe("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(terminal_safe("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");  // overlong '/'
  EXPECT_EQ(terminal_safe("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // surrogate
  EXPECT_EQ(terminal_safe("ab\xe4\xb8"), "ab\\xe4\\xb8");       // truncated at the end
  EXPECT_EQ(terminal_safe("\xe4\xb8" "A"), "\\xe4\\xb8" "A");   // truncated mid-string
  EXPECT_EQ(terminal_safe("\x80\x80\xc3\xa9"), "\\x80\\x80\xc3\xa9");  // resyncs on the next lead
  EXPECT_EQ(terminal_safe("\xc2"), "\\xc2");                    // half a C1 control
}

TEST(TerminalSafe, ReportsDisplayWidthOfWhatItAppended) {
  std::string out;
  EXPECT_EQ(append_terminal_safe(out, "abc"), 3u);
  EXPECT_EQ(append_terminal_safe(out, "\x1b"), 4u);                 // "\x1b"
  EXPECT_EQ(append_terminal_safe(out, "\xe4\xb8\xad\xe6\x96\x87"), 4u);  // two wide characters
  EXPECT_EQ(append_terminal_safe(out, "e\xcc\x81"), 1u);            // e + combining acute
  EXPECT_EQ(out, "abc\\x1b\xe4\xb8\xad\xe6\x96\x87" "e\xcc\x81");
}

// --- display width ---

TEST(DisplayWidth, CountsWideCjkAndZeroWidthMarks) {
  EXPECT_EQ(display_width("hello"), 5u);
  EXPECT_EQ(display_width("\xe4\xb8\xad\xe6\x96\x87"), 4u);                  // 中文
  EXPECT_EQ(display_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6u);      // 日本語
  EXPECT_EQ(display_width("\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4"), 6u);      // 한국어
  EXPECT_EQ(display_width("\xef\xbc\xa1"), 2u);                               // FULLWIDTH A
  EXPECT_EQ(display_width("\xef\xbd\xb1"), 1u);                               // HALFWIDTH KATAKANA A
  EXPECT_EQ(display_width("\xf0\x9f\x98\x80"), 2u);                           // emoji
  EXPECT_EQ(display_width("\xf0\xa0\x80\x80"), 2u);                           // CJK ext. B
  EXPECT_EQ(display_width("e\xcc\x81"), 1u);                                  // combining acute
  EXPECT_EQ(display_width("\xc3\xa9\xd0\x96"), 2u);                           // Latin-1, Cyrillic
  EXPECT_EQ(display_width("\xff\xfe"), 2u);                                   // invalid bytes: 1 each
}

TEST(DisplayWidth, CodePointBoundaries) {
  EXPECT_EQ(code_point_width(U'\u10ff'), 1);
  EXPECT_EQ(code_point_width(U'\u1100'), 2);
  EXPECT_EQ(code_point_width(U'\u4dff'), 2);  // Yijing hexagrams, wide as in glibc
  EXPECT_EQ(code_point_width(U'\ua4d0'), 1);
  EXPECT_EQ(code_point_width(U'\u9fff'), 2);
  EXPECT_EQ(code_point_width(U'\uac00'), 2);
  EXPECT_EQ(code_point_width(U'\ud7a3'), 2);
  EXPECT_EQ(code_point_width(U'\ud7a4'), 1);
  EXPECT_EQ(code_point_width(U'\uff60'), 2);
  EXPECT_EQ(code_point_width(U'\uff61'), 1);
  EXPECT_EQ(code_point_width(U'\u0300'), 0);
  EXPECT_EQ(code_point_width(U'\u036f'), 0);
  EXPECT_EQ(code_point_width(U'\u0370'), 1);
  EXPECT_EQ(code_point_width(U'\U000e0100'), 0);
  EXPECT_EQ(code_point_width(U'\U0003fffd'), 2);
  EXPECT_EQ(code_point_width(U'\U0010ffff'), 1);
}

// Our table must agree with the C library wherever glibc knows the character.
// Marks added after glibc 2.36's Unicode 14 (which the hand-written tables stopped at) come from
// libutf8proc: Kawi's and Nag Mundari's combining signs draw on the previous cell.
TEST(DisplayWidth, KnowsMarksNewerThanGlibc) {
  EXPECT_EQ(code_point_width(U'\U00011F00'), 0);  // KAWI SIGN CANDRABINDU (Unicode 15)
  EXPECT_EQ(code_point_width(U'\U0001E4EC'), 0);  // NAG MUNDARI SIGN MUHOR (Unicode 15)
  EXPECT_EQ(display_width("a\xf0\x91\xbc\x80"), 1u);
}

TEST(DisplayWidth, AgreesWithGlibcWcwidthForAssignedCharacters) {
  locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  if (utf8 == static_cast<locale_t>(0)) GTEST_SKIP() << "no C.UTF-8 locale to compare with";
  locale_t old = uselocale(utf8);
  int mismatches = 0;
  for (char32_t cp = 0x300; cp < 0x110000 && mismatches < 10; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const int libc = wcwidth(static_cast<wchar_t>(cp));
    if (libc < 0) continue;  // unassigned or not printable for glibc
    if (libc != code_point_width(cp)) {
      ADD_FAILURE() << "U+" << std::hex << static_cast<unsigned>(cp) << " glibc " << libc << " ours "
                    << code_point_width(cp);
      ++mismatches;
    }
  }
  uselocale(old);
  freelocale(utf8);
}

// --- elision ---

TEST(Elide, FitsTextUntouched) {
  EXPECT_EQ(elide_to_width("abcdef", 6, Elide::End, "\u2026"), "abcdef");
  EXPECT_EQ(elide_to_width("abcdef", 3, Elide::None, "+"), "abcdef");
}

TEST(Elide, CutsAtTheRequestedPlace) {
  EXPECT_EQ(elide_to_width("abcdefghij", 6, Elide::End, "\u2026"), "abcde\u2026");
  EXPECT_EQ(elide_to_width("abcdefghij", 6, Elide::Start, "\u2026"), "\u2026fghij");
  EXPECT_EQ(elide_to_width("abcdefghij", 6, Elide::Middle, "\u2026"), "ab\u2026hij");
  EXPECT_EQ(elide_to_width("abcdefghij", 6, Elide::End, "+"), "abcde+");
  EXPECT_EQ(elide_to_width("abcdefghij", 1, Elide::End, "+"), "+");
  EXPECT_EQ(elide_to_width("abcdefghij", 0, Elide::End, "+"), "");
}

TEST(Elide, NeverSplitsWideOrMultibyteCharacters) {
  // 中文字 is 6 columns; in 4 only one wide character and the ellipsis fit.
  const std::string s = "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97";
  const std::string out = elide_to_width(s, 4, Elide::End, "\u2026");
  EXPECT_EQ(out, "\xe4\xb8\xad\u2026");
  EXPECT_LE(display_width(out), 4u);
  EXPECT_EQ(elide_to_width(s, 4, Elide::Start, "\u2026"), "\u2026\xe5\xad\x97");
  // A combining mark stays with its base character.
  EXPECT_EQ(elide_to_width("e\xcc\x81" "abcdef", 3, Elide::End, "+"), "e\xcc\x81" "a+");
}

// --- JSON ---

TEST(JsonString, EscapesAndStaysValidUtf8) {
  EXPECT_EQ(json("plain"), "\"plain\"");
  EXPECT_EQ(json("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json("\x1b[0m\x7f"), "\"\\u001b[0m\\u007f\"");
  EXPECT_EQ(json("\xc2\x9b"), "\"\\u009b\"");      // C1 CSI
  EXPECT_EQ(json("\xe2\x80\xa8"), "\"\\u2028\"");
  EXPECT_EQ(json("caf\xc3\xa9"), "\"caf\xc3\xa9\"");  // valid text kept as is
  EXPECT_EQ(json("\xff" "a\xc0\xaf"), "\"\\ufffda\\ufffd\\ufffd\"");
}

TEST(JsonString, EveryByteValueParsesBack) {
  for (int b = 0; b < 256; ++b) {
    const std::string in = "x" + std::string(1, static_cast<char>(b)) + "y";
    const std::string out = json(in);
    nlohmann::json parsed;
    ASSERT_NO_THROW(parsed = nlohmann::json::parse(out)) << "byte " << b << ": " << out;
    if (b < 0x80) EXPECT_EQ(parsed.get<std::string>(), in) << "byte " << b;
    else EXPECT_EQ(parsed.get<std::string>(), "x\xef\xbf\xbdy") << "byte " << b;
  }
}

// --- CSV ---

TEST(CsvField, QuotesPerRfc4180) {
  EXPECT_EQ(csv("plain"), "plain");
  EXPECT_EQ(csv(""), "");
  EXPECT_EQ(csv("a,b"), "\"a,b\"");
  EXPECT_EQ(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(csv("tab\tinside"), "tab\tinside");
}

TEST(CsvField, NeutralizesFormulaStartsInTextOnly) {
  EXPECT_EQ(csv("=1+2"), "'=1+2");
  EXPECT_EQ(csv("+1"), "'+1");
  EXPECT_EQ(csv("-1"), "'-1");
  EXPECT_EQ(csv("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv("\tx"), "'\tx");
  EXPECT_EQ(csv("\rx"), "\"'\rx\"");
  EXPECT_EQ(csv("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(csv("a=1"), "a=1");
  EXPECT_EQ(csv("-5", false), "-5");           // numbers stay numbers
  EXPECT_EQ(csv("12,345", false), "\"12,345\"");
}

TEST(CsvField, ReplacesControlsAndInvalidBytes) {
  EXPECT_EQ(csv("a\x1b[31mb"), "a\xef\xbf\xbd[31mb");
  EXPECT_EQ(csv("\x7f"), "\xef\xbf\xbd");
  EXPECT_EQ(csv("\xc2\x9b" "x"), "\xef\xbf\xbd" "x");
  EXPECT_EQ(csv("\xff\xfe"), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(csv("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(csv("nul\0"s), "nul\xef\xbf\xbd");
  EXPECT_EQ(csv("\x1b,\""), "\"\xef\xbf\xbd,\"\"\"");
}

}  // namespace
}  // namespace sockscope
