// Whole-file reads for /proc: one open and a read loop into a string, relative to a directory fd.
#pragma once

#include <string>

namespace sockscope {

// Reads all of `path` (relative to `dirfd`, or absolute) into `out`, reusing its capacity.
// /proc files report size 0, so it reads until EOF. Returns 0 or the errno of the failure.
int read_file_at(int dirfd, const char* path, std::string& out);

}  // namespace sockscope
