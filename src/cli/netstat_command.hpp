// `sockscope netstat`: Windows netstat's switches and displays, BSD netstat's as long options.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

// The arguments after `netstat`; returns the exit status (0 ok, 2 bad usage, 3 kernel data unreadable).
int run_netstat(std::vector<std::string> args);

}  // namespace sockscope::cli
