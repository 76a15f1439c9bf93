#!/usr/bin/env bash
# serve_scrape.sh: `sockscope serve` at N loopback TCP connections (2N sockets) in a private network namespace:
# a scrape of /metrics (each one a fresh collection: --min-interval 0) against `list -a -n -j`,
# the server's peak resident memory, its CPU while idle, and whether 10 concurrent clients within
# --min-interval share one collection.
#
# Usage (as root): bench/serve_scrape.sh [--size 50000] [--runs 3] [--binary build/sockscope] [--loadgen PATH]
# Build first: cmake --build build --target sockscope sockscope-loadgen
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=50000 runs=3 binary=$ROOT/build/sockscope loadgen=''
while (($#)); do
  case $1 in
    --size) size=$2; shift ;;
    --runs) runs=$2; shift ;;
    --binary) binary=$2; shift ;;
    --loadgen) loadgen=$2; shift ;;
    -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "serve_scrape: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $(id -u) -eq 0 ]] || { echo "serve_scrape: run as root (unshare -n)" >&2; exit 1; }
binary=$(realpath "$binary")
[[ -n $loadgen ]] || loadgen=$(dirname "$binary")/sockscope-loadgen
[[ -x $loadgen ]] || loadgen=$(dirname "$binary")/bench/sockscope-loadgen
[[ -x $loadgen ]] || { echo "serve_scrape: sockscope-loadgen not found (build it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "serve_scrape: curl is missing" >&2; exit 1; }

if [[ -z ${SERVE_SCRAPE_INSIDE:-} ]]; then
  exec env SERVE_SCRAPE_INSIDE=1 unshare -n -- "$0" --size "$size" --runs "$runs" --binary "$binary" --loadgen "$(realpath "$loadgen")"
fi

ip link set lo up
dir=$(mktemp -d /tmp/serve-scrape-XXXXXX)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

"$loadgen" --tcp "$size" --ready-file "$dir/ready" --die-with-parent >/dev/null 2>"$dir/loadgen.err" &
pids+=($!)
for _ in $(seq 1 600); do [[ -e $dir/ready ]] && break; sleep 0.5; done
[[ -e $dir/ready ]] || { echo "serve_scrape: load generator not ready" >&2; cat "$dir/loadgen.err" >&2; exit 1; }

now() { date +%s.%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

list_times=() scrape_times=()
"$binary" serve --netns current --listen 127.0.0.1:19099 --min-interval 0 2>"$dir/serve.err" &
serve=$!
pids+=("$serve")
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:19099/healthz && break; sleep 0.1; done
curl -sf -o /dev/null http://127.0.0.1:19099/metrics  # warm: eBPF loaded, netlink sockets open
for ((i = 0; i < runs; i++)); do
  t0=$(now); "$binary" list -a -n -j --netns current >/dev/null; t1=$(now)
  list_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
  t0=$(now); curl -sf -o /dev/null http://127.0.0.1:19099/metrics; t1=$(now)
  scrape_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
done
list=$(printf '%s\n' "${list_times[@]}" | median)
scrape=$(printf '%s\n' "${scrape_times[@]}" | median)
rss_kib=$(awk '/^VmHWM/ { print $2 }' "/proc/$serve/status")
ticks() { awk '{ print $14 + $15 }' "/proc/$serve/stat"; }
idle0=$(ticks); sleep 5; idle1=$(ticks)
kill "$serve"; wait "$serve" 2>/dev/null || true

# 10 concurrent clients within one --min-interval: one collection.
"$binary" serve --netns current --listen 127.0.0.1:19099 --min-interval 10s 2>"$dir/serve2.err" &
serve=$!
pids+=("$serve")
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:19099/healthz && break; sleep 0.1; done
for _ in $(seq 1 10); do curl -sf -o /dev/null http://127.0.0.1:19099/metrics & done
wait $(jobs -p | grep -v "^$serve$" | grep -v "^${pids[0]}$") 2>/dev/null || true
collections=$(curl -sf http://127.0.0.1:19099/metrics | awk '/^sockscope_collections_total/ { print $2 }')

printf '| %s connections | value |\n|---|---|\n' "$size"
printf '| list -a -n -j (median of %d) | %.3f s |\n' "$runs" "$list"
printf '| /metrics scrape, fresh collection (median of %d) | %.3f s (%.2fx list) |\n' "$runs" "$scrape" "$(awk -v a="$scrape" -v b="$list" 'BEGIN { print a / b }')"
printf '| serve peak RSS | %.1f MiB |\n' "$(awk -v a="$rss_kib" 'BEGIN { print a / 1024 }')"
printf '| serve CPU while idle for 5 s | %d ticks |\n' "$((idle1 - idle0))"
printf '| collections for 10 concurrent clients + 1 | %s |\n' "$collections"
