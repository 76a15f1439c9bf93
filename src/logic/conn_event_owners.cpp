// Owners for connection events that came without one (the sock_diag destroy groups), from the last snapshot.
#include "logic/conn_event_owners.hpp"

#include <unordered_map>

namespace sockscope {

std::size_t join_owners(std::span<ConnEvent> events, const Snapshot& last) {
  std::unordered_map<std::uint64_t, const Endpoint*> by_cookie;
  by_cookie.reserve(last.endpoints.size());
  for (const Endpoint& e : last.endpoints) {
    if (e.cookie != 0 && !e.owners.empty()) by_cookie.emplace(e.cookie, &e);
  }
  std::size_t joined = 0;
  for (ConnEvent& event : events) {
    if (event.owner || event.cookie == 0) continue;
    const auto found = by_cookie.find(event.cookie);
    if (found == by_cookie.end()) continue;
    const std::uint32_t index = found->second->owners.begin()->process;
    if (index >= last.processes.size()) continue;
    const Process& p = last.processes[index];
    ConnOwner owner;
    owner.pid = static_cast<std::uint32_t>(p.pid);
    owner.uid = p.uid;
    owner.comm = p.name;
    event.owner = std::move(owner);
    ++joined;
  }
  return joined;
}

}  // namespace sockscope
