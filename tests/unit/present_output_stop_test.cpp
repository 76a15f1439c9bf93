// Output::request_stop (called from SIGINT/SIGTERM handlers): writing stops on a row boundary.
#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <string>

#include "present/output.hpp"

namespace sockscope {
namespace {

// One test only: the stop request is process-wide and cannot be taken back.
TEST(OutputStop, EndsOnTheRowInProgressAndDropsTheRest) {
  std::ostringstream sink;
  Output out(sink);
  for (int i = 0; i < 3; ++i) {
    out.put("row,");
    out.put(std::to_string(i));
    out.put("\r\n");
    out.row_done();
  }
  out.put("half");
  Output::request_stop();  // arrives in the middle of a row
  out.put(",done\r\n");
  out.row_done();          // the row is finished, then nothing more
  out.put("row,4\r\n");
  out.row_done();
  out.put("]\n");
  auto finished = out.finish();
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().code, EINTR);
  EXPECT_EQ(sink.str(), "row,0\r\nrow,1\r\nrow,2\r\nhalf,done\r\n");
}

}  // namespace
}  // namespace sockscope
