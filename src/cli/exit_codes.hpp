// Exit codes shared by every sockscope command, documented in --help and the man page.
#pragma once

namespace sockscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNoMatch = 1;   // the named process does not exist
inline constexpr int kExitUsage = 2;     // bad switch or value
inline constexpr int kExitFailure = 3;   // sockets could not be read at all

}  // namespace sockscope::cli
