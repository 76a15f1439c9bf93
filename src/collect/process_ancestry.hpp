// A process's chain of parents from /proc: who started it, up to init, each with its unit.
#pragma once

#include <string>
#include <vector>

#include "model/process.hpp"

namespace sockscope {

// The process itself first, then its parent, grandparent ... up to a process whose parent is 0
// (init, kthreadd, or the first process of this PID namespace). Each has pid, ppid, name, exe
// (when visible), unit (from its cgroup file), uid and cmdline. The chain stops early where a
// process cannot be read (exited, or an empty proc_root); it is empty when `pid` itself cannot be.
// At most kMaxAncestry entries, so a corrupt tree cannot loop.
inline constexpr std::size_t kMaxAncestry = 256;
std::vector<Process> read_ancestry(int pid, const std::string& proc_root = "/proc");
// The first entry of read_ancestry alone (the process, no parents): pid 0 when it cannot be read.
Process read_process(int pid, const std::string& proc_root = "/proc");

}  // namespace sockscope
