// `sockscope history`: reads the history database with --since/--until and address equality in SQL, the rest of the filter per row.
#include "cli/history_command.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "cli/arg_util.hpp"
#include "cli/exit_codes.hpp"
#include "cli/history_cli_util.hpp"
#include "history/history_columns.hpp"
#include "history/history_query.hpp"
#include "logic/query_parser.hpp"
#include "present/sanitize.hpp"
#include "store/history_db.hpp"
#include "store/history_time.hpp"

namespace sockscope::cli {

namespace {

std::string table_text(std::span<const StoredConnection> rows, std::span<const HistoryColumn* const> cols) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width;
  for (const auto* c : cols) width.push_back(c->title.size());
  for (const auto& r : rows) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < cols.size(); ++i) {
      line.push_back(terminal_safe(cols[i]->text(r, false)));
      width[i] = std::max(width[i], line.back().size());
    }
  }
  std::string out;
  auto put = [&](std::size_t i, std::string_view v) {
    std::string pad(width[i] - std::min(width[i], v.size()), ' ');
    out += cols[i]->numeric ? pad + std::string(v) : std::string(v) + (i + 1 < cols.size() ? pad : "");
    out += i + 1 < cols.size() ? "  " : "\n";
  };
  for (std::size_t i = 0; i < cols.size(); ++i) put(i, cols[i]->title);
  for (const auto& line : cells)
    for (std::size_t i = 0; i < cols.size(); ++i) put(i, line[i]);
  return out;
}

std::string csv_text(std::span<const StoredConnection> rows, std::span<const HistoryColumn* const> cols) {
  std::string out;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    append_csv_field(out, cols[i]->key, true);
    out += i + 1 < cols.size() ? "," : "\r\n";
  }
  for (const auto& r : rows)
    for (std::size_t i = 0; i < cols.size(); ++i) {
      append_csv_field(out, cols[i]->text(r, true), !cols[i]->numeric);
      out += i + 1 < cols.size() ? "," : "\r\n";
    }
  return out;
}

}  // namespace

int run_history(std::vector<std::string> args) {
  CLI::App app{"Show connections the history database recorded (see sockscope record)", "sockscope history"};
  std::string db_path = "/var/lib/sockscope/history.db", since_text, until_text;
  bool csv = false, json = false;
  std::vector<std::string> columns, filter_words;
  app.add_option("--db", db_path, "The history database (default /var/lib/sockscope/history.db)")->type_name("PATH");
  app.add_option("--since", since_text, "Connections closed at or after: 2h (ago), yesterday, '2026-12-01 03:00', ISO 8601")->type_name("TIME");
  app.add_option("--until", until_text, "Connections closed before this time (same forms as --since)")->type_name("TIME");
  app.add_flag("-c,--csv", csv, "Write CSV (header row, CRLF line ends) instead of a table");
  app.add_flag("-j,--json", json, "Write one JSON array of objects");
  app.add_option("-o,--columns", columns, "Show these columns, in this order")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->type_name("COLUMN");
  app.add_option("filter", filter_words, "A filter expression, as list takes it (e.g. dst 203.0.113.5, process = curl)");
  if (auto done = parse_history_cli(app, std::move(args), "history")) return *done;
  if (csv && json) return history_usage("history", "--csv and --json cannot be combined");
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  const std::int64_t now = static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
  HistoryRequest request;
  HistoryQuery& q = request.sql;
  if (!since_text.empty() && !(q.since_ns = parse_time_point(since_text, now)))
    return history_usage("history", "bad --since '" + since_text + "' (2h, yesterday, '2026-12-01 03:00' or ISO 8601)");
  if (!until_text.empty() && !(q.until_ns = parse_time_point(until_text, now)))
    return history_usage("history", "bad --until '" + until_text + "' (2h, yesterday, '2026-12-01 03:00' or ISO 8601)");
  std::vector<const HistoryColumn*> cols;
  for (const auto& name : split_list(columns)) {
    const auto* c = find_history_column(name);
    if (!c) return history_usage("history", "unknown column '" + name + "' for --columns");
    cols.push_back(c);
  }
  if (cols.empty()) cols.assign(default_history_columns().begin(), default_history_columns().end());
  if (!filter_words.empty()) {
    std::string text;
    for (const auto& w : filter_words) text += (text.empty() ? "" : " ") + w;
    auto parsed = parse_query(text);
    if (!parsed) return history_usage("history", parsed.error().format());
    request.set_filter(std::move(*parsed));
  }
  if (access(db_path.c_str(), F_OK) != 0) {
    std::fprintf(stderr, "sockscope history: no history database at %s (run sockscope record)\n", terminal_safe(db_path).c_str());
    return kExitFailure;
  }
  auto db = HistoryDb::open(db_path);
  if (!db) {
    std::fprintf(stderr, "sockscope history: %s\n", terminal_safe(db.error().message).c_str());
    return kExitFailure;
  }
  auto found = run_history_query(*db, request);
  if (!found) {
    std::fprintf(stderr, "sockscope history: %s\n", terminal_safe(found.error().message).c_str());
    return kExitFailure;
  }
  const auto& rows = found->rows;
  const std::string out = json ? history_json(rows, cols) : csv ? csv_text(rows, cols) : table_text(rows, cols);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace sockscope::cli
