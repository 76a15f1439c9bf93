// Buffered writing to a FILE* or std::ostream with the first error kept for the caller.
#include "present/output.hpp"

#include <cerrno>
#include <cstring>
#include <ostream>

namespace sockscope {

Output::Output(std::FILE* file) : file_(file) { buf_.reserve(kFlushAt + 64 * 1024); }
Output::Output(std::ostream& stream) : stream_(&stream) { buf_.reserve(kFlushAt + 64 * 1024); }

void Output::flush() {
  if (buf_.empty()) return;
  if (error_ == 0) {
    errno = 0;
    if (file_) {
      if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) error_ = errno ? errno : EIO;
    } else if (!stream_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()))) {
      error_ = -1;
    }
  }
  buf_.clear();  // after an error the rest is dropped: the caller reports it once
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
