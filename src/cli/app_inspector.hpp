// A look at each command's CLI::App, fully set up, instead of parsing: how `sockscope completion`
// reads the very option tables the commands parse with, so completions cannot drift from them.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace sockscope::cli {

// Called by every command right before it parses: when an inspector is installed, hands it the app
// and answers true (the command then returns kExitOk without parsing or running anything).
bool inspect_app(const CLI::App& app);

// Installs `inspector` for its lifetime (one at a time; the CLI is single-threaded while parsing).
class ScopedAppInspector {
 public:
  explicit ScopedAppInspector(std::function<void(const CLI::App&)> inspector);
  ~ScopedAppInspector();
  ScopedAppInspector(const ScopedAppInspector&) = delete;
  ScopedAppInspector& operator=(const ScopedAppInspector&) = delete;
};

}  // namespace sockscope::cli
