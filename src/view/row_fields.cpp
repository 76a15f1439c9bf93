// Age and rates of a live row as query fields.
#include "view/row_fields.hpp"

#include <cmath>

#include "logic/query_ast.hpp"

namespace sockscope {

FieldValue RowFields::get(FieldId id, const Endpoint& e, std::string& scratch) const {
  switch (id) {
    case FieldId::Age: {
      if (row_.first_seen == std::chrono::system_clock::time_point{}) return {};
      const auto age = std::chrono::duration_cast<std::chrono::microseconds>(now_ - row_.first_seen);
      return static_cast<std::int64_t>(std::max<std::int64_t>(0, age.count()));
    }
    case FieldId::SendRate:
    case FieldId::RecvRate: {
      const auto& r = id == FieldId::SendRate ? row_.rates.send : row_.rates.receive;
      if (!r) return {};
      return static_cast<std::int64_t>(std::llround(*r));
    }
    default: return columns_.get(id, e, scratch);
  }
}

namespace {

bool reads(const QueryNode& n) {
  for (const auto& k : n.kids)
    if (reads(k)) return true;
  if (n.kind != QueryNode::Kind::Pred) return false;
  const auto* f = std::get_if<FieldPred>(&n.pred);
  return f && (f->field == FieldId::Age || f->field == FieldId::SendRate || f->field == FieldId::RecvRate);
}

}  // namespace

bool reads_row_fields(const Query& q) { return reads(q.root); }

}  // namespace sockscope
