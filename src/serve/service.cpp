// Routing and the endpoint list as JSON, with list's filter language, column names and sort keys.
#include "serve/service.hpp"

#include <charconv>
#include <ctime>
#include <sstream>
#include <vector>

#include "history/history_query.hpp"

#include "logic/column_order.hpp"
#include "logic/query_eval.hpp"
#include "present/column_sort.hpp"
#include "present/columns.hpp"
#include "present/json.hpp"
#include "present/local_lookups.hpp"
#include "present/query_columns.hpp"
#include "present/sanitize.hpp"
#include "store/history_time.hpp"

namespace sockscope::serve {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size() && !s.empty()) {
    std::size_t comma = s.find(',', pos);
    if (comma == std::string_view::npos) comma = s.size();
    if (comma > pos) out.emplace_back(s.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

Response text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = terminal_safe(body) + "\n";
  return r;
}

// The API's errors as JSON: {"error":"one line"}.
Response json_error(int status, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = "{\"error\":";
  append_json_string(r.body, message);
  r.body += "}\n";
  return r;
}

std::int64_t now_unix_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

std::optional<std::map<std::string, std::string>> parse_query_string(std::string_view query) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    const std::string_view item = query.substr(pos, amp - pos);
    pos = amp + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    auto key = percent_decode(item.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out[*key] = std::move(*value);
  }
  return out;
}

Response Service::handle(const Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    Response r = text(405, "method not allowed: this API is read-only (GET)");
    return r;
  }
  if (request.path == "/metrics") {
    const ExpositionFormat format = negotiate_format(request.accept);
    Response r;
    r.content_type = std::string(content_type(format));
    r.body = engine_.metrics(format);
    return r;
  }
  if (request.path == "/healthz") return text(200, "ok");
  if (request.path == "/api/v1/endpoints") return endpoints(request.query);
  if (request.path == "/api/v1/history") return history(request.query);
  if (request.path == "/") {
    Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = "<html><head><title>sockscope</title></head><body><h1>sockscope serve</h1><ul>"
             "<li><a href=\"metrics\">/metrics</a></li><li><a href=\"api/v1/endpoints\">/api/v1/endpoints</a></li>"
             "<li><a href=\"api/v1/history\">/api/v1/history</a></li><li><a href=\"healthz\">/healthz</a></li>"
             "</ul></body></html>\n";
    return r;
  }
  return text(404, "not found: /metrics, /healthz, /api/v1/endpoints, /api/v1/history");
}

Response Service::endpoints(std::string_view query_string) {
  auto params = parse_query_string(query_string);
  if (!params) return text(400, "malformed query string (a bad %-escape)");
  std::optional<Query> filter;
  std::vector<const Column*> columns;
  std::vector<ColumnSort> sorts;
  for (const auto& [key, value] : *params) {
    if (key == "filter") {
      if (value.empty()) continue;
      auto q = parse_filter_(value);
      if (!q) return text(400, q.error());
      filter = std::move(*q);
    } else if (key == "columns") {
      for (const auto& name : split_commas(value)) {
        const Column* c = find_column(name);
        if (!c) return text(400, "columns: unknown column '" + name + "' (see sockscope list --list-columns)");
        columns.push_back(c);
      }
    } else if (key == "sort") {
      for (const auto& item : split_commas(value)) {
        const SortWord word = parse_sort_word(item);
        if (!word.valid)
          return text(400, "sort: unknown direction '" + std::string(word.direction) + "' in " + item + " (asc or desc)");
        const std::string name(word.column);
        const Column* c = find_column(name);
        if (!c) return text(400, "sort: unknown column '" + name + "' (see sockscope list --list-columns)");
        sorts.push_back({c, word.descending});
      }
    } else {
      return text(400, "unknown parameter '" + key + "' (filter, columns, sort)");
    }
  }
  if (columns.empty()) columns = default_data_columns();

  auto snap = engine_.snapshot();
  if (!snap) return text(503, "cannot read sockets: " + snap.error().message);
  const Snapshot& s = **snap;
  LocalLookups local;
  std::vector<std::size_t> rows;
  rows.reserve(s.endpoints.size());
  const ColumnFields fields(ValueContext{s, nullptr, &local});
  for (std::size_t i = 0; i < s.endpoints.size(); ++i)
    if (!filter || evaluate(*filter, s.endpoints[i], fields)) rows.push_back(i);
  sort_snapshot_rows(rows, sorts, ValueContext{s, nullptr, &local});
  std::ostringstream out;
  JsonOptions j;
  j.local = &local;
  auto written = write_json(s, rows, columns, nullptr, j, out);
  if (!written) return text(500, "cannot write JSON: " + written.error().message);
  Response r;
  r.content_type = "application/json";
  r.body = std::move(out).str();
  return r;
}

Response Service::history(std::string_view query_string) {
  auto params = parse_query_string(query_string);
  if (!params) return json_error(400, "malformed query string (a bad %-escape)");
  HistoryRequest request;
  request.limit = kHistoryDefaultLimit;
  std::vector<const HistoryColumn*> columns;
  const std::int64_t now = now_unix_ns();
  for (const auto& [key, value] : *params) {
    if (key == "since" || key == "until") {
      if (value.empty()) continue;
      auto at = parse_time_point(value, now);
      if (!at)
        return json_error(400, key + ": bad time '" + terminal_safe(value) + "' (2h, yesterday, '2026-12-01 03:00' or ISO 8601)");
      (key == "since" ? request.sql.since_ns : request.sql.until_ns) = *at;
    } else if (key == "filter") {
      if (value.empty()) continue;
      auto q = parse_filter_(value);
      if (!q) return json_error(400, q.error());
      request.set_filter(std::move(*q));
    } else if (key == "columns") {
      for (const auto& name : split_commas(value)) {
        const HistoryColumn* c = find_history_column(name);
        if (!c) return json_error(400, "columns: unknown column '" + terminal_safe(name) + "' (see sockscope history --help)");
        columns.push_back(c);
      }
    } else if (key == "sort") {
      if (auto bad = parse_history_sort(split_commas(value), request.sort)) return json_error(400, *bad);
    } else if (key == "limit") {
      std::size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || n == 0 || n > kHistoryMaxLimit)
        return json_error(400, "limit: '" + terminal_safe(value) + "' is not a number from 1 to " + std::to_string(kHistoryMaxLimit));
      request.limit = n;
    } else {
      return json_error(400, "unknown parameter '" + terminal_safe(key) + "' (since, until, filter, columns, sort, limit)");
    }
  }
  if (columns.empty()) columns.assign(default_history_columns().begin(), default_history_columns().end());

  auto db = HistoryDb::open_read_only(history_db_);
  if (!db) {
    // Missing or of another schema: the history is not available (yet); anything else is ours.
    const auto why = static_cast<HistoryOpenError>(db.error().code);
    const bool unavailable = why == HistoryOpenError::Missing || why == HistoryOpenError::OlderSchema ||
                             why == HistoryOpenError::NewerSchema;
    return json_error(unavailable ? 503 : 500, terminal_safe(db.error().message));
  }
  auto found = run_history_query(*db, request);
  if (!found) return json_error(500, terminal_safe(found.error().message));
  Response r;
  r.content_type = "application/json";
  r.body = history_json(found->rows, columns);
  if (found->truncated) r.headers.emplace_back("X-Sockscope-Truncated", std::to_string(*request.limit));
  return r;
}

}  // namespace sockscope::serve
