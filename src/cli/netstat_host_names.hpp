// Host names for the netstat tables: /etc/hosts only, so a table never waits on DNS.
#pragma once

#include "present/netstat_routes_text.hpp"

namespace sockscope::cli {

// A namer over /etc/hosts, or an empty one when `numeric` or the file cannot be read.
HostNamer hosts_file_namer(bool numeric);

}  // namespace sockscope::cli
