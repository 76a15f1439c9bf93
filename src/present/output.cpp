// Buffered writing to a FILE* or std::ostream with the first error kept for the caller.
#include "present/output.hpp"

#include <cerrno>
#include <ostream>
#include <string>

namespace sockscope {

namespace {
constexpr std::size_t kInitialCapacity = 512 * 1024;
}

Output::Output(std::FILE* file, const StopToken* stop)
    : stop_(stop), file_(file), data_(new char[kInitialCapacity]), cap_(kInitialCapacity) {}
Output::Output(std::ostream& stream, const StopToken* stop)
    : stop_(stop), stream_(&stream), data_(new char[kInitialCapacity]), cap_(kInitialCapacity) {}

void Output::make_room(std::size_t n) {
  flush();
  if (n <= cap_) return;
  // A single huge cell (a megabyte command line): grow rather than split it.
  std::size_t cap = cap_;
  while (cap < n) cap *= 2;
  data_.reset(new char[cap]);
  cap_ = cap;
}

void Output::flush() {
  if (len_ == 0) return;
  if (error_ == 0) {
    errno = 0;
    if (file_) {
      if (std::fwrite(data_.get(), 1, len_, file_) != len_) error_ = errno ? errno : EIO;
    } else if (!stream_->write(data_.get(), static_cast<std::streamsize>(len_))) {
      error_ = -1;
    }
  }
  len_ = 0;  // after an error the rest is dropped: the caller reports it once
}

void Output::stop() {
  flush();
  if (error_ != 0) return;
  // Out of stdio's buffer too: the caller may die of the signal next, and stdio flushes nothing then.
  if (file_) std::fflush(file_);
  if (stream_) stream_->flush();
  error_ = EINTR;
}

Result<void> Output::finish() {
  flush();
  if (error_ == 0) {
    errno = 0;
    if (file_ && std::fflush(file_) != 0) error_ = errno ? errno : EIO;
    if (stream_ && !stream_->flush()) error_ = -1;
  }
  if (error_ == -1) return fail("writing the output failed");
  if (error_ != 0) return fail(std::string("writing the output failed: ") + std::strerror(error_), error_);
  return {};
}

}  // namespace sockscope
