// StateClock: remembers when each TCP connection was first seen in its current state.
#include "cli/netstat_state_clock.hpp"

namespace sockscope::cli {

namespace {

// Cookies tell sockets apart when both are known; without them, the addresses must do.
bool same_socket(std::uint64_t a, std::uint64_t b) { return a == 0 || b == 0 || a == b; }

}  // namespace

StateClock::Key StateClock::key(const Endpoint& e) {
  return {e.family, e.local, e.local_port, e.remote, e.remote_port};
}

void StateClock::observe(const Snapshot& snap, Clock::time_point now) {
  std::map<Key, Seen> next;
  for (const Endpoint& e : snap.endpoints) {
    if (e.proto != Proto::Tcp) continue;
    const Key k = key(e);
    // A listener and a connection can share addresses only with port 0 wildcards; keep the first.
    if (next.contains(k)) continue;
    auto it = seen_.find(k);
    if (it != seen_.end() && it->second.state == e.state && same_socket(it->second.cookie, e.cookie)) {
      next.emplace(k, it->second);
    } else {
      next.emplace(k, Seen{e.state, e.cookie, watched_before_ ? std::optional(now) : std::nullopt});
    }
  }
  seen_ = std::move(next);
  watched_before_ = true;
}

std::optional<std::int64_t> StateClock::ms_in_state(const Endpoint& e, Clock::time_point now) const {
  if (e.proto != Proto::Tcp) return std::nullopt;
  auto it = seen_.find(key(e));
  if (it == seen_.end() || it->second.state != e.state || !same_socket(it->second.cookie, e.cookie) ||
      !it->second.since)
    return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(now - *it->second.since).count();
}

}  // namespace sockscope::cli
