// The system's lookups for the filter language: service names from /etc/services, interface names,
// cgroup paths. Every surface parsing a filter typed by a person uses them (the command line, the
// live view's and the window's `/`), so `dport = :ssh` means the same everywhere.
#pragma once

#include "logic/query_ast.hpp"

namespace sockscope {

// Services from /etc/services (TCP first, then UDP; loaded on the first name), interfaces by
// if_nametoindex(), cgroups under the cgroup2 mount (looked up only for a `cgroup` term). Safe to
// share between threads; keep one where filters are parsed often (the live view re-reads its own).
QueryLookups system_query_lookups();

}  // namespace sockscope
