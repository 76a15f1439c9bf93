// Filtering and stable sorting of live rows: each row's sort key is packed into plain numbers and a
// text view once per rebuild, so sorting 100k rows compares integers, not cells.
#include "tui/view_rows.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "logic/quick_filter.hpp"
#include "resolve/names.hpp"

namespace sockscope::tui {

namespace {

// An address as two big-endian halves, so integer order is address order.
std::pair<std::uint64_t, std::uint64_t> halves(const IpAddress& a) {
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, a.bytes.data(), 8);
  std::memcpy(&lo, a.bytes.data() + 8, 8);
  if constexpr (std::endian::native == std::endian::little) {
    hi = __builtin_bswap64(hi);
    lo = __builtin_bswap64(lo);
  }
  return {hi, lo};
}

// The sorted column's value for one row. Only the members the column uses vary; the rest stay 0.
struct Primary {
  bool absent = false;  // absent values sort last, as in compare_values
  std::int64_t i = 0;
  std::uint64_t u1 = 0, u2 = 0;
  double d = 0;
  std::string_view s;
  std::uint32_t s_rank = 0;  // s's place among the distinct texts: compared instead of s
  int compare(const Primary& o) const {
    if (absent != o.absent) return absent ? 1 : -1;
    const auto a = std::tie(i, u1, u2, d, s_rank), b = std::tie(o.i, o.u1, o.u2, o.d, o.s_rank);
    if (a != b) return a < b ? -1 : 1;
    return 0;
  }
};

// Text keys repeat (a few process names over 100k rows): ranking the distinct texts once lets the
// sort compare integers, not strings.
template <class Keys>
void rank_texts(Keys& keys) {
  std::unordered_map<std::string_view, std::uint32_t> rank;
  for (const auto& k : keys) rank.try_emplace(k.primary.s, 0);
  if (rank.size() <= 1) return;
  std::vector<std::string_view> distinct;
  distinct.reserve(rank.size());
  for (const auto& entry : rank) distinct.push_back(entry.first);
  std::sort(distinct.begin(), distinct.end());
  for (std::uint32_t r = 0; r < distinct.size(); ++r) rank[distinct[r]] = r;
  for (auto& k : keys) k.primary.s_rank = rank.find(k.primary.s)->second;
}

// Ties: the default endpoint order (protocol, local, remote, inode), then the row id.
struct Tie {
  std::uint64_t head = 0;  // proto, family, local port, remote port
  std::uint64_t l_hi = 0, l_lo = 0, r_hi = 0, r_lo = 0;
  std::uint64_t inode = 0, id = 0;
  std::string_view path;
  bool operator<(const Tie& o) const {
    return std::tie(head, l_hi, l_lo, path, r_hi, r_lo, inode, id) <
           std::tie(o.head, o.l_hi, o.l_lo, o.path, o.r_hi, o.r_lo, o.inode, o.id);
  }
};

Tie tie_of(const LiveRow& row) {
  const Endpoint& e = row.endpoint();
  Tie t;
  t.head = (static_cast<std::uint64_t>(e.proto) << 56) | (static_cast<std::uint64_t>(e.family) << 48) |
           (static_cast<std::uint64_t>(e.local_port) << 16) | e.remote_port;
  std::tie(t.l_hi, t.l_lo) = halves(e.local);
  std::tie(t.r_hi, t.r_lo) = halves(e.remote);
  t.inode = e.inode;
  t.id = row.id;
  t.path = e.unix_path;
  return t;
}

// Host names as the row shows them, for the quick filter.
std::string shown_names(const Endpoint& e, const CellContext& ctx) {
  std::string out;
  if (!ctx.names || e.proto == Proto::Unix) return out;
  for (const IpAddress* a : {&e.local, &e.remote}) {
    if (a->is_unspecified()) continue;
    if (auto n = ctx.names->host_name(*a)) out += *n + ' ';
  }
  return out;
}

}  // namespace

bool shown_by_toggles(const ViewSettings& settings, const Endpoint& e) {
  if (!settings.protos.contains(e)) return false;
  const TcpState st = e.state == TcpState::NewSynRecv ? TcpState::SynRecv : e.state;
  return (settings.states & state_bit(st)) != 0;
}

std::optional<std::vector<std::size_t>> narrowed_rows(const ViewState& s, const CellContext& ctx,
                                                      std::string_view previous) {
  const QuickFilter before(previous);
  const QuickFilter now(s.filter);
  if (now.needle.find(before.needle) == std::string::npos) return std::nullopt;
  std::vector<std::size_t> out;
  out.reserve(s.order.size());
  for (std::size_t i : s.order) {
    const LiveRow& row = s.table->rows[i];
    const Endpoint& e = row.endpoint();
    if (now.matches(e, *row.snapshot, shown_names(e, ctx))) out.push_back(i);
  }
  return out;
}

std::vector<std::size_t> ordered_rows(const ViewState& s, const CellContext& ctx) {
  const auto& rows = s.table->rows;
  const QuickFilter quick(s.filter);
  std::vector<std::size_t> order;
  order.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Endpoint& e = rows[i].endpoint();
    if (!shown_by_toggles(s.settings, e)) continue;
    if (!quick.empty() && !quick.matches(e, *rows[i].snapshot, shown_names(e, ctx))) continue;
    order.push_back(i);
  }
  const ViewColumn* col = s.sort_column < s.catalog.size() ? &s.catalog[s.sort_column] : nullptr;

  struct Key {
    Primary primary;
    Tie tie;
    std::size_t index;
  };
  std::vector<Key> keys(order.size());
  // Text made on the fly (names, formatted values). Reserved up front so it never reallocates:
  // the views into it stay valid.
  std::vector<std::string> owned;
  owned.reserve(col && col->data ? order.size() : 0);
  std::string scratch;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const LiveRow& row = rows[order[k]];
    const Endpoint& e = row.endpoint();
    Key& key = keys[k];
    key.index = order[k];
    key.tie = tie_of(row);
    if (!col) continue;
    Primary& p = key.primary;
    const bool address = col->data && (col->data->id == ColumnId::LocalAddress || col->data->id == ColumnId::RemoteAddress);
    if (address) {
      const bool local = col->data->id == ColumnId::LocalAddress;
      if (e.proto == Proto::Unix) {
        p.absent = !local;
        p.i = 1 << 8;  // after every IP address
        p.s = local ? std::string_view(e.unix_path) : std::string_view{};
      } else {
        const IpAddress& a = local ? e.local : e.remote;
        p.i = static_cast<std::int64_t>(a.family);
        std::tie(p.u1, p.u2) = halves(a);
        p.d = a.scope_id;
      }
    } else if (col->field == ViewField::FirstSeen) {
      p.i = row.first_seen.time_since_epoch().count();
    } else if (col->field == ViewField::SendRate || col->field == ViewField::ReceiveRate) {
      const auto& r = col->field == ViewField::SendRate ? row.rates.send : row.rates.receive;
      p.absent = !r;
      p.d = r.value_or(0);
    } else if (col->data) {
      ValueContext vc{*row.snapshot, ctx.names, ctx.local};
      const Value v = col->data->get(e, vc, scratch);
      if (std::holds_alternative<std::monostate>(v)) p.absent = true;
      else if (const auto* i = std::get_if<std::int64_t>(&v)) p.i = *i;
      else if (const auto* u = std::get_if<std::uint64_t>(&v)) p.u1 = *u;
      else if (const auto* d = std::get_if<double>(&v)) p.d = *d;
      else if (const auto* t = std::get_if<std::string_view>(&v)) {
        // Views into the snapshot stay valid; text in the scratch string is kept per row.
        if (t->data() == scratch.data()) p.s = owned.emplace_back(*t);
        else p.s = *t;
      }
    }
  }
  if (col) rank_texts(keys);
  // Sorting small indices moves less than sorting the keys themselves.
  std::vector<std::uint32_t> perm(keys.size());
  for (std::uint32_t k = 0; k < perm.size(); ++k) perm[k] = k;
  const bool descending = s.sort_descending;
  std::sort(perm.begin(), perm.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Key& a = keys[x];
    const Key& b = keys[y];
    const int c = a.primary.compare(b.primary);
    if (c != 0) return descending ? c > 0 : c < 0;
    return a.tie < b.tie;
  });
  for (std::size_t k = 0; k < perm.size(); ++k) order[k] = keys[perm[k]].index;
  return order;
}

}  // namespace sockscope::tui
