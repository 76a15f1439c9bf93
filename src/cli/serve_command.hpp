// `sockscope serve`: the Prometheus exporter and read-only HTTP API.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

int run_serve(std::vector<std::string> args);

}  // namespace sockscope::cli
