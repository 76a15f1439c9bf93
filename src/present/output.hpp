// A large buffer in front of a FILE* or std::ostream: presenters write straight into it, rarely to the OS.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string_view>

#include "model/error.hpp"
#include "present/stop_token.hpp"

namespace sockscope {

class Output {
 public:
  // `stop`, when given, ends the writing at the next row boundary once requested (see row_done).
  explicit Output(std::FILE* file, const StopToken* stop = nullptr);
  explicit Output(std::ostream& stream, const StopToken* stop = nullptr);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // Room for at least n bytes at the returned pointer; say how far you wrote with commit().
  char* reserve(std::size_t n) {
    if (cap_ - len_ < n) make_room(n);
    return data_.get() + len_;
  }
  void commit(char* end) { len_ = static_cast<std::size_t>(end - data_.get()); }

  void put(std::string_view s) {
    char* p = reserve(s.size());
    std::memcpy(p, s.data(), s.size());
    len_ += s.size();
  }
  void put(char c) {
    *reserve(1) = c;
    ++len_;
  }

  // Writes the buffer out once it is large; call between rows.
  void row_done() {
    if (stop_ && stop_->requested()) [[unlikely]] {
      stop();
      return;
    }
    if (len_ >= kFlushAt) flush();
  }

  // Writes what is left and flushes the stream; the first write error, if any.
  Result<void> finish();

 private:
  static constexpr std::size_t kFlushAt = 256 * 1024;
  void make_room(std::size_t n);
  void flush();
  void stop();

  // Once it is requested, what was written ends on a whole record and finish() fails with EINTR.
  const StopToken* stop_ = nullptr;
  std::FILE* file_ = nullptr;
  std::ostream* stream_ = nullptr;
  std::unique_ptr<char[]> data_;
  std::size_t len_ = 0;
  std::size_t cap_ = 0;
  int error_ = 0;  // errno of the first failed write; -1 for a stream failure
};

}  // namespace sockscope
