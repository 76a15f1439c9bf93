// The default, stable order of endpoint rows: protocol, local address and port, remote, inode.
#pragma once

#include <cstddef>
#include <vector>

#include "model/endpoint.hpp"

namespace sockscope {

bool default_less(const Endpoint& a, const Endpoint& b);

// Sorts row indices (into `endpoints`) by default_less; stable.
void sort_default(std::vector<std::size_t>& rows, const std::vector<Endpoint>& endpoints);

}  // namespace sockscope
