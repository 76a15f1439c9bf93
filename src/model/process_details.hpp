// What the live view's process properties show beyond Process: working directory, cgroup, parents.
#pragma once

#include <string>
#include <vector>

#include "model/process.hpp"

namespace sockscope {

// Read on demand for one process (not part of a Snapshot: nobody needs it for every process).
struct ProcessDetails {
  std::string cwd;                // readlink /proc/PID/cwd; "" when not visible
  std::string cgroup;             // /proc/PID/cgroup as the kernel wrote it
  std::vector<Process> ancestry;  // the process itself, its parent, ... up to init
  std::string error;              // why some of it could not be read ("" when all was)
};

}  // namespace sockscope
