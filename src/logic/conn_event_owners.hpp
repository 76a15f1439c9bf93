// Owners for connection events that came without one (the sock_diag destroy groups), from the last snapshot.
#pragma once

#include <cstddef>
#include <span>

#include "model/conn_event.hpp"
#include "model/snapshot.hpp"

namespace sockscope {

// Gives each event that has no owner the process that held the same socket (same cookie) in
// `last`: its first holder, the lowest PID. Events that already have an owner, cookie 0, or a
// socket the snapshot did not see or saw without holders are left alone: a connection born and
// gone between two snapshots stays unowned in this mode. The PID is the one the snapshot used (the
// reader's PID namespace), tid and cgroup id stay 0. Returns how many events got an owner.
std::size_t join_owners(std::span<ConnEvent> events, const Snapshot& last);

}  // namespace sockscope
