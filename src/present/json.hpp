// The JSON presenter: one array of objects, or JSON Lines; streamed row by row.
#pragma once

#include <cstddef>
#include <cstdio>
#include <iosfwd>
#include <span>

#include "model/error.hpp"
#include "model/snapshot.hpp"
#include "present/columns.hpp"
#include "present/stop_token.hpp"

namespace sockscope {

class NameSource;
class LocalLookups;

enum class JsonStyle : std::uint8_t {
  Array,  // "[\n{...},\n{...}\n]\n"; "[]\n" when empty
  Lines,  // one object per line, "\n" after each
};

struct JsonOptions {
  JsonStyle style = JsonStyle::Array;
  LocalLookups* local = nullptr;  // null = a system one for this call
  const StopToken* stop = nullptr;  // the run's: writing ends on a whole row once it is requested
};

// Keys are column ids in column order; numbers are JSON numbers, absent values null, pids an
// array of numbers, process_start an ISO 8601 string. Strings are valid UTF-8 whatever the input
// (invalid bytes become U+FFFD; see append_json_string).
Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::FILE* out);
Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::ostream& out);

}  // namespace sockscope
