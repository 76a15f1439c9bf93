// Save and Copy: the presenters over the view's rows, OSC 52 clipboard text, writing the file.
#include "tui/view_export.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "present/csv.hpp"
#include "present/json.hpp"
#include "present/table.hpp"

namespace sockscope::tui {

SaveFormat save_format_for(std::string_view path) {
  auto ends_with = [&](std::string_view ext) {
    if (path.size() < ext.size()) return false;
    std::string_view tail = path.substr(path.size() - ext.size());
    for (std::size_t i = 0; i < ext.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(tail[i])) != ext[i]) return false;
    }
    return true;
  };
  if (ends_with(".csv")) return SaveFormat::Csv;
  if (ends_with(".json") || ends_with(".jsonl")) return SaveFormat::Json;
  return SaveFormat::Text;
}

std::string_view save_format_name(SaveFormat f) {
  switch (f) {
    case SaveFormat::Csv: return "CSV";
    case SaveFormat::Json: return "JSON";
    case SaveFormat::Text: break;
  }
  return "text";
}

SavedView export_view(const ViewState& s, const CellContext& ctx, SaveFormat format) {
  SavedView out;
  if (!s.table->latest) return out;
  // Every row that is not a tombstone lives in the latest snapshot.
  std::vector<std::size_t> rows;
  for (std::size_t i : s.order) {
    const LiveRow& r = s.table->rows[i];
    if (r.status != RowStatus::Closed && r.snapshot == s.table->latest) rows.push_back(r.index);
  }
  std::vector<const Column*> columns;
  for (std::size_t i : s.visible) {
    if (s.catalog[i].data) columns.push_back(s.catalog[i].data);
  }
  if (columns.empty()) columns = default_data_columns();
  std::ostringstream text;
  const Snapshot& snap = *s.table->latest;
  switch (format) {
    case SaveFormat::Csv: {
      CsvOptions o;
      o.local = ctx.local;
      (void)write_csv(snap, rows, columns, ctx.names, o, text);
      break;
    }
    case SaveFormat::Json: {
      JsonOptions o;
      o.local = ctx.local;
      (void)write_json(snap, rows, columns, ctx.names, o, text);
      break;
    }
    case SaveFormat::Text: {
      TableOptions o;
      o.width = kUnlimitedWidth;
      o.utf8 = ctx.utf8;
      o.local = ctx.local;
      (void)write_table(snap, rows, columns, ctx.names, o, text);
      break;
    }
  }
  out.content = std::move(text).str();
  out.rows = rows.size();
  return out;
}

std::string row_as_text(const ViewState& s, const LiveRow& row, const CellContext& ctx) {
  // One tab between cells, empty ones included, so the cells stay under their columns when pasted.
  std::string out;
  for (std::size_t k = 0; k < s.visible.size(); ++k) {
    if (k > 0) out += '\t';
    append_cell_text(out, s.catalog[s.visible[k]], row, ctx);
  }
  return out;
}

std::string osc52_sequence(std::string_view text) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "\x1b]52;c;";
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  for (; i + 3 <= text.size(); i += 3) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = text.size() - i; left > 0) {
    const unsigned v = (byte(i) << 16) | (left > 1 ? byte(i + 1) << 8 : 0u);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += left > 1 ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  out += '\a';
  return out;
}

std::string expand_home(std::string_view path) {
  if (path.starts_with("~/")) {
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + std::string(path.substr(1));
  }
  return std::string(path);
}

Result<void> write_text_file(const std::string& path, std::string_view content) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return fail(path + ": " + std::strerror(errno), errno);
  const bool written = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const int write_errno = errno;
  if (std::fclose(f) != 0 || !written) {
    const int e = written ? errno : write_errno;
    return fail(path + ": " + std::strerror(e), e);
  }
  return {};
}

}  // namespace sockscope::tui
