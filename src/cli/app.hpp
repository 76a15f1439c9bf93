// The command-line application: parses arguments, dispatches to subcommands, returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

int run(int argc, char** argv);

// `sockscope list` (or tcpvcon) with the arguments after the command name.
int run_list_cli(std::vector<std::string> args, bool as_tcpvcon);

// The option parsing of run_list_cli on its own (pure but for --help, --version, --list-columns
// and usage errors, which it prints): an exit code when the command is already done, -1 when
// `options` should be run.
struct ListOptions;
int parse_list_options(std::vector<std::string> args, ListOptions& options, bool as_tcpvcon);

}  // namespace sockscope::cli
