// Errors as values at layer boundaries.
#pragma once

#include <expected>
#include <string>

namespace sockscope {

struct Error {
  int code = 0;          // errno where one applies, else 0
  std::string message;   // one line, names the failing part
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(std::string message, int code = 0) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace sockscope
