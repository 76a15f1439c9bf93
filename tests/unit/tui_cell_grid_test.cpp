// The cell grid: display-width aware writes, clipping, wide and combining characters, text and attribute dumps.
#include "tui/cell_grid.hpp"

#include <gtest/gtest.h>

namespace sockscope::tui {
namespace {

TEST(CellGrid, PutWritesByColumnAndClips) {
  Grid g(10, 2);
  EXPECT_EQ(g.put(2, 0, "hello", Attr{Role::New}), 5);
  EXPECT_EQ(g.put(7, 0, "world", Attr{}), 3);  // the right edge cuts
  EXPECT_EQ(g.put(0, 1, "abcdef", Attr{}, 3), 3);
  EXPECT_EQ(g.put(-1, 0, "x", Attr{}), 0);
  EXPECT_EQ(g.put(0, 2, "x", Attr{}), 0);
  EXPECT_EQ(g.text(), "  hellowor\nabc");
  EXPECT_EQ(g.attr_map(), "..ggggg\n");
}

TEST(CellGrid, WideCharactersTakeTwoColumnsAndNeverHalf) {
  Grid g(5, 1);
  EXPECT_EQ(g.put(0, 0, "日本語", Attr{}), 4);  // the third does not fit in the last column
  EXPECT_EQ(g.text(), "日本");
  EXPECT_EQ(g.at(1, 0).text, "");
  EXPECT_EQ(g.at(4, 0).text, " ");
}

TEST(CellGrid, CombiningMarksStayOnTheirCharacter) {
  Grid g(4, 1);
  EXPECT_EQ(g.put(0, 0, "e\u0301x", Attr{}), 2);
  EXPECT_EQ(g.at(0, 0).text, "e\u0301");
  EXPECT_EQ(g.text(), "e\u0301x");
}

TEST(CellGrid, AttributeMapShowsRolesAndReversal) {
  Grid g(6, 3);
  g.fill(0, 0, 6, Attr{Role::Header, true, false});
  g.fill(1, 0, 6, Attr{Role::Closed, false, true});
  g.paint(2, 1, 3, Attr{Role::Changed});
  g.fill(2, 4, 5, Attr{Role::Normal, false, true});
  EXPECT_EQ(g.attr_map(), "hhhhhh\nRRRRRR\n.yy.#");
  EXPECT_EQ(role_char(Role::Status), 's');
}

TEST(CellGrid, InvalidBytesNeverReachTheGrid) {
  Grid g(4, 1);
  g.put(0, 0, std::string_view("a\xff" "b", 3), Attr{});
  EXPECT_EQ(g.text(), "a?b");
}

}  // namespace
}  // namespace sockscope::tui
