// The query fields of one live row: the endpoint's own (through the column registry, as the table
// shows them), and what only a row followed over time knows: its age since first seen and its send
// and receive rates. The live view, the window and `list`'s sampled filters evaluate with it.
#pragma once

#include <chrono>

#include "logic/endpoint_diff.hpp"
#include "logic/query_fields.hpp"
#include "present/query_columns.hpp"

namespace sockscope {

class RowFields final : public FieldSource {
 public:
  // `now`: the time ages count to (the latest snapshot's taken_at).
  RowFields(const LiveRow& row, std::chrono::system_clock::time_point now, const ValueContext& ctx)
      : row_(row), now_(now), columns_(ctx) {}
  FieldValue get(FieldId id, const Endpoint& e, std::string& scratch) const override;

 private:
  const LiveRow& row_;
  std::chrono::system_clock::time_point now_;
  ColumnFields columns_;
};

// Whether a query reads a field only rows over time have (age, send_rate, recv_rate).
bool reads_row_fields(const Query& q);

}  // namespace sockscope
