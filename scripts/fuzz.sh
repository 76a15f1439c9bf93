#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang and runs each for a bounded time; fails on any crash.
#
#   scripts/fuzz.sh                      every target, FUZZ_SECONDS (default 20) each
#   FUZZ_SECONDS=3600 scripts/fuzz.sh parse_proc_net present_sanitize
#
# Each target starts from its committed seed corpus fuzz/corpus/<target>/ (never written to); what
# it learns goes to $FUZZ_BUILD_DIR/corpus/<target>/ and survives between runs. A crash leaves its
# input in $FUZZ_BUILD_DIR/artifacts/<target>/; replay it with `$FUZZ_BUILD_DIR/fuzz/fuzz_<target> FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-20}
build=${FUZZ_BUILD_DIR:-build/fuzz}
cxx=${FUZZ_CXX:-clang++-16}

# clang 14 (Debian 12's default) cannot compile libstdc++'s std::expected; clang 16 can.
if ! command -v "$cxx" >/dev/null || [ ! -d /usr/lib/llvm-16/lib/clang/16/lib/linux ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz: needs $cxx and libFuzzer (run as root, or: sudo apt-get install clang-16 libclang-rt-16-dev)" >&2
    exit 1
  fi
  echo "fuzz: installing clang-16 libclang-rt-16-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends clang-16 libclang-rt-16-dev >/dev/null
fi

if (($#)); then
  targets=("$@")
else
  targets=()
  for f in fuzz/*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

echo "== fuzz: build $build (${#targets[@]} targets)"
# -O1 -g1: fuzzing wants coverage and sanitizers, not speed; this keeps CI's third compile short.
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
  -DSOCKSCOPE_FUZZ=ON -DSOCKSCOPE_WERROR=ON -DSOCKSCOPE_TESTS=OFF -DSOCKSCOPE_BENCH=OFF >/dev/null
cmake --build "$build" -j "${FUZZ_JOBS:-$(nproc)}" --target "${targets[@]/#/fuzz_}"

failed=()
start=$(date +%s)
for t in "${targets[@]}"; do
  work=$build/corpus/$t
  artifacts=$build/artifacts/$t
  mkdir -p "$work" "$artifacts"
  echo "== fuzz: $t for ${seconds}s"
  # -close_fd_mask=3: the CLI targets print help and usage errors by design; crash reports still
  # reach stderr (libFuzzer keeps its own copy of it).
  if ! "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "fuzz/corpus/$t" \
      >"$build/$t.log" 2>&1; then
    failed+=("$t")
    tail -n 60 "$build/$t.log" >&2
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$t.log" | tr '\n' ' ' | sed 's/^/   /;s/$/\n/'
  fi
done
elapsed=$(($(date +%s) - start))
echo "== fuzz: ${#targets[@]} targets, ${elapsed}s of fuzzing"

if ((${#failed[@]})); then
  echo "fuzz: crashes in: ${failed[*]} (inputs under $build/artifacts/)" >&2
  exit 1
fi
