#!/usr/bin/env bash
# Builds sockscope with warnings as errors and runs every test; then again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
jobs=$(nproc)

run_suite() {  # name, extra cmake args...
  local dir=build/$1; shift
  echo "== build: $dir"
  # SOCKSCOPE_EBPF=ON: the eBPF owner scan must be built (and so tested) wherever the tests run.
  # SOCKSCOPE_GUI=ON: the desktop window (sockscope-gui) is built and tested too.
  cmake -S . -B "$dir" -G Ninja -DSOCKSCOPE_WERROR=ON -DSOCKSCOPE_EBPF=ON -DSOCKSCOPE_GUI=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  echo "== test: $dir"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300
}

# -g1 (line tables: backtraces keep file and line) rather than -g: CI compiles and links every test
# twice, and full debug info was a large share of that time (CI must stay under 45 minutes).
run_suite test -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
if [ "${SOCKSCOPE_SKIP_SANITIZE:-0}" != 1 ]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite sanitize -DCMAKE_BUILD_TYPE=Debug -DSOCKSCOPE_SANITIZE=ON -DSOCKSCOPE_BENCH=OFF
fi
# Hardening (issue 6): every fuzz target for a bounded time, the churn test, and the whole suite as
# an unprivileged user. SOCKSCOPE_SKIP_EXTRA=1 skips them.
if [ "${SOCKSCOPE_SKIP_EXTRA:-0}" != 1 ]; then
  FUZZ_SECONDS=${FUZZ_SECONDS:-5} CHURN_RUNS=${CHURN_RUNS:-100} scripts/ci_extra.sh build/test
fi
