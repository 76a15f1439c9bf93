// Options of `sockscope list` (and `tcpvcon`), as parsed from the command line.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/terminal_policy.hpp"
#include "collect/collector.hpp"
#include "logic/filter.hpp"

namespace sockscope::cli {

enum class OutputFormat { Table, Csv, Json, JsonLines };

struct SortKey {
  std::string column;
  bool descending = false;
};

struct ListOptions {
  bool all = false;
  bool numeric = false;
  OutputFormat format = OutputFormat::Table;
  bool csv_flag = false, json_flag = false, jsonl_flag = false;  // as typed; format is derived
  std::vector<std::string> protos;   // as typed, validated
  std::vector<std::string> states;   // as typed, validated
  std::vector<SortKey> sort;
  bool reverse = false;
  std::vector<std::string> columns;  // as typed, validated
  std::optional<std::string> process;
  bool wide = false;
  std::optional<int> width;
  bool no_header = false;
  ColorMode color = ColorMode::Auto;
  std::chrono::milliseconds dns_timeout{2000};
  std::vector<std::string> dns_servers;
  SourceChoice source = SourceChoice::Auto;
  OwnerMethod owner_method = OwnerMethod::Auto;
  bool verbose = false;
};

int run_list(const ListOptions& options);

// --list-columns: every column id and its meaning, one per line.
int print_column_list();

}  // namespace sockscope::cli
