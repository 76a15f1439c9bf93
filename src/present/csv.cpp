// CSV presenter: header of ids, then one RFC 4180 record per endpoint.
#include "present/csv.hpp"

#include <optional>

#include "present/local_lookups.hpp"
#include "present/output.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

Result<void> render(const Snapshot& snap, std::span<const std::size_t> rows,
                    std::span<const Column* const> columns, const NameSource* names,
                    const CsvOptions& options, Output& out) {
  std::optional<LocalLookups> own_local;
  LocalLookups* local = options.local;
  if (!local) local = &own_local.emplace();
  const ValueContext ctx{snap, names, local};
  if (options.header) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out.put(',');
      out.put(columns[c]->key);
    }
    out.put("\r\n");
  }
  std::string scratch;
  for (std::size_t r : rows) {
    if (r >= snap.endpoints.size()) continue;
    const Endpoint& e = snap.endpoints[r];
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) out.put(',');
      const Column& col = *columns[c];
      const Value v = col.get(e, ctx, scratch);
      if (const auto* s = std::get_if<std::string_view>(&v)) {
        out.commit(write_csv_field(out.reserve(csv_field_bound(s->size())), *s, col.kind == ValueKind::Text));
      } else if (col.kind == ValueKind::Timestamp && std::holds_alternative<std::int64_t>(v)) {
        out.put(local->local_time(std::get<std::int64_t>(v)));  // ISO 8601: nothing to quote
      } else {
        out.commit(write_number(out.reserve(kMaxNumberText), v));  // nothing for absent values
      }
    }
    out.put("\r\n");
    out.row_done();
  }
  return out.finish();
}

}  // namespace

Result<void> write_csv(const Snapshot& snap, std::span<const std::size_t> rows,
                       std::span<const Column* const> columns, const NameSource* names,
                       const CsvOptions& options, std::FILE* out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

Result<void> write_csv(const Snapshot& snap, std::span<const std::size_t> rows,
                       std::span<const Column* const> columns, const NameSource* names,
                       const CsvOptions& options, std::ostream& out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

}  // namespace sockscope
