// The installed app inspector (see app_inspector.hpp).
#include "cli/app_inspector.hpp"

#include <utility>

namespace sockscope::cli {

namespace {
std::function<void(const CLI::App&)>& current() {
  static std::function<void(const CLI::App&)> inspector;
  return inspector;
}
}  // namespace

bool inspect_app(const CLI::App& app) {
  if (!current()) return false;
  current()(app);
  return true;
}

ScopedAppInspector::ScopedAppInspector(std::function<void(const CLI::App&)> inspector) {
  current() = std::move(inspector);
}

ScopedAppInspector::~ScopedAppInspector() { current() = nullptr; }

}  // namespace sockscope::cli
