// choose_display: DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM against what answers on their sockets.
#include "gui/display_check.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <QLibraryInfo>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include "present/sanitize.hpp"

namespace sockscope::gui {

namespace {

constexpr const char* kAdvice = " (run it in a desktop session, or 'sockscope watch' in a terminal)";

bool set(const char* v) { return v && *v; }

// Where a display's server should listen. `address` empty: nothing to check (left to Qt).
struct Target {
  bool configured = false;
  std::string address;  // AF_UNIX path, or '@' + abstract name
  std::string alternative;  // X also listens on a path beside its abstract socket
  std::string named;        // how the message names it
  std::string error;        // why it cannot be reached at all (no XDG_RUNTIME_DIR)
};

Target wayland_target(const DisplayEnv& env, bool wanted_by_platform) {
  Target t;
  if (set(env.wayland_socket)) {
    t.configured = true;  // a descriptor handed over: connected already
    return t;
  }
  t.configured = set(env.wayland_display);
  if (!t.configured && !wanted_by_platform) return t;
  const std::string name = t.configured ? env.wayland_display : "wayland-0";
  t.named = t.configured ? "WAYLAND_DISPLAY=" + terminal_safe(name) : "WAYLAND_DISPLAY is not set";
  if (name.front() == '/') {
    t.address = name;
  } else if (!set(env.xdg_runtime_dir)) {
    t.error = "the Wayland display " + terminal_safe(name) + " is looked for in XDG_RUNTIME_DIR, which is not set";
  } else {
    t.address = std::string(env.xdg_runtime_dir) + "/" + name;
  }
  return t;
}

Target x_target(const DisplayEnv& env) {
  Target t;
  t.configured = set(env.display);
  if (!t.configured) return t;
  const std::string d = env.display;
  t.named = "DISPLAY=" + terminal_safe(d);
  const std::size_t colon = d.rfind(':');
  if (colon == std::string::npos) return t;
  const std::string host = d.substr(0, colon);
  std::string number = d.substr(colon + 1);
  number = number.substr(0, number.find('.'));
  if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) return t;
  if (!host.empty() && host != "unix") return t;  // X over TCP (ssh -X): Qt finds out
  t.address = "@/tmp/.X11-unix/X" + number;
  t.alternative = "/tmp/.X11-unix/X" + number;
  return t;
}

// True when it answers or cannot be checked; false when nothing listens.
bool answers(const Target& t, const DisplayProbe& probe) {
  if (!t.error.empty()) return false;
  if (t.address.empty()) return true;
  return probe.listening(t.address) || (!t.alternative.empty() && probe.listening(t.alternative));
}

std::string silent(const Target& t, bool wayland) {
  if (!t.error.empty()) return t.error;
  const std::string where = t.alternative.empty() ? t.address : t.alternative;
  return wayland ? "no Wayland compositor listens at " + terminal_safe(where) + " (" + t.named + ")"
                 : "no X server listens at " + where + " (" + t.named + ")";
}

constexpr const char* kNoWaylandPlugin = "Qt's wayland platform plugin is not installed (apt-get install qt6-wayland)";

}  // namespace

DisplayChoice choose_display(const DisplayEnv& env, const DisplayProbe& probe) {
  if (set(env.qpa_platform)) {
    const std::string platform = env.qpa_platform;
    if (platform.find(';') != std::string::npos) return {};  // a list: Qt tries each in turn
    const std::string name = platform.substr(0, platform.find(':'));
    if (name == "wayland" || name.starts_with("wayland-")) {
      const Target w = wayland_target(env, true);
      if (!answers(w, probe)) return {"no display: QT_QPA_PLATFORM=" + terminal_safe(name) + ", but " + silent(w, true), ""};
      if (!probe.wayland_plugin()) return {"no display: QT_QPA_PLATFORM=" + terminal_safe(name) + ", but " + kNoWaylandPlugin, ""};
    } else if (name == "xcb") {
      const Target x = x_target(env);
      if (!x.configured) return {"no display: QT_QPA_PLATFORM=xcb, but DISPLAY is not set", ""};
      if (!answers(x, probe)) return {"no display: " + silent(x, false), ""};
    }
    return {};  // offscreen, vnc, eglfs...: nothing to check here
  }
  const Target w = wayland_target(env, false);
  const Target x = x_target(env);
  if (!w.configured && !x.configured) {
    return {std::string("no display: neither DISPLAY nor WAYLAND_DISPLAY is set") + kAdvice, ""};
  }
  const bool w_ok = w.configured && answers(w, probe);
  const bool x_ok = x.configured && answers(x, probe);
  if (w_ok && !probe.wayland_plugin()) {
    if (x_ok) return {"", "xcb"};  // the compositor's X server (Xwayland)
    return {"no display: a Wayland compositor answers, but " + std::string(kNoWaylandPlugin) +
                (x.configured ? ", and " + silent(x, false) : ", and DISPLAY is not set"),
            ""};
  }
  if (w_ok && x_ok) return {};  // both: Qt's own preference
  if (w_ok) return {"", "wayland"};
  if (x_ok) return {"", "xcb"};
  std::string why = "no display: ";
  if (w.configured) why += silent(w, true);
  if (w.configured && x.configured) why += ", and ";
  if (x.configured) why += silent(x, false);
  return {why + kAdvice, ""};
}

DisplayEnv display_env_from_environment() {
  return {std::getenv("DISPLAY"), std::getenv("WAYLAND_DISPLAY"), std::getenv("WAYLAND_SOCKET"),
          std::getenv("XDG_RUNTIME_DIR"), std::getenv("QT_QPA_PLATFORM")};
}

DisplayProbe system_display_probe() {
  DisplayProbe p;
  p.listening = [](const std::string& address) {
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    if (address.empty() || address.size() >= sizeof sa.sun_path) return false;
    std::memcpy(sa.sun_path, address.data(), address.size());
    if (address.front() == '@') sa.sun_path[0] = '\0';  // abstract
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const auto len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.size());
    const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&sa), len) == 0;
    close(fd);
    return ok;
  };
  p.wayland_plugin = [] {
    std::vector<std::filesystem::path> dirs;
    if (const char* d = std::getenv("QT_QPA_PLATFORM_PLUGIN_PATH"); set(d)) dirs.emplace_back(d);
    dirs.push_back(std::filesystem::path(QLibraryInfo::path(QLibraryInfo::PluginsPath).toStdString()) / "platforms");
    std::error_code ec;
    for (const auto& dir : dirs) {
      if (std::filesystem::exists(dir / "libqwayland-generic.so", ec) || std::filesystem::exists(dir / "libqwayland-egl.so", ec)) {
        return true;
      }
    }
    return false;
  };
  return p;
}

}  // namespace sockscope::gui
