// The filter language over history rows: a row as an Endpoint plus a FieldSource for its owner, and the part SQL can do.
#pragma once

#include "logic/query_ast.hpp"
#include "logic/query_fields.hpp"
#include "model/endpoint.hpp"
#include "store/history_db.hpp"
#include "store/stored_connection.hpp"

namespace sockscope {

// What the evaluator sees of a stored row: addresses, ports, state and counters.
Endpoint history_endpoint(const StoredConnection& row);

// Answers owner fields (pid, process, exe, cmdline, user, unit, container, netns) from the row,
// the rest as EndpointFields does.
class HistoryFields final : public FieldSource {
 public:
  explicit HistoryFields(const StoredConnection& row) : row_(row) {}
  FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const override;

 private:
  const StoredConnection& row_;
  EndpointFields endpoint_;
};

// Narrows `q` with what the indexes can do: a `dst ADDR` / `src ADDR` of one whole address that
// every match must have (a conjunct of the root). The query is still evaluated on every row.
void push_down(const QueryNode& root, HistoryQuery& q);

}  // namespace sockscope
