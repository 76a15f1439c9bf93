// `sockscope --version`: the version, which optional parts this build has, and the libraries' versions.
#pragma once

#include <string>

namespace sockscope::cli {

// Several lines, ending in a newline: "sockscope X.Y.Z", then "eBPF: ...", "GUI: ...",
// "exporter: ...", then one "library: version" line per library.
std::string version_text();

}  // namespace sockscope::cli
