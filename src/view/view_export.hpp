// Getting rows out of the live model: Save (text, CSV, JSON through the presenters) and Copy as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/error.hpp"
#include "view/model_state.hpp"

namespace sockscope::view {

enum class SaveFormat { Text, Csv, Json };

// By the name's extension (case-insensitive): .csv, .json / .jsonl, anything else text.
SaveFormat save_format_for(std::string_view path);
std::string_view save_format_name(SaveFormat f);

struct SavedView {
  std::string content;
  std::size_t rows = 0;
};

// The rows shown (closed ones left out: they are history, not state), in display order, with
// the shown columns that the registry has (first seen and rates are the view's own).
SavedView export_view(const ModelState& s, const CellContext& ctx, SaveFormat format);

// The row as its shown cells joined by tabs (terminal-safe text).
std::string row_as_text(const ModelState& s, const LiveRow& row, const CellContext& ctx);

// "~/x" under $HOME; other paths as typed.
std::string expand_home(std::string_view path);

// The default ViewServices::write_file: creates or truncates the file.
Result<void> write_text_file(const std::string& path, std::string_view content);

}  // namespace sockscope::view
