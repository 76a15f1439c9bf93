// A large buffer in front of a FILE* or std::ostream, so presenters append text and write rarely.
#pragma once

#include <cstdio>
#include <iosfwd>
#include <string>

#include "model/error.hpp"

namespace sockscope {

class Output {
 public:
  explicit Output(std::FILE* file);
  explicit Output(std::ostream& stream);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Append here, then call row_done(); the buffer is written out once it is large.
  std::string& buffer() { return buf_; }
  void row_done() {
    if (buf_.size() >= kFlushAt) flush();
  }
  // Writes what is left and flushes the stream; the first write error, if any.
  Result<void> finish();

 private:
  static constexpr std::size_t kFlushAt = 256 * 1024;
  void flush();

  std::FILE* file_ = nullptr;
  std::ostream* stream_ = nullptr;
  std::string buf_;
  int error_ = 0;  // errno of the first failed write; -1 for a stream failure
};

}  // namespace sockscope
