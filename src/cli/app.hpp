// The command-line application: parses arguments, dispatches to subcommands, returns the exit code.
#pragma once

namespace sockscope::cli {

int run(int argc, char** argv);

}  // namespace sockscope::cli
