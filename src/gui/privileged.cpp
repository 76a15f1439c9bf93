// pkexec argv for Close Connection.
#include "gui/privileged.hpp"

namespace sockscope::gui {

namespace {

std::string address_port(const IpAddress& a, std::uint16_t port) {
  const std::string text = a.to_string();
  return (a.family == Family::Inet6 ? "[" + text + "]" : text) + ":" + std::to_string(port);
}

}  // namespace

std::vector<std::string> pkexec_close_argv(const std::string& sockscope_path, const Endpoint& e) {
  return {"pkexec",
          sockscope_path,
          "close",
          "--local",
          address_port(e.local, e.local_port),
          "--remote",
          address_port(e.remote, e.remote_port),
          "--proto",
          e.family == Family::Inet6 ? "tcp6" : "tcp4",
          "--netns",
          "current",  // the window shows the namespace it runs in; pkexec keeps it
          "--yes"};
}

}  // namespace sockscope::gui
