// Small helpers for command-line values shared by the commands (list, close, watch).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collect/collector.hpp"

namespace sockscope::cli {

// Splits repeated options and comma-separated values ("-p tcp,udp -p unix") into one list of
// items, in order; empty items ("tcp,,udp", a trailing comma) are dropped.
std::vector<std::string> split_list(const std::vector<std::string>& raw);

// --owners-from: auto, ebpf or proc; nullopt for anything else.
std::optional<OwnerMethod> parse_owner_method(const std::string& value);
inline constexpr const char* kOwnersFromHelp =
    "How sockets are matched to processes: auto (the eBPF task-file iterator when root and the kernel allow it and it pays, else /proc/PID/fd), ebpf (fail without it), proc";

}  // namespace sockscope::cli
