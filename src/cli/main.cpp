// Entry point: hands argv to the CLI layer, which picks the command by name and arguments.
#include "cli/app.hpp"

int main(int argc, char** argv) { return sockscope::cli::run(argc, argv); }
