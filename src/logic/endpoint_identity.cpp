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

// One hash for EndpointKey and Endpoint, so the two can never disagree.
template <class K>
std::uint64_t hash_key(const K& k, std::uint64_t cookie) {
  std::uint64_t h = mix(cookie, (static_cast<std::uint64_t>(k.proto) << 8) | static_cast<std::uint64_t>(k.family));
  if (cookie != 0) return h;
  h = mix_address(h, k.local);
  h = mix_address(h, k.remote);
  h = mix(h, (static_cast<std::uint64_t>(k.local_port) << 16) | k.remote_port);
  return mix(h, k.inode);
}

template <class T>
std::uint64_t hash_tuple(const T& t) {
  std::uint64_t h = mix((static_cast<std::uint64_t>(t.proto) << 8) | static_cast<std::uint64_t>(t.family), 0);
  h = mix_address(h, t.local);
  h = mix_address(h, t.remote);
  return mix(h, (static_cast<std::uint64_t>(t.local_port) << 16) | t.remote_port);
}

bool same_addresses(const Endpoint& a, const Endpoint& b) {
  return a.proto == b.proto && a.family == b.family && a.local_port == b.local_port &&
         a.remote_port == b.remote_port && a.local == b.local && a.remote == b.remote;
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

std::size_t EndpointKeyHash::operator()(const EndpointKey& k) const noexcept { return hash_key(k, k.cookie); }

bool same_key(const Endpoint& a, const Endpoint& b) {
  if (a.cookie != b.cookie || a.proto != b.proto || a.family != b.family) return false;
  return a.cookie != 0 || (a.inode == b.inode && same_addresses(a, b));
}

std::size_t key_hash(const Endpoint& e) { return hash_key(e, e.cookie); }

ConnectionTuple connection_tuple(const Endpoint& e) {
  return ConnectionTuple{e.proto, e.family, e.local, e.remote, e.local_port, e.remote_port};
}

std::size_t ConnectionTupleHash::operator()(const ConnectionTuple& t) const noexcept { return hash_tuple(t); }

bool same_connection(const Endpoint& a, const Endpoint& b) { return same_addresses(a, b); }

std::size_t connection_hash(const Endpoint& e) { return hash_tuple(e); }

}  // namespace sockscope
