// The text table: cells measured first, flexible columns shortened to fit the width, then printed.
#pragma once

#include <cstddef>
#include <cstdio>
#include <iosfwd>
#include <limits>
#include <span>
#include <vector>

#include "model/error.hpp"
#include "model/snapshot.hpp"
#include "present/columns.hpp"
#include "present/stop_token.hpp"

namespace sockscope {

class NameSource;
class LocalLookups;

inline constexpr std::size_t kUnlimitedWidth = std::numeric_limits<std::size_t>::max();
inline constexpr std::size_t kColumnGap = 1;          // spaces between columns
inline constexpr std::size_t kMinFlexibleWidth = 6;   // a shortened column keeps at least this (or its title)

struct TableOptions {
  std::size_t width = 80;         // display columns to fit; kUnlimitedWidth for --wide
  bool utf8 = true;               // shortened cells end in "…"; "+" when UTF-8 may not display
  bool color = false;             // ANSI SGR: bold header, coloured states; the caller decides
  bool header = true;
  LocalLookups* local = nullptr;  // null = a system one for this call
  const StopToken* stop = nullptr;  // the run's: writing ends on a whole row once it is requested
};

// Widths per column given each column's natural (widest cell or title) width: while the row is
// wider than `width`, the widest shortenable column (Elide != None) loses one column, down to
// max(title width, kMinFlexibleWidth). Columns are never dropped, so the result can stay wider
// than `width` when fixed columns alone exceed it.
std::vector<std::size_t> fit_widths(std::span<const Column* const> columns,
                                    std::span<const std::size_t> natural, std::size_t width);

// Rows are indices into snap.endpoints, printed in that order (out-of-range indices are skipped).
Result<void> write_table(const Snapshot& snap, std::span<const std::size_t> rows,
                         std::span<const Column* const> columns, const NameSource* names,
                         const TableOptions& options, std::FILE* out);
Result<void> write_table(const Snapshot& snap, std::span<const std::size_t> rows,
                         std::span<const Column* const> columns, const NameSource* names,
                         const TableOptions& options, std::ostream& out);

}  // namespace sockscope
