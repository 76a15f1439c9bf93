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

// Why no window can open here, or "" when one can: neither DISPLAY nor WAYLAND_DISPLAY is set and
// no platform was chosen with QT_QPA_PLATFORM. Null arguments are unset variables.
std::string display_problem(const char* display, const char* wayland_display, const char* qpa_platform);

}  // namespace sockscope::gui
