// The privileged part of the desktop window through polkit: `pkexec sockscope close ...` per row,
// so the window itself never runs as root.
#pragma once

#include <string>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope::gui {

// The argv that closes exactly this TCP connection as root: pkexec, the sockscope CLI, `close`
// with the local and remote address and port, the protocol, the current network namespace, and
// --yes (the window already asked).
std::vector<std::string> pkexec_close_argv(const std::string& sockscope_path, const Endpoint& e);

}  // namespace sockscope::gui
