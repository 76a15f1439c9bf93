// Micro-benchmark: the inode join of sockets to their holders (index build, then attribution).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "model/attribute.hpp"
#include "micro_synthetic.hpp"

namespace sockscope {
namespace {

// Every socket held once, in the order a /proc scan finds them (by process, then fd).
std::vector<InodeOwner> scan_entries(const Snapshot& s) {
  std::vector<InodeOwner> entries;
  entries.reserve(s.endpoints.size());
  for (const Endpoint& e : s.endpoints)
    for (const Owner& o : e.owners) entries.push_back({e.inode, o});
  std::sort(entries.begin(), entries.end(), [](const InodeOwner& a, const InodeOwner& b) {
    return std::tie(a.owner.process, a.owner.fd) < std::tie(b.owner.process, b.owner.fd);
  });
  return entries;
}

void BM_OwnerIndexBuild(benchmark::State& state) {
  const Snapshot s = micro::loopback_snapshot(static_cast<std::size_t>(state.range(0)) / 2);
  const std::vector<InodeOwner> entries = scan_entries(s);
  for (auto _ : state) {
    OwnerIndex idx(entries);
    benchmark::DoNotOptimize(idx.inode_count());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * entries.size()));
}
BENCHMARK(BM_OwnerIndexBuild)->Arg(10000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);

void BM_AttributeOwners(benchmark::State& state) {
  Snapshot s = micro::loopback_snapshot(static_cast<std::size_t>(state.range(0)) / 2);
  const OwnerIndex idx(scan_entries(s));
  for (auto _ : state) {
    attribute_owners(s.endpoints, idx, s.processes);
    benchmark::DoNotOptimize(s.endpoints.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.endpoints.size()));
}
BENCHMARK(BM_AttributeOwners)->Arg(10000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope
