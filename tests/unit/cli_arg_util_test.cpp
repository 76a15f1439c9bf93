// split_list: the one splitter behind -p/-s/-o/--sort/--state of list, close and watch.
#include "cli/arg_util.hpp"

#include <gtest/gtest.h>

namespace sockscope::cli {
namespace {

using List = std::vector<std::string>;

TEST(SplitList, CommasAndRepeatsMakeOneListInOrder) {
  EXPECT_EQ(split_list({"tcp,udp", "unix"}), (List{"tcp", "udp", "unix"}));
  EXPECT_EQ(split_list({"tcp"}), (List{"tcp"}));
  EXPECT_EQ(split_list({}), List{});
}

TEST(SplitList, EmptyItemsAreDropped) {
  EXPECT_EQ(split_list({",tcp,,udp,"}), (List{"tcp", "udp"}));
  EXPECT_EQ(split_list({"", ","}), List{});
}

TEST(SplitList, ItemsAreKeptAsTypedApartFromCommas) {
  EXPECT_EQ(split_list({" tcp ,UDP:desc"}), (List{" tcp ", "UDP:desc"}));
}

}  // namespace
}  // namespace sockscope::cli
