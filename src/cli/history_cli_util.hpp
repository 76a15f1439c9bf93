// What `record` and `history` share on the command line: one-line usage errors and CLI11 parsing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace sockscope::cli {

// "sockscope COMMAND: MESSAGE" on stderr (sanitized); returns kExitUsage.
int history_usage(std::string_view command, const std::string& message);
// Parses `args`; an exit code when the command is done (--help, a usage error), nullopt to run.
std::optional<int> parse_history_cli(CLI::App& app, std::vector<std::string> args, std::string_view command);

}  // namespace sockscope::cli
