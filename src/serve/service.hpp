// The exporter's routes, independent of the HTTP library: /metrics, /healthz, /api/v1/endpoints,
// /api/v1/history. Read-only: nothing here closes a connection, signals a process or writes the
// history database.
#pragma once

#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logic/query_ast.hpp"
#include "serve/engine.hpp"

namespace sockscope::serve {

struct Request {
  std::string_view method;  // "GET", "HEAD", ...
  std::string_view path;    // decoded path, no query
  std::string_view query;   // raw query string, after '?'
  std::string_view accept;  // Accept header, "" when absent
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more header lines
};

// /api/v1/history's row limit: `limit=` defaults to the first, may not exceed the second.
inline constexpr std::size_t kHistoryDefaultLimit = 1000;
inline constexpr std::size_t kHistoryMaxLimit = 100000;

// Query string parameters, percent-decoded ('+' is a blank); nullopt on a malformed escape.
std::optional<std::map<std::string, std::string>> parse_query_string(std::string_view query);

class Service {
 public:
  // Parses filter= as the command line does ("filter: ..." one-line errors).
  using FilterParser = std::function<std::expected<Query, std::string>(std::string_view)>;
  // `history_db`: the database `record` writes, opened read-only per /api/v1/history request.
  Service(Engine& engine, FilterParser parse_filter, std::string history_db = "/var/lib/sockscope/history.db")
      : engine_(engine), parse_filter_(std::move(parse_filter)), history_db_(std::move(history_db)) {}

  Response handle(const Request& request);

 private:
  Response endpoints(std::string_view query);
  Response history(std::string_view query);
  Engine& engine_;
  FilterParser parse_filter_;
  std::string history_db_;
};

}  // namespace sockscope::serve
