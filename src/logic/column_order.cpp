// The per-column orderings and the one stable sort every view uses: keys packed into numbers, texts ranked.
#include "logic/column_order.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <tuple>
#include <unordered_map>

namespace sockscope {

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

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool text_less(std::string_view a, std::string_view b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t k = 0; k < n; ++k) {
    const unsigned char x = static_cast<unsigned char>(lower(a[k]));
    const unsigned char y = static_cast<unsigned char>(lower(b[k]));
    if (x != y) return x < y;
  }
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;  // "Nginx" and "nginx": still a total order
}

// The default endpoint order (default_less) packed into numbers, then the row identity, so a
// sort of 100k rows compares integers instead of chasing two endpoints per comparison.
struct Tie {
  std::uint64_t head = 0;  // proto, family, local family, remote family
  std::uint64_t l_hi = 0, l_lo = 0, l_tail = 0;  // tail: scope << 16 | port
  std::string_view path;
  std::uint64_t r_hi = 0, r_lo = 0, r_tail = 0;
  std::uint64_t inode = 0, id = 0;
  std::uint8_t r_family = 0;
  bool operator<(const Tie& o) const {
    return std::tie(head, l_hi, l_lo, l_tail, path, r_family, r_hi, r_lo, r_tail, inode, id) <
           std::tie(o.head, o.l_hi, o.l_lo, o.l_tail, o.path, o.r_family, o.r_hi, o.r_lo, o.r_tail, o.inode, o.id);
  }
};

Tie tie_of(const OrderRow& row) {
  const Endpoint& e = *row.endpoint;
  Tie t;
  t.head = static_cast<std::uint64_t>(e.proto) << 16 | static_cast<std::uint64_t>(e.family) << 8 |
           static_cast<std::uint64_t>(e.local.family);
  std::tie(t.l_hi, t.l_lo) = halves(e.local);
  t.l_tail = static_cast<std::uint64_t>(e.local.scope_id) << 16 | e.local_port;
  t.path = e.unix_path;
  t.r_family = static_cast<std::uint8_t>(e.remote.family);
  std::tie(t.r_hi, t.r_lo) = halves(e.remote);
  t.r_tail = static_cast<std::uint64_t>(e.remote.scope_id) << 16 | e.remote_port;
  t.inode = e.inode;
  t.id = row.id;
  return t;
}

}  // namespace

OrderRule order_rule(ColumnId id) {
  switch (id) {
    case ColumnId::LocalAddress:
    case ColumnId::RemoteAddress:
    case ColumnId::Local:
    case ColumnId::Remote:
      return OrderRule::Address;
    case ColumnId::LocalPort:
    case ColumnId::RemotePort:
    case ColumnId::Inode:
    case ColumnId::Cookie:
    case ColumnId::Uid:
    case ColumnId::RecvQ:
    case ColumnId::SendQ:
    case ColumnId::BytesSent:
    case ColumnId::BytesAcked:
    case ColumnId::BytesReceived:
    case ColumnId::SegsOut:
    case ColumnId::SegsIn:
    case ColumnId::RttMs:
    case ColumnId::Retrans:
    case ColumnId::Pid:
    case ColumnId::Pids:
    case ColumnId::ProcessStart:
    case ColumnId::UnixPeer:
    case ColumnId::RawProtocol:
    case ColumnId::Netns:
    case ColumnId::Mark:
      return OrderRule::Number;
    case ColumnId::Proto:
    case ColumnId::State:
    case ColumnId::LocalName:
    case ColumnId::RemoteName:
    case ColumnId::LocalService:
    case ColumnId::RemoteService:
    case ColumnId::Interface:
    case ColumnId::User:
    case ColumnId::Process:
    case ColumnId::Exe:
    case ColumnId::Cmdline:
    case ColumnId::ProcessUser:
    case ColumnId::UnixType:
    case ColumnId::Unit:
    case ColumnId::NetnsName:
    case ColumnId::Container:
    case ColumnId::Cgroup:
      return OrderRule::Text;
  }
  return OrderRule::Text;
}

SortKey address_key(const Endpoint& e, bool local) {
  SortKey k;
  if (e.proto == Proto::Unix || e.family == Family::Unix) {
    if (!local || e.unix_path.empty()) return SortKey::none();
    k.i = 1 << 8;  // after every IP address
    k.s = e.unix_path;
    return k;
  }
  const IpAddress& a = local ? e.local : e.remote;
  k.i = static_cast<std::int64_t>(a.family);
  std::tie(k.u1, k.u2) = halves(a);
  k.u3 = static_cast<std::uint64_t>(local ? e.local_port : e.remote_port) << 32 | a.scope_id;
  return k;
}

void rank_texts(std::span<SortKey> keys) {
  // Text keys repeat (a few process names over 100k rows): ranking the distinct texts once lets
  // the sort compare integers, not strings.
  std::unordered_map<std::string_view, std::uint32_t> rank;
  for (const SortKey& k : keys) rank.try_emplace(k.s, 0);
  if (rank.size() <= 1) return;
  std::vector<std::string_view> distinct;
  distinct.reserve(rank.size());
  for (const auto& entry : rank) distinct.push_back(entry.first);
  std::sort(distinct.begin(), distinct.end(), text_less);
  for (std::uint32_t r = 0; r < distinct.size(); ++r) rank[distinct[r]] = r;
  for (SortKey& k : keys) k.s_rank = rank.find(k.s)->second;
}

int compare_keys(const SortKey& a, const SortKey& b) {
  if (a.absent != b.absent) return a.absent ? 1 : -1;
  const auto x = std::tie(a.i, a.u1, a.u2, a.u3, a.d, a.s_rank);
  const auto y = std::tie(b.i, b.u1, b.u2, b.u3, b.d, b.s_rank);
  if (x != y) return x < y ? -1 : 1;
  return 0;
}

std::vector<std::uint32_t> order_by_columns(std::span<const OrderColumn> columns, std::span<const OrderRow> rows) {
  std::vector<Tie> ties;
  ties.reserve(rows.size());
  for (const OrderRow& r : rows) ties.push_back(tie_of(r));
  // Sorting small indices moves less than sorting the keys themselves.
  std::vector<std::uint32_t> perm(rows.size());
  for (std::uint32_t k = 0; k < perm.size(); ++k) perm[k] = k;
  std::sort(perm.begin(), perm.end(), [&](std::uint32_t x, std::uint32_t y) {
    for (const OrderColumn& c : columns) {
      const int cmp = compare_keys(c.keys[x], c.keys[y]);
      if (cmp != 0) return c.descending ? cmp > 0 : cmp < 0;
    }
    return ties[x] < ties[y];
  });
  return perm;
}

SortWord parse_sort_word(std::string_view word) {
  SortWord w;
  w.column = word;
  if (const auto colon = word.rfind(':'); colon != std::string_view::npos) {
    w.direction = word.substr(colon + 1);
    w.column = word.substr(0, colon);
    w.descending = w.direction == "desc";
    w.valid = w.descending || w.direction == "asc";
  }
  return w;
}

}  // namespace sockscope
