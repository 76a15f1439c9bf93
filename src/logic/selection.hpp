// Keeping the selected row on the same endpoint when the rows under it change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace sockscope {

// The new position of the selection: where the row with `selected_id` is now; if it has gone,
// the position it had (`old_position`), clamped to the rows there are. nullopt when no rows.
std::optional<std::size_t> track_selection(std::span<const std::uint64_t> row_ids,
                                           std::optional<std::uint64_t> selected_id,
                                           std::size_t old_position);

}  // namespace sockscope
