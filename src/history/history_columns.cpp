// The history column table and a row's JSON object.
#include "history/history_columns.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include "present/sanitize.hpp"
#include "store/history_time.hpp"

namespace sockscope {

namespace {

std::string num(std::uint64_t v) { return std::to_string(v); }
template <class T>
std::string opt_num(const std::optional<T>& v) { return v ? std::to_string(*v) : std::string(); }

std::string duration_text(const StoredConnection& r, bool iso) {
  if (!r.opened_ns) return "";
  auto us = (r.closed_ns - *r.opened_ns) / 1000;
  if (iso) {  // milliseconds, to the microsecond
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", static_cast<double>(us) / 1000.0);
    return b;
  }
  if (us < 1000) return std::to_string(us) + "us";
  if (us < 10'000'000) return std::to_string(us / 1000) + "ms";
  return std::to_string(us / 1'000'000) + "s";
}

const std::array kColumns{
    HistoryColumn{"proto", "Proto", false, [](const StoredConnection& r, bool) { return r.proto; }},
    HistoryColumn{"local_address", "Local Address", false, [](const StoredConnection& r, bool) { return r.local_address; }},
    HistoryColumn{"local_port", "Local Port", true, [](const StoredConnection& r, bool) { return num(r.local_port); }},
    HistoryColumn{"remote_address", "Remote Address", false, [](const StoredConnection& r, bool) { return r.remote_address; }},
    HistoryColumn{"remote_port", "Remote Port", true, [](const StoredConnection& r, bool) { return num(r.remote_port); }},
    HistoryColumn{"state", "State", false, [](const StoredConnection& r, bool) { return r.state; }},
    HistoryColumn{"direction", "Dir", false, [](const StoredConnection& r, bool) { return r.direction; }},
    HistoryColumn{"opened", "Opened", false,
                  [](const StoredConnection& r, bool iso) { return r.opened_ns ? local_time_text(*r.opened_ns, iso) : std::string(); }},
    HistoryColumn{"closed", "Closed", false, [](const StoredConnection& r, bool iso) { return local_time_text(r.closed_ns, iso); }},
    // JSON and CSV: milliseconds as a number; tables: a short human form.
    HistoryColumn{"duration", "Duration", true, duration_text},
    HistoryColumn{"pid", "PID", true, [](const StoredConnection& r, bool) { return opt_num(r.pid); }},
    HistoryColumn{"process", "Process", false, [](const StoredConnection& r, bool) { return r.process; }},
    HistoryColumn{"user", "User", false, [](const StoredConnection& r, bool) { return r.user; }},
    HistoryColumn{"bytes_sent", "Bytes Sent", true, [](const StoredConnection& r, bool) { return num(r.tcp.bytes_sent); }},
    HistoryColumn{"bytes_received", "Bytes Received", true, [](const StoredConnection& r, bool) { return num(r.tcp.bytes_received); }},
    HistoryColumn{"retrans", "Retrans", true, [](const StoredConnection& r, bool) { return num(r.tcp.total_retrans); }},
    HistoryColumn{"rtt", "RTT us", true, [](const StoredConnection& r, bool) { return num(r.tcp.rtt_us); }},
    HistoryColumn{"exe", "Executable", false, [](const StoredConnection& r, bool) { return r.exe; }},
    HistoryColumn{"cmdline", "Command Line", false, [](const StoredConnection& r, bool) { return r.cmdline; }},
    HistoryColumn{"unit", "Unit", false, [](const StoredConnection& r, bool) { return r.unit; }},
    HistoryColumn{"container", "Container", false, [](const StoredConnection& r, bool) { return r.container; }},
    HistoryColumn{"netns", "Netns", true, [](const StoredConnection& r, bool) { return num(r.netns); }},
    HistoryColumn{"source", "Source", false, [](const StoredConnection& r, bool) { return r.source; }},
};

const std::array kDefault{&kColumns[0], &kColumns[1], &kColumns[2], &kColumns[3], &kColumns[4], &kColumns[8],
                          &kColumns[9], &kColumns[10], &kColumns[11], &kColumns[13], &kColumns[14]};

const auto kAll = []<std::size_t... I>(std::index_sequence<I...>) {
  return std::array{&kColumns[I]...};
}(std::make_index_sequence<kColumns.size()>{});

}  // namespace

std::span<const HistoryColumn* const> all_history_columns() { return kAll; }
std::span<const HistoryColumn* const> default_history_columns() { return kDefault; }

const HistoryColumn* find_history_column(std::string_view key) {
  for (const auto& c : kColumns)
    if (c.key == key) return &c;
  return nullptr;
}

std::string history_row_json(const StoredConnection& row, std::span<const HistoryColumn* const> columns) {
  std::string out = "{";
  for (const auto* c : columns) {
    if (out.size() > 1) out += ',';
    append_json_string(out, c->key);
    out += ':';
    std::string v = c->text(row, true);
    if (v.empty()) out += "null";
    else if (c->numeric) out += v;
    else append_json_string(out, v);
  }
  out += '}';
  return out;
}

}  // namespace sockscope
