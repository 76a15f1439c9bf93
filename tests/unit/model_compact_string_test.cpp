// Tests for CompactString: std::string's reads and comparisons at the size of a pointer.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <tuple>

#include "model/compact_string.hpp"

namespace sockscope {
namespace {

TEST(CompactString, EmptyIsOnePointerAndNoBytes) {
  EXPECT_EQ(sizeof(CompactString), sizeof(void*));
  const CompactString s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s, "");
  EXPECT_STREQ(s.c_str(), "");
  EXPECT_EQ(s.begin(), s.end());
}

TEST(CompactString, HoldsAnyBytes) {
  CompactString s;
  s.assign(1, '@');
  s.append("x\0y\n\xff", 5);
  EXPECT_EQ(s.size(), 6u);
  EXPECT_EQ(s, std::string("@x\0y\n\xff", 6));
  EXPECT_EQ(s[2], '\0');
  s = "/run/app.sock";
  EXPECT_EQ(s, "/run/app.sock");
  EXPECT_EQ(s.c_str()[s.size()], '\0');
  s.assign("");  // empty again: no block
  EXPECT_TRUE(s.empty());
  s += "ab";
  s += 'c';
  s.push_back('d');
  EXPECT_EQ(s.str(), "abcd");
}

TEST(CompactString, ConvertsAndConcatenatesLikeAString) {
  CompactString s("/tmp/x");
  const std::string_view v = s;
  EXPECT_EQ(v, "/tmp/x");
  const std::string copy = s;
  EXPECT_EQ(copy, "/tmp/x");
  std::string out = "unix:";
  out.append(s);
  out += s;
  EXPECT_EQ(out, "unix:/tmp/x/tmp/x");
  EXPECT_EQ("[" + s + "]", "[/tmp/x]");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "/tmp/x");
}

TEST(CompactString, OrdersBytewiseLikeStdString) {
  const std::string words[] = {"", "@", "@a", "/a", "/a/b", "/b", std::string("\xff"), std::string("a\0b", 3)};
  for (const auto& a : words) {
    for (const auto& b : words) {
      const CompactString ca(a), cb(b);
      EXPECT_EQ(ca < cb, a < b) << a << " vs " << b;
      EXPECT_EQ(ca == cb, a == b);
      EXPECT_EQ(std::tie(ca) < std::tie(cb), a < b);
      EXPECT_EQ((ca <=> std::string_view(b)) < 0, a < b);
    }
  }
}

TEST(CompactString, CopiesAndMovesOwnTheirBytes) {
  CompactString a("first");
  CompactString b = a;
  b = "second";
  EXPECT_EQ(a, "first");
  CompactString c = std::move(b);
  EXPECT_EQ(c, "second");
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  a = c;
  EXPECT_EQ(a, "second");
  a = a;
  EXPECT_EQ(a, "second");
  c = CompactString();
  EXPECT_TRUE(c.empty());
}

}  // namespace
}  // namespace sockscope
