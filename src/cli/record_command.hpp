// `sockscope record`: capture finished connections into the history database until stopped.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

int run_record(std::vector<std::string> args);

}  // namespace sockscope::cli
