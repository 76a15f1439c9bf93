// Which live rows the view shows and in what order: protocol and state toggles, quick filter, sort column.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "view/model_state.hpp"

namespace sockscope::view {

// Whether the filter text is a query expression (it parses as one) rather than a quick find.
bool filter_is_expression(std::string_view typed);

// Indices into s.table.rows that pass the shown protocols, states and quick filter, sorted by
// s.sort_column (ties: the default endpoint order, then row id, so the order holds across refreshes).
std::vector<std::size_t> ordered_rows(const ModelState& s, const CellContext& ctx);

// When the quick filter went from `previous` to s.filter by narrowing (the new text contains the
// old), the rows of s.order that still match, in their order: what ordered_rows would give, without
// a sort (the order is total, so a subset keeps it). nullopt when the filter did not narrow.
std::optional<std::vector<std::size_t>> narrowed_rows(const ModelState& s, const CellContext& ctx,
                                                      std::string_view previous);

// Whether a row passes the protocol and state toggles (the quick filter aside).
bool shown_by_toggles(const ViewSettings& settings, const Endpoint& e);

}  // namespace sockscope::view
