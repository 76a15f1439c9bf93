// Time in current state (-i) for TCP connections, as far as sockscope saw the states begin.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include "model/snapshot.hpp"

namespace sockscope::cli {

// Linux keeps no timestamp of a socket's last state change, so the only honest source is
// watching: a connection that appears, or changes state, between two displays is known to
// have been in its state at least since the display that first showed it so (it may have begun
// up to one interval earlier: the value is a lower bound, never a guess). Connections already
// there at the first display, and non-TCP endpoints, stay unknown. A connection that closed and
// came back with the same addresses between two displays is a new socket (another cookie).
class StateClock {
 public:
  using Clock = std::chrono::steady_clock;

  // Records one display's endpoints, seen at `now`; connections gone since are forgotten.
  void observe(const Snapshot& snap, Clock::time_point now);
  // Milliseconds `e` has been in its current state as of `now`; nullopt when not known.
  std::optional<std::int64_t> ms_in_state(const Endpoint& e, Clock::time_point now) const;

 private:
  // A connection is its addresses and ports: its socket (and cookie) changes on TIME_WAIT.
  using Key = std::tuple<Family, IpAddress, std::uint16_t, IpAddress, std::uint16_t>;
  struct Seen {
    TcpState state;
    std::uint64_t cookie;  // 0 when unknown (the /proc fallback)
    std::optional<Clock::time_point> since;  // nullopt: the state began before sockscope looked
  };
  static Key key(const Endpoint& e);
  std::map<Key, Seen> seen_;
  bool watched_before_ = false;
};

}  // namespace sockscope::cli
