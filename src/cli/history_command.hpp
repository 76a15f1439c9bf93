// `sockscope history`: what the history database recorded, filtered, as a table, CSV or JSON.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

int run_history(std::vector<std::string> args);

}  // namespace sockscope::cli
