// Small helpers for command-line values shared by the commands (list, close, watch).
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

// Splits repeated options and comma-separated values ("-p tcp,udp -p unix") into one list of
// items, in order; empty items ("tcp,,udp", a trailing comma) are dropped.
std::vector<std::string> split_list(const std::vector<std::string>& raw);

}  // namespace sockscope::cli
