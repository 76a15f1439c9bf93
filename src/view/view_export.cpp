// Save and Copy: the presenters over the model's rows, a row as text, writing the file.
#include "view/view_export.hpp"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include "present/csv.hpp"
#include "present/json.hpp"
#include "present/table.hpp"

namespace sockscope::view {

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

SavedView export_view(const ModelState& s, const CellContext& ctx, SaveFormat format) {
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

std::string row_as_text(const ModelState& s, const LiveRow& row, const CellContext& ctx) {
  // One tab between cells, empty ones included, so the cells stay under their columns when pasted.
  std::string out;
  for (std::size_t k = 0; k < s.visible.size(); ++k) {
    if (k > 0) out += '\t';
    append_cell_text(out, s.catalog[s.visible[k]], row, ctx);
  }
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

}  // namespace sockscope::view
