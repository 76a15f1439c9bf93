// One comparator per column: list's sort and the live view's sort give the same endpoints the same order.
#include <gtest/gtest.h>

#include "logic/endpoint_diff.hpp"
#include "present/column_sort.hpp"
#include "view/view_rows.hpp"
#include "view_test_support.hpp"

namespace sockscope::testing {
namespace {

// Addresses that order differently as text and as numbers, both families, a UNIX socket, exact
// duplicates (only the tie decides), process names differing in case, absent owners.
std::vector<Endpoint> mixed_endpoints() {
  Endpoint unix_sock;
  unix_sock.proto = Proto::Unix;
  unix_sock.family = Family::Unix;
  unix_sock.unix_path = "/run/x.sock";
  unix_sock.state = TcpState::Listen;
  unix_sock.inode = 77;
  return {owned(tcp4("10.0.0.1", 80, "10.0.0.10", 5000, TcpState::Established, 1), {0}),
          owned(tcp4("10.0.0.1", 80, "10.0.0.9", 5000, TcpState::Established, 2), {1}),
          owned(tcp4("10.0.0.1", 80, "10.0.0.9", 4000, TcpState::Established, 3), {2}),
          owned(tcp6("::1", 22, "fe80::2", 9, TcpState::Established, 4), {3}),
          tcp4("9.0.0.1", 1000, "0.0.0.0", 0, TcpState::Listen, 5),
          owned(udp4("0.0.0.0", 68, 6), {2}),
          owned(udp4("0.0.0.0", 68, 6), {2}),
          owned(unix_sock, {0})};
}

std::vector<Process> mixed_processes() {
  return {process(100, "nginx", "/usr/sbin/nginx", {"nginx"}, 33, "www-data", 5),
          process(20, "Nginx", "/opt/Nginx", {"Nginx"}, 0, "root", 7),
          process(3000, "curl", "/usr/bin/curl", {"curl"}, 1000, "alice", 6),
          process(4, "Zed", "/bin/zed", {"zed"}, 1000, "alice", 1)};
}

std::vector<std::size_t> list_order(const Snapshot& snap, const Column& c, bool descending, LocalLookups& local) {
  std::vector<std::size_t> rows(snap.endpoints.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
  const ColumnSort sorts[] = {{&c, descending}};
  sort_snapshot_rows(rows, sorts, ValueContext{snap, nullptr, &local});
  return rows;
}

std::vector<std::size_t> live_order(const SnapshotPtr& snap, std::size_t catalog_index, bool descending,
                                    LocalLookups& local) {
  view::ModelState s;
  s.settings.protos = ProtoSet::all();
  s.settings.states = kAllStates;
  s.catalog = view::view_column_catalog();
  s.sort_column = catalog_index;
  s.sort_descending = descending;
  s.table = std::make_shared<const LiveTable>(advance(LiveTable{}, snap, DiffOptions{}));
  view::CellContext ctx;
  ctx.local = &local;
  std::vector<std::size_t> out;
  for (std::size_t i : view::ordered_rows(s, ctx)) out.push_back(s.table->rows[i].index);
  return out;
}

TEST(ColumnOrder, ListAndLiveViewAgreeOnEveryColumn) {
  SnapshotPtr snap = make_snapshot(kWallStart, mixed_endpoints(), mixed_processes());
  LocalLookups local = fixed_lookups();
  const auto catalog = view::view_column_catalog();
  for (const Column& c : all_columns()) {
    const std::size_t at = view::find_view_column(catalog, c.key);
    ASSERT_LT(at, catalog.size()) << c.key;
    for (bool descending : {false, true}) {
      EXPECT_EQ(list_order(*snap, c, descending, local), live_order(snap, at, descending, local))
          << c.key << (descending ? " descending" : "");
    }
  }
}

TEST(ColumnOrder, RemoteAddressesSortNumericallyThenByPort) {
  SnapshotPtr snap = make_snapshot(kWallStart, mixed_endpoints(), mixed_processes());
  LocalLookups local = fixed_lookups();
  // 0.0.0.0 (5, 6, 7), 10.0.0.9:4000 (3), 10.0.0.9:5000 (2), 10.0.0.10 (1), then IPv6, then none.
  EXPECT_EQ(list_order(*snap, column(ColumnId::RemoteAddress), false, local),
            (std::vector<std::size_t>{4, 5, 6, 2, 1, 0, 3, 7}));
}

TEST(ColumnOrder, TextIgnoresCaseAndNumbersInTextAreNumbers) {
  SnapshotPtr snap = make_snapshot(kWallStart, mixed_endpoints(), mixed_processes());
  LocalLookups local = fixed_lookups();
  // curl, nginx, Nginx (case only breaks the tie), Zed, then the ownerless row.
  EXPECT_EQ(list_order(*snap, column(ColumnId::Process), false, local),
            (std::vector<std::size_t>{2, 5, 6, 1, 0, 7, 3, 4}));
  // Cookies are hex text; they sort as numbers. Absent values come first when descending, as in tables.
  EXPECT_EQ(list_order(*snap, column(ColumnId::Cookie), true, local),
            (std::vector<std::size_t>{7, 5, 6, 4, 3, 2, 1, 0}));
}

}  // namespace
}  // namespace sockscope::testing
