// Endpoint identity keys and their hashes.
#include "logic/endpoint_identity.hpp"

#include <cstring>

namespace sockscope {

namespace {

// 64-bit mixing (splitmix64 finaliser), so nearby ports and addresses spread over the buckets.
std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

std::uint64_t mix_address(std::uint64_t h, const IpAddress& a) {
  std::uint64_t lo = 0, hi = 0;
  std::memcpy(&lo, a.bytes.data(), 8);
  std::memcpy(&hi, a.bytes.data() + 8, 8);
  return mix(mix(mix(h, lo), hi), a.scope_id);
}

}  // namespace

EndpointKey endpoint_key(const Endpoint& e) {
  EndpointKey k;
  k.proto = e.proto;
  k.family = e.family;
  if (e.cookie != 0) {
    k.cookie = e.cookie;
    return k;
  }
  k.local = e.local;
  k.remote = e.remote;
  k.local_port = e.local_port;
  k.remote_port = e.remote_port;
  k.inode = e.inode;
  return k;
}

std::size_t EndpointKeyHash::operator()(const EndpointKey& k) const noexcept {
  std::uint64_t h = mix(k.cookie, (static_cast<std::uint64_t>(k.proto) << 8) | static_cast<std::uint64_t>(k.family));
  if (k.cookie != 0) return h;
  h = mix_address(h, k.local);
  h = mix_address(h, k.remote);
  h = mix(h, (static_cast<std::uint64_t>(k.local_port) << 16) | k.remote_port);
  return mix(h, k.inode);
}

ConnectionTuple connection_tuple(const Endpoint& e) {
  return ConnectionTuple{e.proto, e.family, e.local, e.remote, e.local_port, e.remote_port};
}

std::size_t ConnectionTupleHash::operator()(const ConnectionTuple& t) const noexcept {
  std::uint64_t h = mix((static_cast<std::uint64_t>(t.proto) << 8) | static_cast<std::uint64_t>(t.family), 0);
  h = mix_address(h, t.local);
  h = mix_address(h, t.remote);
  return mix(h, (static_cast<std::uint64_t>(t.local_port) << 16) | t.remote_port);
}

}  // namespace sockscope
