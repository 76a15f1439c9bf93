// JSON presenter: objects written as they are produced, straight into the output buffer.
#include "present/json.hpp"

#include <optional>
#include <string>
#include <vector>

#include "present/local_lookups.hpp"
#include "present/output.hpp"
#include "present/sanitize.hpp"

namespace sockscope {

namespace {

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

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

  if (array) out.put('[');
  bool first = true;
  std::string scratch;
  for (std::size_t r : rows) {
    if (r >= snap.endpoints.size()) continue;
    const Endpoint& e = snap.endpoints[r];
    if (array) out.put(first ? "\n" : ",\n");
    first = false;
    if (columns.empty()) out.put('{');
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const Column& col = *columns[c];
      const Value v = col.get(e, ctx, scratch);
      if (const auto* s = std::get_if<std::string_view>(&v)) {
        char* p = out.reserve(keys[c].size() + json_string_bound(s->size()));
        p = put(p, keys[c]);
        if (col.kind == ValueKind::IntegerList) {
          *p++ = '[';  // "12,345" is digits and commas: the array's body as it stands
          p = put(p, *s);
          *p++ = ']';
        } else {
          p = write_json_string(p, *s);
        }
        out.commit(p);
      } else if (col.kind == ValueKind::Timestamp && std::holds_alternative<std::int64_t>(v)) {
        const TimeText time = local->local_time(std::get<std::int64_t>(v));
        const std::string_view t = time;
        char* p = put(out.reserve(keys[c].size() + t.size() + 2), keys[c]);
        *p++ = '"';  // ISO 8601 text is plain ASCII
        p = put(p, t);
        *p++ = '"';
        out.commit(p);
      } else {
        char* p = put(out.reserve(keys[c].size() + kMaxNumberText), keys[c]);
        p = std::holds_alternative<std::monostate>(v) ? put(p, "null") : write_number(p, v);
        out.commit(p);
      }
    }
    out.put(array ? "}" : "}\n");
    out.row_done();
  }
  if (array) out.put(first ? "]\n" : "\n]\n");
  return out.finish();
}

}  // namespace

Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::FILE* out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

Result<void> write_json(const Snapshot& snap, std::span<const std::size_t> rows,
                        std::span<const Column* const> columns, const NameSource* names,
                        const JsonOptions& options, std::ostream& out) {
  Output o(out, options.stop);
  return render(snap, rows, columns, names, options, o);
}

}  // namespace sockscope
