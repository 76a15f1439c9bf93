// Exit codes shared by every sockscope command, documented in --help and the man page.
#pragma once

namespace sockscope::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNoMatch = 1;   // the named process does not exist; close: no matching connection
inline constexpr int kExitUsage = 2;     // bad switch or value
inline constexpr int kExitFailure = 3;   // sockets could not be read at all
inline constexpr int kExitCloseFailed = 4;  // close: some or all connections could not be closed

}  // namespace sockscope::cli
