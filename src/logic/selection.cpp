// Selection tracking by row id.
#include "logic/selection.hpp"

#include <algorithm>

namespace sockscope {

std::optional<std::size_t> track_selection(std::span<const std::uint64_t> row_ids,
                                           std::optional<std::uint64_t> selected_id,
                                           std::size_t old_position) {
  if (row_ids.empty()) return std::nullopt;
  if (selected_id) {
    auto it = std::find(row_ids.begin(), row_ids.end(), *selected_id);
    if (it != row_ids.end()) return static_cast<std::size_t>(it - row_ids.begin());
  }
  return std::min(old_position, row_ids.size() - 1);
}

}  // namespace sockscope
