// Which display the window can open, decided before Qt starts: a missing or silent X server or
// Wayland compositor is one line and exit 3, not Qt's abort with a page about platform plugins.
#pragma once

#include <functional>
#include <string>

namespace sockscope::gui {

// The environment as read (null: unset).
struct DisplayEnv {
  const char* display = nullptr;          // DISPLAY
  const char* wayland_display = nullptr;  // WAYLAND_DISPLAY
  const char* wayland_socket = nullptr;   // WAYLAND_SOCKET (a descriptor already connected)
  const char* xdg_runtime_dir = nullptr;  // XDG_RUNTIME_DIR
  const char* qpa_platform = nullptr;     // QT_QPA_PLATFORM
};

// What the decision asks of the system, injected so tests need no display.
struct DisplayProbe {
  // Whether something accepts connections on this AF_UNIX address ('@' first: abstract).
  std::function<bool(const std::string& address)> listening;
  // Whether Qt's platform plugin for "wayland" is installed (Debian: qt6-wayland).
  std::function<bool()> wayland_plugin;
};

struct DisplayChoice {
  std::string problem;   // "" when a window can open; else the one line to print (exit 3)
  std::string platform;  // when not "", QT_QPA_PLATFORM to set: the one display that answers
};

// DISPLAY ":N" / "unix:N" is the socket /tmp/.X11-unix/XN; WAYLAND_DISPLAY a name under
// XDG_RUNTIME_DIR or an absolute path ("wayland-0" when unset, as libwayland does). Displays that
// cannot be checked (X over TCP, WAYLAND_SOCKET, a QT_QPA_PLATFORM list) are left to Qt.
DisplayChoice choose_display(const DisplayEnv& env, const DisplayProbe& probe);

DisplayEnv display_env_from_environment();
DisplayProbe system_display_probe();

}  // namespace sockscope::gui
