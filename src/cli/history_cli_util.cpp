// One-line usage errors and CLI11 parsing for `record` and `history`.
#include "cli/history_cli_util.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "cli/app_inspector.hpp"
#include "cli/exit_codes.hpp"
#include "present/sanitize.hpp"

namespace sockscope::cli {

int history_usage(std::string_view command, const std::string& message) {
  std::fprintf(stderr, "sockscope %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               terminal_safe(message).c_str());
  return kExitUsage;
}

std::optional<int> parse_history_cli(CLI::App& app, std::vector<std::string> args, std::string_view command) {
  if (inspect_app(app)) return kExitOk;
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return history_usage(command, e.what());
  }
  return std::nullopt;
}

}  // namespace sockscope::cli
