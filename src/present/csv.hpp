// The CSV presenter: RFC 4180 with CRLF line ends, a header row of column ids, safe text fields.
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

struct CsvOptions {
  bool header = true;
  LocalLookups* local = nullptr;  // null = a system one for this call
  const StopToken* stop = nullptr;  // the run's: writing ends on a whole row once it is requested
};

// One record per row (indices into snap.endpoints; out-of-range ones skipped), "\r\n" after each.
// Absent values are empty fields; floats are shortest round-trip; pids is "12,345" (quoted);
// process_start is ISO 8601 text. Text fields go through append_csv_field (see sanitize.hpp).
Result<void> write_csv(const Snapshot& snap, std::span<const std::size_t> rows,
                       std::span<const Column* const> columns, const NameSource* names,
                       const CsvOptions& options, std::FILE* out);
Result<void> write_csv(const Snapshot& snap, std::span<const std::size_t> rows,
                       std::span<const Column* const> columns, const NameSource* names,
                       const CsvOptions& options, std::ostream& out);

}  // namespace sockscope
