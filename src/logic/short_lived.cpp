// pick_short_lived(): closed-connection events matched against the live table by cookie or addresses.
#include "logic/short_lived.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "logic/endpoint_identity.hpp"

namespace sockscope {

namespace {

bool candidate(const ConnEvent& e) {
  if (e.kind != ConnEventKind::Closed || e.proto != Proto::Tcp) return false;
  // The eBPF capture knows when a connection opened; one it never saw open existed before it began.
  return e.source != ConnEventSource::Ebpf || e.open_ns != 0;
}

Endpoint endpoint_of(const ConnEvent& e) {
  Endpoint ep;
  ep.proto = Proto::Tcp;
  ep.family = e.family;
  ep.state = TcpState::Close;
  ep.local = e.local;
  ep.remote = e.remote;
  ep.local_port = e.local_port;
  ep.remote_port = e.remote_port;
  ep.cookie = e.cookie;
  ep.tcp = e.tcp;
  if (e.owner) {
    ep.uid = e.owner->uid;
    ep.owners = OwnerList{Owner{0, -1}};
  }
  return ep;
}

std::chrono::system_clock::time_point unix_time(std::uint64_t boot_ns, std::int64_t offset) {
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::nanoseconds(static_cast<std::int64_t>(boot_ns) + offset)));
}

// Namespace inodes compare on their low 32 bits (what the event carries); 0 is "unknown", matching any.
bool same_netns(std::uint64_t a, std::uint64_t b) {
  return a == 0 || b == 0 || static_cast<std::uint32_t>(a) == static_cast<std::uint32_t>(b);
}

// Whether `cur` collected the namespace an event came from: the eBPF capture sees every namespace
// of the host, the view shows those it was asked for.
bool collected_netns(const Snapshot& cur, std::uint32_t netns) {
  if (netns == 0) return true;
  if (cur.namespaces.empty()) return cur.current_netns == 0 || static_cast<std::uint32_t>(cur.current_netns) == netns;
  return std::ranges::any_of(cur.namespaces, [&](const NetnsInfo& n) { return static_cast<std::uint32_t>(n.inode) == netns; });
}

}  // namespace

ClosedBetween closed_between(const ConnEvent& e, const Snapshot& cur, std::int64_t boot_to_unix_ns) {
  auto s = std::make_shared<Snapshot>();
  s->taken_at = e.close_ns ? unix_time(e.close_ns, boot_to_unix_ns) : cur.taken_at;
  s->endpoints.push_back(endpoint_of(e));
  if (e.owner) {
    Process p;
    p.pid = static_cast<int>(e.owner->pid);
    p.uid = e.owner->uid;
    p.name = e.owner->comm;
    p.user = std::to_string(e.owner->uid);
    s->processes.push_back(std::move(p));
  }
  s->current_netns = cur.current_netns;
  s->init_netns = cur.init_netns;
  if (e.netns != 0) {
    for (const NetnsInfo& n : cur.namespaces) {
      if (static_cast<std::uint32_t>(n.inode) == e.netns) {
        s->namespaces.push_back(n);
        s->netns_rows.push_back(NetnsRows{n.inode, 0, 1});
        break;
      }
    }
  }
  ClosedBetween out;
  if (e.open_ns != 0) out.opened = unix_time(e.open_ns, boot_to_unix_ns);
  out.snapshot = std::move(s);
  return out;
}

ShortLivedPick pick_short_lived(const LiveTable& prev, const Snapshot& cur, std::span<const ConnEvent> events,
                                const ShortLivedOptions& options) {
  ShortLivedPick pick;
  if (prev.refresh == 0) return pick;
  // The candidates, by cookie and by addresses; an entry is erased once the table shows it was seen.
  std::unordered_map<std::uint64_t, std::size_t> by_cookie;
  std::unordered_multimap<std::size_t, std::size_t> by_tuple;
  std::vector<std::uint8_t> seen(events.size(), 0);
  std::vector<ConnectionTuple> tuples(events.size());
  std::size_t candidates = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!candidate(events[i]) || !collected_netns(cur, events[i].netns)) {
      seen[i] = 1;
      continue;
    }
    ++candidates;
    if (events[i].cookie != 0) by_cookie.emplace(events[i].cookie, i);
    Endpoint ep = endpoint_of(events[i]);
    tuples[i] = connection_tuple(ep);
    by_tuple.emplace(ConnectionTupleHash{}(tuples[i]), i);
  }
  if (candidates == 0) return pick;

  auto look = [&](const Endpoint& e, std::uint64_t netns) {
    if (e.proto != Proto::Tcp || e.state == TcpState::TimeWait) return;
    if (e.cookie != 0) {
      if (auto it = by_cookie.find(e.cookie); it != by_cookie.end()) seen[it->second] = 1;
    }
    const ConnectionTuple t = connection_tuple(e);
    auto [first, last] = by_tuple.equal_range(ConnectionTupleHash{}(t));
    for (auto it = first; it != last; ++it) {
      const ConnEvent& ev = events[it->second];
      if ((e.cookie == 0 || ev.cookie == 0) && tuples[it->second] == t && same_netns(netns, ev.netns)) {
        seen[it->second] = 1;
      }
    }
  };
  for (const LiveRow& r : prev.rows) {
    if (!r.short_lived) look(r.endpoint(), r.snapshot->netns_inode_of(r.index));
  }
  for (std::size_t i = 0; i < cur.endpoints.size(); ++i) look(cur.endpoints[i], cur.netns_inode_of(i));

  // Room left under the cap: the short-lived rows of `prev` that the next table keeps.
  const auto lifetime = static_cast<std::uint64_t>(std::max(options.highlight_refreshes, 1));
  std::size_t kept = 0;
  for (const LiveRow& r : prev.rows) kept += r.short_lived && prev.refresh + 1 - r.status_since < lifetime;
  std::size_t room = options.cap > kept ? options.cap - kept : 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (seen[i]) continue;
    ++pick.seen;
    if (room == 0) {
      ++pick.over_cap;
      continue;
    }
    --room;
    pick.rows.push_back(closed_between(events[i], cur, options.boot_to_unix_ns));
  }
  return pick;
}

}  // namespace sockscope
