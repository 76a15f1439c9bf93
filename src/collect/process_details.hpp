// Reading one process's details on demand for the live view's properties: cwd, cgroup, parents.
#pragma once

#include <string>

#include "model/process_details.hpp"

namespace sockscope {

// Never fails as a whole: what cannot be read (exited, another user's process without root)
// stays empty and ProcessDetails::error says why.
ProcessDetails read_process_details(int pid, const std::string& proc_root = "/proc");

}  // namespace sockscope
