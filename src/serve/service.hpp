// The exporter's routes, independent of the HTTP library: /metrics, /healthz, /api/v1/endpoints.
// Read-only: nothing here closes a connection or signals a process.
#pragma once

#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>

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
};

// Query string parameters, percent-decoded ('+' is a blank); nullopt on a malformed escape.
std::optional<std::map<std::string, std::string>> parse_query_string(std::string_view query);

class Service {
 public:
  // Parses filter= as the command line does ("filter: ..." one-line errors).
  using FilterParser = std::function<std::expected<Query, std::string>(std::string_view)>;
  Service(Engine& engine, FilterParser parse_filter) : engine_(engine), parse_filter_(std::move(parse_filter)) {}

  Response handle(const Request& request);

 private:
  Response endpoints(std::string_view query);
  Engine& engine_;
  FilterParser parse_filter_;
};

}  // namespace sockscope::serve
