// advance(): matching endpoints of consecutive snapshots by identity, then by connection tuple.
#include "logic/endpoint_diff.hpp"

#include <unordered_map>

namespace sockscope {

const Process* LiveRow::owner() const {
  const Endpoint& e = endpoint();
  if (e.owners.empty() || e.owners.front().process >= snapshot->processes.size()) return nullptr;
  return &snapshot->processes[e.owners.front().process];
}

namespace {

// The same socket seen again: carry identity and history, note a state change, measure rates.
LiveRow carried(const LiveRow& before, const SnapshotPtr& cur, std::size_t index, std::uint64_t refresh) {
  LiveRow row = before;
  row.key = endpoint_key(cur->endpoints[index]);
  row.snapshot = cur;
  row.index = index;
  const Endpoint& was = before.endpoint();
  const Endpoint& now = cur->endpoints[index];
  if (was.state != now.state) {
    row.status = RowStatus::StateChanged;
    row.status_since = refresh;
  }
  row.rates = tcp_rates(was, now, cur->taken_at - before.snapshot->taken_at);
  return row;
}

}  // namespace

LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options) {
  LiveTable next;
  next.refresh = prev.refresh + 1;
  next.next_id = prev.next_id;
  const bool first = prev.refresh == 0;
  next.started = first ? cur->taken_at : prev.started;
  next.latest = cur;

  // Previous live rows by key; tombstones never match (a reused key is a new socket).
  std::unordered_map<EndpointKey, std::size_t, EndpointKeyHash> by_key;
  by_key.reserve(prev.rows.size());
  for (std::size_t i = 0; i < prev.rows.size(); ++i) {
    if (prev.rows[i].status != RowStatus::Closed) by_key.emplace(prev.rows[i].key, i);
  }
  std::vector<bool> used(prev.rows.size(), false);
  std::vector<std::size_t> unmatched;  // indices into cur->endpoints

  const auto& eps = cur->endpoints;
  next.rows.resize(eps.size());
  for (std::size_t i = 0; i < eps.size(); ++i) {
    auto it = by_key.find(endpoint_key(eps[i]));
    if (it != by_key.end() && !used[it->second]) {
      used[it->second] = true;
      next.rows[i] = carried(prev.rows[it->second], cur, i, next.refresh);
    } else {
      unmatched.push_back(i);
    }
  }

  // A TCP socket the kernel replaced (TIME_WAIT twin): same addresses, new cookie.
  if (!unmatched.empty()) {
    std::unordered_multimap<ConnectionTuple, std::size_t, ConnectionTupleHash> orphans;
    for (std::size_t i = 0; i < prev.rows.size(); ++i) {
      const LiveRow& r = prev.rows[i];
      if (!used[i] && r.status != RowStatus::Closed && r.endpoint().proto == Proto::Tcp) {
        orphans.emplace(connection_tuple(r.endpoint()), i);
      }
    }
    if (!orphans.empty()) {
      std::vector<std::size_t> still;
      for (std::size_t i : unmatched) {
        auto it = eps[i].proto == Proto::Tcp ? orphans.find(connection_tuple(eps[i])) : orphans.end();
        if (it == orphans.end()) {
          still.push_back(i);
          continue;
        }
        used[it->second] = true;
        next.rows[i] = carried(prev.rows[it->second], cur, i, next.refresh);
          orphans.erase(it);
      }
      unmatched.swap(still);
    }
  }

  for (std::size_t i : unmatched) {
    LiveRow& row = next.rows[i];
    row.id = next.next_id++;
    row.key = endpoint_key(eps[i]);
    row.snapshot = cur;
    row.index = i;
    row.first_seen = cur->taken_at;
    row.status_since = next.refresh;
    if (first || options.quiet.contains(eps[i])) {
      row.status = RowStatus::Alive;
      row.existed_before = true;
    } else {
      row.status = RowStatus::New;
    }
  }

  // Vanished sockets become tombstones; old tombstones go after their time.
  const auto lifetime = static_cast<std::uint64_t>(options.highlight_refreshes < 1 ? 1 : options.highlight_refreshes);
  for (std::size_t i = 0; i < prev.rows.size(); ++i) {
    const LiveRow& r = prev.rows[i];
    if (r.status == RowStatus::Closed) {
      if (next.refresh - r.status_since < lifetime) next.rows.push_back(r);
    } else if (!used[i] && !options.quiet.contains(r.endpoint())) {
      LiveRow gone = r;
      gone.status = RowStatus::Closed;
      gone.status_since = next.refresh;
      gone.rates = {};
      next.rows.push_back(std::move(gone));
    }
  }
  return next;
}

RowStatus shown_status(const LiveRow& row, std::uint64_t refresh, int highlight_refreshes) {
  if (row.status == RowStatus::Closed || row.status == RowStatus::Alive) return row.status;
  const auto n = static_cast<std::uint64_t>(highlight_refreshes < 0 ? 0 : highlight_refreshes);
  return refresh - row.status_since < n ? row.status : RowStatus::Alive;
}

}  // namespace sockscope
