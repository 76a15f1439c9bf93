// Output with a StopToken (requested from SIGINT/SIGTERM handlers): writing stops on a row boundary, per run.
#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <string>

#include "present/output.hpp"

namespace sockscope {
namespace {

// Three rows, then a stop (if any) in the middle of the fourth; the text written and how it ended.
std::pair<std::string, Result<void>> write_rows(const StopToken* token, StopToken* stop_midway) {
  std::ostringstream sink;
  Output out(sink, token);
  for (int i = 0; i < 3; ++i) {
    out.put("row,");
    out.put(std::to_string(i));
    out.put("\r\n");
    out.row_done();
  }
  out.put("half");
  if (stop_midway) stop_midway->request();  // arrives in the middle of a row
  out.put(",done\r\n");
  out.row_done();  // the row is finished, then nothing more
  out.put("row,4\r\n");
  out.row_done();
  out.put("]\n");
  auto finished = out.finish();
  return {sink.str(), finished};
}

TEST(OutputStop, EndsOnTheRowInProgressAndDropsTheRest) {
  StopToken token;
  auto [text, finished] = write_rows(&token, &token);
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().code, EINTR);
  EXPECT_EQ(text, "row,0\r\nrow,1\r\nrow,2\r\nhalf,done\r\n");
}

// An exporter serves many requests in one process: stopping one must not stop the others or the next.
TEST(OutputStop, TwoRunsInOneProcessBothCompleteAfterOneWasStopped) {
  const std::string whole = "row,0\r\nrow,1\r\nrow,2\r\nhalf,done\r\nrow,4\r\n]\n";
  StopToken first, second;
  auto [stopped_text, stopped] = write_rows(&first, &first);
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().code, EINTR);

  // Another run, while the first one's token is still set, is not stopped by it.
  auto [other_text, other] = write_rows(&second, nullptr);
  EXPECT_TRUE(other);
  EXPECT_EQ(other_text, whole);

  // The stopped run's token, reset, serves a run to its end.
  first.reset();
  auto [again_text, again] = write_rows(&first, nullptr);
  EXPECT_TRUE(again);
  EXPECT_EQ(again_text, whole);
}

TEST(OutputStop, WithoutATokenNothingStopsIt) {
  auto [text, finished] = write_rows(nullptr, nullptr);
  EXPECT_TRUE(finished);
  EXPECT_EQ(text, "row,0\r\nrow,1\r\nrow,2\r\nhalf,done\r\nrow,4\r\n]\n");
}

}  // namespace
}  // namespace sockscope
