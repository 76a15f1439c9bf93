// Which socket a row is across snapshots: the sock_diag cookie when the kernel gave one, else its addresses and inode.
#pragma once

#include <cstddef>
#include <cstdint>

#include "model/endpoint.hpp"

namespace sockscope {

// With a cookie only the cookie (and protocol) counts: the kernel never reuses a cookie during
// a boot. Without one (the /proc source) the addresses, ports and inode stand in for it.
struct EndpointKey {
  std::uint64_t cookie = 0;
  Proto proto = Proto::Tcp;
  Family family = Family::Inet4;
  IpAddress local;
  IpAddress remote;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  std::uint64_t inode = 0;
  friend bool operator==(const EndpointKey&, const EndpointKey&) = default;
};

EndpointKey endpoint_key(const Endpoint& e);

struct EndpointKeyHash {
  std::size_t operator()(const EndpointKey& k) const noexcept;
};

// The same as comparing and hashing endpoint_key(a) and endpoint_key(b), without building the
// keys: the live view does this for every socket on every refresh.
bool same_key(const Endpoint& a, const Endpoint& b);
std::size_t key_hash(const Endpoint& e);

// The connection's addresses alone: how a TCP socket is recognised after the kernel replaced it
// by another object (an established socket becoming its TIME_WAIT twin gets a new cookie).
struct ConnectionTuple {
  Proto proto = Proto::Tcp;
  Family family = Family::Inet4;
  IpAddress local;
  IpAddress remote;
  std::uint16_t local_port = 0;
  std::uint16_t remote_port = 0;
  friend bool operator==(const ConnectionTuple&, const ConnectionTuple&) = default;
};

ConnectionTuple connection_tuple(const Endpoint& e);

struct ConnectionTupleHash {
  std::size_t operator()(const ConnectionTuple& t) const noexcept;
};

// connection_tuple(a) == connection_tuple(b), and ConnectionTupleHash of connection_tuple(e).
bool same_connection(const Endpoint& a, const Endpoint& b);
std::size_t connection_hash(const Endpoint& e);

}  // namespace sockscope
