// Options of `sockscope list` (and `tcpvcon`), parsed once at the command line into typed values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/terminal_policy.hpp"
#include "collect/collector.hpp"
#include "logic/filter.hpp"
#include "logic/query_ast.hpp"
#include "model/netns_select.hpp"
#include "present/columns.hpp"

namespace sockscope::cli {

enum class OutputFormat { Table, Csv, Json, JsonLines };

struct SortKey {
  const Column* column = nullptr;
  bool descending = false;
};

struct ListOptions {
  bool numeric = false;
  OutputFormat format = OutputFormat::Table;
  // Protocols (-p, else all with -a), states (-s, SYN_RECV with its request sockets; else every
  // state with -a) and process: which endpoints are listed.
  EndpointFilter filter;
  std::string process_text;  // the process argument, for messages
  std::optional<Query> query;  // the filter expression (words after the options or --filter)
  std::vector<SortKey> sort;
  bool reverse = false;
  std::vector<const Column*> columns;  // -o; empty: the format's defaults
  bool wide = false;
  std::optional<int> width;
  bool no_header = false;
  ColorMode color = ColorMode::Auto;
  std::chrono::milliseconds dns_timeout{2000};
  std::string dns_servers;  // c-ares' comma-separated list; empty: /etc/resolv.conf's
  SourceChoice source = SourceChoice::Auto;
  OwnerMethod owner_method = OwnerMethod::Auto;
  bool verbose = false;
  std::vector<NetnsSelector> netns;  // --netns; empty: all as root, else the current one
  // --sample: a filter on age or rates reads the sockets twice, this far apart.
  std::chrono::milliseconds sample{1000};
};

int run_list(const ListOptions& options);

// --list-columns: every column id and its meaning, one per line.
int print_column_list();

}  // namespace sockscope::cli
