// The process properties dialog's text (terminal and desktop): identity, executable, command line, user, start, cwd, unit, endpoints.
#pragma once

#include <string>
#include <vector>

#include "logic/endpoint_diff.hpp"
#include "model/process_details.hpp"
#include "view/view_columns.hpp"

namespace sockscope::view {

// "tcp  10.0.0.1:5000 -> 10.0.0.2:80  ESTABLISHED", names when ctx has them; terminal-safe.
std::string endpoint_summary(const Endpoint& e, const Snapshot& snap, const CellContext& ctx);

// Lines for the row's first owner (terminal-safe, "Label        value"); `details` may be null
// (not readable). The process's other endpoints come from `latest`.
std::vector<std::string> process_properties(const LiveRow& row, const Snapshot& latest,
                                            const ProcessDetails* details, const CellContext& ctx);

inline constexpr int kPropertyLabelWidth = 14;

}  // namespace sockscope::view
