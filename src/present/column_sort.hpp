// Sort keys of registry columns (logic/column_order's rules over the registry's cells), and list's row sort.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "logic/column_order.hpp"
#include "present/columns.hpp"

namespace sockscope {

// The key of one cell under order_rule(c.id). Text made on the fly is kept in `owned` (views into
// it stay valid while it lives); `scratch` is reused.
SortKey column_sort_key(const Column& c, const Endpoint& e, const ValueContext& ctx, std::string& scratch,
                        std::deque<std::string>& owned);

struct ColumnSort {
  const Column* column;
  bool descending = false;
};

// Orders `rows` (indices into ctx.snapshot.endpoints) by `sorts`, ties by the default endpoint order
// and then the index: the order the live view gives the same endpoints.
void sort_snapshot_rows(std::vector<std::size_t>& rows, std::span<const ColumnSort> sorts, const ValueContext& ctx);

}  // namespace sockscope
