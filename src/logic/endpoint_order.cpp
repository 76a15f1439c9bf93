// The default, stable order of endpoint rows: protocol, local address and port, remote, inode.
#include "logic/endpoint_order.hpp"

#include <algorithm>
#include <tuple>

namespace sockscope {

bool default_less(const Endpoint& a, const Endpoint& b) {
  auto key = [](const Endpoint& e) {
    return std::tie(e.proto, e.family, e.local, e.local_port, e.unix_path, e.remote, e.remote_port, e.inode);
  };
  return key(a) < key(b);
}

void sort_default(std::vector<std::size_t>& rows, const std::vector<Endpoint>& endpoints) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::size_t x, std::size_t y) { return default_less(endpoints[x], endpoints[y]); });
}

}  // namespace sockscope
