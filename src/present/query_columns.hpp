// Query fields answered through the column registry: owners, names, services and users, which the
// logic layer's EndpointFields cannot see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logic/query_ast.hpp"
#include "logic/query_fields.hpp"
#include "present/columns.hpp"

namespace sockscope {

// The column a query field reads, when one shows it (nullopt for the Endpoint-only fields and for
// those no column shows here: age, send_rate, recv_rate, which only the live view knows).
std::optional<ColumnId> column_of(FieldId id);

// Endpoint-only fields from the endpoint; the rest from their column's getter (as the table shows
// them: the first owner's pid, process, exe...). Fields without a column are absent.
class ColumnFields : public FieldSource {
 public:
  explicit ColumnFields(const ValueContext& ctx) : ctx_(ctx) {}
  FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const override;

 private:
  ValueContext ctx_;
  EndpointFields endpoint_;
};

}  // namespace sockscope

namespace sockscope {

// The columns whose values a query reads (its fields' columns, by id or by key), so a command
// collects what the filter needs (owners, tcp_info, process details) even when not shown.
std::vector<const Column*> columns_read_by(const Query& q);

}  // namespace sockscope
