// Placeholder dispatcher, replaced by the list command.
#include "cli/app.hpp"

namespace sockscope::cli {
int run(int, char**) { return 0; }
}  // namespace sockscope::cli
