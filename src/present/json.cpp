// JSON presenter: objects written as they are produced, keys pre-encoded once per call.
#include "present/json.hpp"

#include <optional>
#include <string>
#include <vector>

#include "present/local_lookups.hpp"
#include "present/output.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

Result<void> render(const Snapshot& snap, std::span<const std::size_t> rows,
                    std::span<const Column* const> columns, const NameSource* names,
                    const JsonOptions& options, Output& out) {
  std::optional<LocalLookups> own_local;
  LocalLookups* local = options.local;
  if (!local) local = &own_local.emplace();
  const ValueContext ctx{snap, names, local};
  const bool array = options.style == JsonStyle::Array;

  // "{\"proto\":" for the first column, ",\"state\":" for the others.
  std::vector<std::string> keys;
  keys.reserve(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::string k = c == 0 ? "{" : ",";
    append_json_string(k, columns[c]->key);
    k += ':';
    keys.push_back(std::move(k));
  }

  std::string& buf = out.buffer();
  if (array) buf += '[';
  bool first = true;
  std::string scratch;
  for (std::size_t r : rows) {
    if (r >= snap.endpoints.size()) continue;
    const Endpoint& e = snap.endpoints[r];
    if (array) buf += first ? "\n" : ",\n";
    first = false;
    if (columns.empty()) buf += '{';
    for (std::size_t c = 0; c < columns.size(); ++c) {
      buf += keys[c];
      const Column& col = *columns[c];
      const Value v = col.get(e, ctx, scratch);
      if (std::holds_alternative<std::monostate>(v)) {
        buf += "null";
      } else if (const auto* s = std::get_if<std::string_view>(&v)) {
        if (col.kind == ValueKind::IntegerList) {
          buf += '[';  // "12,345" is digits and commas: the array's body as it stands
          buf += *s;
          buf += ']';
        } else {
          append_json_string(buf, *s);
        }
      } else if (col.kind == ValueKind::Timestamp) {
        buf += '"';  // ISO 8601 text is plain ASCII
        append_plain_text(buf, col, v, local, FloatStyle::Shortest);
        buf += '"';
      } else {
        append_plain_text(buf, col, v, local, FloatStyle::Shortest);
      }
    }
    buf += '}';
    if (!array) buf += '\n';
    out.row_done();
  }
  if (array) buf += first ? "]\n" : "\n]\n";
  return out.finish();
}

}  // namespace

Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::FILE* out) {
  Output o(out);
  return render(snap, rows, columns, names, options, o);
}

Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::ostream& out) {
  Output o(out);
  return render(snap, rows, columns, names, options, o);
}

}  // namespace sockscope
