// Micro-benchmark: one live-view refresh diff (advance) over a 100k-socket snapshot.
#include <benchmark/benchmark.h>

#include <memory>

#include "logic/endpoint_diff.hpp"
#include "micro_synthetic.hpp"

namespace sockscope {
namespace {

void BM_AdvanceLiveTable(benchmark::State& state) {
  const auto sockets = static_cast<std::size_t>(state.range(0));
  Snapshot a = micro::loopback_snapshot(sockets / 2);
  a.taken_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
  // One second later: 1% of the sockets closed and as many new ones opened.
  Snapshot b = a;
  b.taken_at = a.taken_at + std::chrono::seconds(1);
  const std::size_t churn = b.endpoints.size() / 100;
  for (std::size_t i = 0; i < churn; ++i) {
    Endpoint& e = b.endpoints[i * 100];
    e.cookie += 1'000'000'007;
    e.inode += 1'000'000'007;
  }
  const auto snap_a = std::make_shared<const Snapshot>(std::move(a));
  const auto snap_b = std::make_shared<const Snapshot>(std::move(b));
  const DiffOptions options;
  const LiveTable first = advance(LiveTable{}, snap_a, options);
  // As the live view does it: one scratch for every refresh, and the rows of the table it retires
  // given back for the next one. Without (range 1 = 0), each call allocates afresh.
  const bool reuse = state.range(1) != 0;
  DiffScratch scratch;
  for (auto _ : state) {
    LiveTable next = reuse ? advance(first, snap_b, options, scratch) : advance(first, snap_b, options);
    benchmark::DoNotOptimize(next.rows.data());
    if (reuse) scratch.spare_rows = std::move(next.rows);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * sockets));
}
BENCHMARK(BM_AdvanceLiveTable)
    ->ArgNames({"sockets", "reuse"})
    ->ArgsProduct({{10000, 100000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope
