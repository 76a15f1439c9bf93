// The command-line application: parses arguments, dispatches to subcommands, returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace sockscope::cli {

int run(int argc, char** argv);

// `sockscope list` (or tcpvcon) with the arguments after the command name.
int run_list_cli(std::vector<std::string> args, bool as_tcpvcon);

}  // namespace sockscope::cli
