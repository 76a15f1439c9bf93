// advance(): matching endpoints of consecutive snapshots by identity, then by connection tuple.
#include "logic/endpoint_diff.hpp"

#include <algorithm>
#include <bit>
#include <limits>

namespace sockscope {

const Process* LiveRow::owner() const {
  const Endpoint& e = endpoint();
  if (e.owners.empty() || e.owners.front().process >= snapshot->processes.size()) return nullptr;
  return &snapshot->processes[e.owners.front().process];
}

namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

// The previous table's live rows by identity, in one flat array reused across refreshes (a
// node-based map allocated ~16 MiB per refresh at 100k sockets). A slot holds the upper half of
// the key's hash, to skip most foreign keys without reading their row, and 1 + the row's index;
// 0 is free. Linear probing at a load factor of at most one half.
// Identity includes the network namespace: two namespaces may hold the very same addresses and
// ports (and, read from /proc, no cookie tells them apart). 0 when only one was collected.
std::uint64_t row_netns(const LiveRow& r) { return r.snapshot->netns_inode_of(r.index); }
std::uint64_t with_netns(std::uint64_t hash, std::uint64_t netns) {
  return netns == 0 ? hash : hash ^ (netns * 0x9e37'79b9'7f4a'7c15ull);
}

class RowIndex {
 public:
  RowIndex(std::vector<std::uint64_t>& slots, const std::vector<LiveRow>& rows) : slots_(slots), rows_(rows) {
    std::size_t live = 0;
    for (const LiveRow& r : rows) live += r.status != RowStatus::Closed;
    slots_.assign(std::bit_ceil(std::max<std::size_t>(16, 2 * live)), 0);
    mask_ = slots_.size() - 1;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      // Tombstones never match: a reused key is a new socket.
      if (rows[i].status != RowStatus::Closed) insert(static_cast<std::uint32_t>(i));
    }
  }

  // The row with `e`'s key in namespace `netns`, or kNone.
  std::uint32_t find(const Endpoint& e, std::uint64_t netns) const {
    const std::uint64_t h = with_netns(key_hash(e), netns);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint64_t v = slots_[s];
      if (v == 0) return kNone;
      if ((v >> 32) == (h >> 32) && same_key(row(v).endpoint(), e) && row_netns(row(v)) == netns) {
        return static_cast<std::uint32_t>(v) - 1;
      }
    }
  }

 private:
  // A key already present keeps its first row (the second can then only be matched as a twin).
  void insert(std::uint32_t i) {
    const Endpoint& e = rows_[i].endpoint();
    const std::uint64_t netns = row_netns(rows_[i]);
    const std::uint64_t h = with_netns(key_hash(e), netns);
    std::size_t s = h & mask_;
    for (; slots_[s] != 0; s = (s + 1) & mask_) {
      const std::uint64_t v = slots_[s];
      if ((v >> 32) == (h >> 32) && same_key(row(v).endpoint(), e) && row_netns(row(v)) == netns) return;
    }
    slots_[s] = (h & 0xffff'ffff'0000'0000ull) | (static_cast<std::uint64_t>(i) + 1);
  }
  const LiveRow& row(std::uint64_t slot) const { return rows_[static_cast<std::uint32_t>(slot) - 1]; }

  std::vector<std::uint64_t>& slots_;
  const std::vector<LiveRow>& rows_;
  std::size_t mask_ = 0;
};

// A TCP socket the kernel replaced (TIME_WAIT twin): same addresses, new cookie. Matches endpoints
// still unmatched to previous TCP rows still unmatched, each to the earliest such row with its
// addresses. The orphans are few (the refresh's churn), so sorting them costs little.
void match_twins(const std::vector<LiveRow>& old, const Snapshot& cur, DiffScratch& scratch) {
  const std::vector<Endpoint>& eps = cur.endpoints;
  auto& orphans = scratch.orphans;
  orphans.clear();
  for (std::size_t j = 0; j < old.size(); ++j) {
    const LiveRow& r = old[j];
    if (!scratch.used[j] && r.status != RowStatus::Closed && r.endpoint().proto == Proto::Tcp) {
      orphans.push_back((with_netns(connection_hash(r.endpoint()), row_netns(r)) & 0xffff'ffff'0000'0000ull) | j);
    }
  }
  if (orphans.empty()) return;
  std::sort(orphans.begin(), orphans.end());
  for (std::size_t i = 0; i < eps.size(); ++i) {
    if (scratch.match[i] != kNone || eps[i].proto != Proto::Tcp) continue;
    const std::uint64_t netns = cur.netns_inode_of(i);
    const std::uint64_t tag = with_netns(connection_hash(eps[i]), netns) & 0xffff'ffff'0000'0000ull;
    for (auto it = std::lower_bound(orphans.begin(), orphans.end(), tag);
         it != orphans.end() && (*it & 0xffff'ffff'0000'0000ull) == tag; ++it) {
      const auto j = static_cast<std::uint32_t>(*it);
      if (!scratch.used[j] && same_connection(old[j].endpoint(), eps[i]) && row_netns(old[j]) == netns) {
        scratch.used[j] = 1;
        scratch.match[i] = j;
        break;
      }
    }
  }
}

// The same socket seen again: carry identity and history, note a state change, measure rates.
void carry(LiveRow& row, const SnapshotPtr& cur, std::size_t index, std::uint64_t refresh) {
  const Endpoint& was = row.endpoint();
  const Endpoint& now = cur->endpoints[index];
  if (was.state != now.state) {
    row.status = RowStatus::StateChanged;
    row.status_since = refresh;
  }
  row.rates = tcp_rates(was, now, cur->taken_at - row.snapshot->taken_at);
  row.snapshot = cur;
  row.index = index;
}

}  // namespace

LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options) {
  DiffScratch scratch;
  return advance(prev, std::move(cur), options, scratch);
}

LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options, DiffScratch& scratch) {
  return advance(prev, std::move(cur), options, scratch, {});
}

LiveTable advance(const LiveTable& prev, SnapshotPtr cur, const DiffOptions& options, DiffScratch& scratch,
                  std::span<const ClosedBetween> between) {
  LiveTable next;
  next.events = prev.events;
  next.refresh = prev.refresh + 1;
  next.next_id = prev.next_id;
  const bool first = prev.refresh == 0;
  next.started = first ? cur->taken_at : prev.started;
  next.latest = cur;

  const std::vector<LiveRow>& old = prev.rows;
  const std::vector<Endpoint>& eps = cur->endpoints;
  scratch.used.assign(old.size(), 0);
  scratch.match.assign(eps.size(), kNone);
  bool unmatched_tcp = false;
  {
    const RowIndex index(scratch.slots, old);
    for (std::size_t i = 0; i < eps.size(); ++i) {
      const std::uint32_t j = index.find(eps[i], cur->netns_inode_of(i));
      if (j != kNone && !scratch.used[j]) {
        scratch.used[j] = 1;
        scratch.match[i] = j;
      } else if (eps[i].proto == Proto::Tcp) {
        unmatched_tcp = true;
      }
    }
  }
  if (unmatched_tcp) match_twins(old, *cur, scratch);

  const auto lifetime = static_cast<std::uint64_t>(options.highlight_refreshes < 1 ? 1 : options.highlight_refreshes);
  std::size_t tombstones = 0;  // at most: quiet ones leave no tombstone
  for (std::size_t j = 0; j < old.size(); ++j) {
    tombstones += old[j].status == RowStatus::Closed ? next.refresh - old[j].status_since < lifetime : !scratch.used[j];
  }
  next.rows = std::move(scratch.spare_rows);
  scratch.spare_rows = {};
  next.rows.clear();
  next.rows.reserve(eps.size() + tombstones + between.size());

  // The current snapshot's endpoints in its order.
  for (std::size_t i = 0; i < eps.size(); ++i) {
    if (const std::uint32_t j = scratch.match[i]; j != kNone) {
      carry(next.rows.emplace_back(old[j]), cur, i, next.refresh);
      continue;
    }
    LiveRow& row = next.rows.emplace_back();
    row.id = next.next_id++;
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
  for (std::size_t j = 0; j < old.size(); ++j) {
    const LiveRow& r = old[j];
    if (r.status == RowStatus::Closed) {
      if (next.refresh - r.status_since < lifetime) next.rows.push_back(r);
    } else if (!scratch.used[j] && !options.quiet.contains(r.endpoint())) {
      LiveRow& gone = next.rows.emplace_back(r);
      gone.status = RowStatus::Closed;
      gone.status_since = next.refresh;
      gone.rates = {};
    }
  }

  // Born and gone since the last snapshot: tombstones from the start, never matched again.
  for (const ClosedBetween& c : between) {
    if (!c.snapshot || c.snapshot->endpoints.empty()) continue;
    LiveRow& row = next.rows.emplace_back();
    row.id = next.next_id++;
    row.snapshot = c.snapshot;
    row.index = 0;
    row.status = RowStatus::Closed;
    row.status_since = next.refresh;
    row.short_lived = true;
    // Without an open time, only "at most its close" is known: the same bound as existed_before.
    row.first_seen = c.opened.value_or(c.snapshot->taken_at);
    row.existed_before = !c.opened;
  }
  return next;
}

RowStatus shown_status(const LiveRow& row, std::uint64_t refresh, int highlight_refreshes) {
  if (row.status == RowStatus::Closed || row.status == RowStatus::Alive) return row.status;
  const auto n = static_cast<std::uint64_t>(highlight_refreshes < 0 ? 0 : highlight_refreshes);
  return refresh - row.status_since < n ? row.status : RowStatus::Alive;
}

}  // namespace sockscope
