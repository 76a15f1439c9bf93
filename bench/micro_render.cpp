// Micro-benchmark: ordering and writing a 100k-socket snapshot as table, CSV and JSON to /dev/null.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <numeric>

#include "logic/endpoint_order.hpp"
#include "micro_synthetic.hpp"
#include "present/csv.hpp"
#include "present/json.hpp"
#include "present/local_lookups.hpp"
#include "present/table.hpp"

namespace sockscope {
namespace {

struct Fixture {
  Snapshot snap;
  std::vector<std::size_t> rows;
  std::FILE* null = nullptr;
  explicit Fixture(std::size_t sockets) : snap(micro::loopback_snapshot(sockets / 2)) {
    rows.resize(snap.endpoints.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    sort_default(rows, snap.endpoints);
    null = std::fopen("/dev/null", "w");
  }
  ~Fixture() {
    if (null) std::fclose(null);
  }
};

void BM_SortDefault(benchmark::State& state) {
  const Snapshot s = micro::loopback_snapshot(static_cast<std::size_t>(state.range(0)) / 2);
  std::vector<std::size_t> rows(s.endpoints.size());
  for (auto _ : state) {
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    sort_default(rows, s.endpoints);
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows.size()));
}
BENCHMARK(BM_SortDefault)->Arg(10000)->Arg(100000)->Arg(200000)->Unit(benchmark::kMillisecond);

template <class Write>
void render(benchmark::State& state, Write write) {
  Fixture f(static_cast<std::size_t>(state.range(0)));
  LocalLookups local;
  for (auto _ : state) {
    if (!write(f, &local)) state.SkipWithError("write failed");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * f.rows.size()));
}

void BM_WriteTable(benchmark::State& state) {
  const auto cols = default_table_columns();
  render(state, [&](Fixture& f, LocalLookups* local) {
    TableOptions o;
    o.local = local;
    return write_table(f.snap, f.rows, cols, nullptr, o, f.null).has_value();
  });
}
void BM_WriteCsv(benchmark::State& state) {
  const auto cols = default_table_columns();
  render(state, [&](Fixture& f, LocalLookups* local) {
    CsvOptions o;
    o.local = local;
    return write_csv(f.snap, f.rows, cols, nullptr, o, f.null).has_value();
  });
}
void BM_WriteJson(benchmark::State& state) {
  const auto cols = default_table_columns();
  render(state, [&](Fixture& f, LocalLookups* local) {
    JsonOptions o;
    o.local = local;
    return write_json(f.snap, f.rows, cols, nullptr, o, f.null).has_value();
  });
}
// `list -j` and `-c` default to every column but the combined local/remote ones.
void BM_WriteJsonAllColumns(benchmark::State& state) {
  const auto cols = default_data_columns();
  render(state, [&](Fixture& f, LocalLookups* local) {
    JsonOptions o;
    o.local = local;
    return write_json(f.snap, f.rows, cols, nullptr, o, f.null).has_value();
  });
}
void BM_WriteCsvAllColumns(benchmark::State& state) {
  const auto cols = default_data_columns();
  render(state, [&](Fixture& f, LocalLookups* local) {
    CsvOptions o;
    o.local = local;
    return write_csv(f.snap, f.rows, cols, nullptr, o, f.null).has_value();
  });
}
BENCHMARK(BM_WriteTable)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteCsv)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteJson)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteCsvAllColumns)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteJsonAllColumns)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sockscope
