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
  for (auto _ : state) {
    LiveTable next = advance(first, snap_b, options);
    benchmark::DoNotOptimize(next.rows.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * sockets));
}
BENCHMARK(BM_AdvanceLiveTable)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope
