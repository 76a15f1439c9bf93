// Interfaces from rtnetlink: RTM_GETLINK (name, MTU, flags, hardware address, IFLA_STATS64) joined with RTM_GETADDR.
#pragma once

#include <vector>

#include "model/error.hpp"
#include "model/netstat_tables.hpp"

namespace sockscope {

// Every interface of the caller's network namespace, sorted by index, each with its IPv4 and IPv6
// addresses (in the kernel's order). Dumps interrupted by a concurrent change are asked again (a few
// times; then the last answer is kept). Fails when NETLINK_ROUTE cannot be opened or the link dump
// fails; a failing address dump leaves the addresses empty only for AF_INET6-less kernels, else fails.
Result<std::vector<InterfaceInfo>> dump_links();

}  // namespace sockscope
