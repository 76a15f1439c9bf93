// terminal_policy: the one colour rule and the one UTF-8 rule of list and watch.
#include "cli/terminal_policy.hpp"

#include <gtest/gtest.h>

namespace sockscope::cli {
namespace {

TerminalEnv env_with(std::string no_color = "", std::string term = "xterm") {
  TerminalEnv e;
  e.no_color = std::move(no_color);
  e.term = std::move(term);
  return e;
}

TEST(ColorPolicy, ParsesTheThreeModesOnly) {
  EXPECT_EQ(parse_color_mode("auto"), ColorMode::Auto);
  EXPECT_EQ(parse_color_mode("always"), ColorMode::Always);
  EXPECT_EQ(parse_color_mode("never"), ColorMode::Never);
  EXPECT_EQ(parse_color_mode("Always"), std::nullopt);
  EXPECT_EQ(parse_color_mode(""), std::nullopt);
}

TEST(ColorPolicy, AutoColoursOnlyATerminalThatCan) {
  EXPECT_TRUE(use_color(ColorMode::Auto, true, true, env_with()));
  EXPECT_FALSE(use_color(ColorMode::Auto, false, true, env_with())) << "a pipe";
  EXPECT_FALSE(use_color(ColorMode::Auto, true, false, env_with())) << "a screen without colours";
}

TEST(ColorPolicy, AutoHonoursNoColorAndDumbTerminals) {
  EXPECT_FALSE(use_color(ColorMode::Auto, true, true, env_with("1")));
  EXPECT_FALSE(use_color(ColorMode::Auto, true, true, env_with("0"))) << "any non-empty value";
  EXPECT_TRUE(use_color(ColorMode::Auto, true, true, env_with(""))) << "empty NO_COLOR is unset";
  EXPECT_FALSE(use_color(ColorMode::Auto, true, true, env_with("", "dumb")));
}

TEST(ColorPolicy, AlwaysOverridesTerminalAndNoColorButNotAMissingCapability) {
  EXPECT_TRUE(use_color(ColorMode::Always, false, true, env_with("1", "dumb")));
  EXPECT_FALSE(use_color(ColorMode::Always, true, false, env_with()));
}

TEST(ColorPolicy, NeverIsNever) {
  EXPECT_FALSE(use_color(ColorMode::Never, true, true, env_with()));
}

TerminalEnv locale(std::string lc_all, std::string lc_ctype, std::string lang) {
  TerminalEnv e;
  e.lc_all = std::move(lc_all);
  e.lc_ctype = std::move(lc_ctype);
  e.lang = std::move(lang);
  return e;
}

TEST(LocalePolicy, ReadsTheCodesetOfTheFirstVariableSet) {
  EXPECT_TRUE(locale_is_utf8(locale("", "", "en_US.UTF-8")));
  EXPECT_TRUE(locale_is_utf8(locale("", "", "C.utf8")));
  EXPECT_TRUE(locale_is_utf8(locale("", "de_DE.UTF-8@euro", "")));
  EXPECT_FALSE(locale_is_utf8(locale("C", "", "en_US.UTF-8"))) << "LC_ALL wins over LANG";
  EXPECT_TRUE(locale_is_utf8(locale("", "C.UTF-8", "POSIX"))) << "LC_CTYPE wins over LANG";
  EXPECT_FALSE(locale_is_utf8(locale("", "", "en_US.ISO-8859-1")));
  EXPECT_FALSE(locale_is_utf8(locale("", "", "")));
  EXPECT_FALSE(locale_is_utf8(locale("", "", "utf8_lover"))) << "a codeset follows the dot";
}

}  // namespace
}  // namespace sockscope::cli
