// StopOnSignals: a signal stops the run in progress only; the next run starts unstopped.
#include "cli/stop_on_signals.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

#include "present/output.hpp"

namespace sockscope::cli {
namespace {

Result<void> write_two_rows(const StopToken& token, bool signal_between) {
  std::ostringstream sink;
  Output out(sink, &token);
  out.put("a\n");
  out.row_done();
  if (signal_between) raise(SIGTERM);
  out.put("b\n");
  out.row_done();
  return out.finish();
}

TEST(StopOnSignals, ASignalStopsTheCurrentRunAndTheNextRunCompletes) {
  StopToken first;
  {
    StopOnSignals route(first);
    auto written = write_two_rows(first, true);
    ASSERT_FALSE(written) << "SIGTERM did not stop the run";
    EXPECT_EQ(written.error().code, EINTR);
    EXPECT_EQ(first.signal(), SIGTERM);
  }
  StopToken second;
  {
    StopOnSignals route(second);
    EXPECT_TRUE(write_two_rows(second, false)) << "the second run was stopped by the first one's signal";
    raise(SIGINT);
    EXPECT_EQ(second.signal(), SIGINT);
    EXPECT_EQ(first.signal(), SIGTERM) << "the finished run's token was touched";
    second.reset();
    EXPECT_TRUE(write_two_rows(second, false)) << "a reset token still stops";
  }
}

TEST(StopOnSignals, TheRunDiesOfTheSignalThatStoppedIt) {
  EXPECT_EXIT(
      {
        StopToken token;
        StopOnSignals route(token);
        raise(SIGTERM);
        route.die_if_signalled();
        std::exit(0);
      },
      testing::KilledBySignal(SIGTERM), "");
}

}  // namespace
}  // namespace sockscope::cli
