// The default, stable order of endpoint rows: protocol, local address and port, remote, inode.
#include "logic/endpoint_order.hpp"

#include <algorithm>
#include <cstring>

namespace sockscope {
namespace {

int compare(const IpAddress& a, const IpAddress& b) {
  if (a.family != b.family) return a.family < b.family ? -1 : 1;
  if (const int c = std::memcmp(a.bytes.data(), b.bytes.data(), a.bytes.size())) return c;
  return a.scope_id < b.scope_id ? -1 : a.scope_id > b.scope_id ? 1 : 0;
}

// Whether the default order of `e` is fully told by (proto, local v4, port, remote v4, port, inode):
// IPv4 on both sides with nothing in the other address bytes or scope, and no UNIX path.
bool plain_ipv4(const Endpoint& e) {
  if (e.family != Family::Inet4 || e.local.family != Family::Inet4 || e.remote.family != Family::Inet4) return false;
  if (e.local.scope_id != 0 || e.remote.scope_id != 0 || !e.unix_path.empty()) return false;
  if (static_cast<unsigned>(e.proto) > 3) return false;
  static constexpr std::uint8_t zeros[12] = {};
  return std::memcmp(e.local.bytes.data() + 4, zeros, 12) == 0 && std::memcmp(e.remote.bytes.data() + 4, zeros, 12) == 0;
}

std::uint32_t be32(const IpAddress& a) {
  return std::uint32_t{a.bytes[0]} << 24 | std::uint32_t{a.bytes[1]} << 16 | std::uint32_t{a.bytes[2]} << 8 | a.bytes[3];
}

// One row to sort: for plain IPv4 rows the order key in 98 bits (proto 2, local address 32, port
// 16, remote address 32, port 16), then the endpoint's index (29 bits) and a plain flag in the low bits.
// Sorting these contiguous 16-byte items instead of chasing each comparison into two endpoints
// (128 bytes apart, 13 MiB at 100k rows) took the sort from ~45 ms to a few ms there.
struct Item {
  unsigned __int128 bits;
  static constexpr unsigned kIndexBits = 29;
  static constexpr unsigned kLowBits = kIndexBits + 1;
  std::size_t index() const { return static_cast<std::size_t>((bits >> 1) & ((1u << kIndexBits) - 1)); }
  bool plain() const { return (bits & 1) != 0; }
  unsigned __int128 key() const { return bits >> kLowBits; }
};

Item make_item(const Endpoint& e, std::size_t row) {
  Item it{static_cast<unsigned __int128>(row) << 1};
  if (!plain_ipv4(e)) return it;
  unsigned __int128 key = static_cast<unsigned>(e.proto);
  key = key << 32 | be32(e.local);
  key = key << 16 | e.local_port;
  key = key << 32 | be32(e.remote);
  key = key << 16 | e.remote_port;
  it.bits |= key << Item::kLowBits | 1;
  return it;
}

}  // namespace

bool default_less(const Endpoint& a, const Endpoint& b) {
  // The tuple (proto, family, local, local_port, unix_path, remote, remote_port, inode), unrolled.
  if (a.proto != b.proto) return a.proto < b.proto;
  if (a.family != b.family) return a.family < b.family;
  if (const int c = compare(a.local, b.local)) return c < 0;
  if (a.local_port != b.local_port) return a.local_port < b.local_port;
  if (a.unix_path != b.unix_path) return a.unix_path < b.unix_path;
  if (const int c = compare(a.remote, b.remote)) return c < 0;
  if (a.remote_port != b.remote_port) return a.remote_port < b.remote_port;
  return a.inode < b.inode;
}

void sort_default(std::vector<std::size_t>& rows, const std::vector<Endpoint>& endpoints) {
  // Items carry the endpoint index, not the position in `rows`: ties (equal rows) then keep their
  // order as a stable sort would only if `rows` is ascending, which it is when it comes from
  // select_endpoints(). Otherwise, and for absurd sizes, the plain stable sort.
  const std::size_t limit = std::size_t{1} << Item::kIndexBits;
  const bool fits = std::is_sorted(rows.begin(), rows.end()) && (rows.empty() || rows.back() < endpoints.size()) &&
                    endpoints.size() < limit;
  if (!fits) {
    std::stable_sort(rows.begin(), rows.end(),
                     [&](std::size_t x, std::size_t y) { return default_less(endpoints[x], endpoints[y]); });
    return;
  }
  std::vector<Item> items;
  items.reserve(rows.size());
  for (std::size_t r : rows) items.push_back(make_item(endpoints[r], r));
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const Endpoint& x = endpoints[a.index()];
    const Endpoint& y = endpoints[b.index()];
    if (a.plain() && b.plain()) {
      if (a.key() != b.key()) return a.key() < b.key();
      if (x.inode != y.inode) return x.inode < y.inode;
    } else {
      if (default_less(x, y)) return true;
      if (default_less(y, x)) return false;
    }
    return a.index() < b.index();
  });
  for (std::size_t i = 0; i < items.size(); ++i) rows[i] = items[i].index();
}

}  // namespace sockscope
