// Routes from rtnetlink: RTM_GETROUTE dumps for AF_INET and AF_INET6, every table.
#pragma once

#include <vector>

#include "model/error.hpp"
#include "model/netstat_tables.hpp"

namespace sockscope {

// Every route of every table (main, local and policy tables), cache entries excluded, in the
// kernel's order. Interrupted dumps are asked again a few times. Fails when NETLINK_ROUTE cannot be
// opened or the AF_INET dump fails.
Result<RouteTables> dump_routes();

}  // namespace sockscope
