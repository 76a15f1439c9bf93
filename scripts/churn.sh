#!/usr/bin/env bash
# Churn: while ~1,000 TCP connections per second open and close and ~100 processes per second start
# and exit, CHURN_RUNS (default 1000) consecutive `sockscope list -a -j` runs must all succeed, each
# output must be one JSON array of well-formed row objects, and the load itself must be seen:
#   - its listener (port 9500, held by the load's pid) in every run: it is open throughout, so a
#     run without it (or without its owner) lost a socket that never moved;
#   - its own connections to or from port 9500, with the load's pid among their owners, in at least
#     CHURN_MIN_CONNECTIONS percent of runs (default 95): ~150 are open at any instant, so missing
#     them all means sockets or owners were lost, not a race; the slack is for a run that lands
#     while the load is descheduled on a busy machine;
#   - rows owned by its short-lived "churn-N" processes in at least CHURN_MIN_PROCESSES percent of
#     runs (default 50): 3 to 6 are alive at any instant, each holding ~150 inherited sockets, but
#     one may exit between the socket dump and the owner scan.
# Runs in a private network namespace; needs root. CHURN_ARGS must keep -a and -j.
#
#   scripts/churn.sh [BINARY]       CHURN_RUNS=1000 CHURN_RATE=1000 CHURN_ARGS="-a -j"
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(realpath "${1:-build/test/sockscope}")
runs=${CHURN_RUNS:-1000}
rate=${CHURN_RATE:-1000}
work=${CHURN_DIR:-build/churn}
read -r -a list_args <<<"${CHURN_ARGS:--a -j}"

[ -x "$binary" ] || { echo "churn: no binary at $binary (build first, or pass its path)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "churn: needs root (a private network namespace)" >&2; exit 1; }
mkdir -p "$work"
work=$(realpath "$work")
g++ -std=c++20 -O2 -pthread scripts/churn_load.cpp -o "$work/churn_load"

# Everything below runs inside a fresh network namespace, so the churn never touches the host's.
exec unshare --net -- bash -s "$binary" "$runs" "$rate" "$work" "${CHURN_MIN_CONNECTIONS:-95}" \
  "${CHURN_MIN_PROCESSES:-50}" "${list_args[@]}" <<'INNER'
set -euo pipefail
binary=$1 runs=$2 rate=$3 work=$4 min_connections=$5 min_processes=$6
shift 6
ip link set lo up
"$work/churn_load" run "$rate" 0 >"$work/load.log" 2>&1 &
load=$!
trap 'kill $load 2>/dev/null; wait $load 2>/dev/null || true' EXIT
sleep 1
kill -0 "$load" || { cat "$work/load.log" >&2; exit 1; }

start=$(date +%s%N)
rows_total=0 min_rows=-1 max_rows=0 failures=0 with_connections=0 with_processes=0
for ((i = 1; i <= runs; i++)); do
  if ! "$binary" list "$@" >"$work/out.json" 2>"$work/err.txt"; then
    echo "churn: run $i: sockscope exited with $?:" >&2
    cat "$work/err.txt" >&2
    failures=$((failures + 1))
    continue
  fi
  if ! counts=$("$work/churn_load" check "$work/out.json" "$load"); then
    cp "$work/out.json" "$work/bad-$i.json"
    echo "churn: run $i: malformed output kept in $work/bad-$i.json" >&2
    failures=$((failures + 1))
    continue
  fi
  read -r rows listener connections processes <<<"$counts"
  if ((listener == 0)); then
    cp "$work/out.json" "$work/bad-$i.json"
    echo "churn: run $i: the load's listener (port 9500, pid $load) is missing; output kept in $work/bad-$i.json" >&2
    failures=$((failures + 1))
    continue
  fi
  ((connections > 0)) && with_connections=$((with_connections + 1))
  ((processes > 0)) && with_processes=$((with_processes + 1))
  rows_total=$((rows_total + rows))
  ((rows > max_rows)) && max_rows=$rows
  ((min_rows < 0 || rows < min_rows)) && min_rows=$rows
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
elapsed=$((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000)))
tcp_now=$(awk '/^TCP:/ {print $3}' /proc/net/sockstat)
echo "churn: $runs runs of 'sockscope list $*' in ${elapsed}s under $rate connections/s:" \
     "$((runs - failures)) ok, $failures failed; rows per run $min_rows..$max_rows (mean $((rows_total / (runs - failures > 0 ? runs - failures : 1))));" \
     "the load's connections seen in $with_connections, its processes in $with_processes; TCP in use at the end: $tcp_now"
status=0
((failures == 0)) || status=1
if ((with_connections * 100 < runs * min_connections)); then
  echo "churn: the load's connections were seen in $with_connections of $runs runs (at least $min_connections% wanted)" >&2
  status=1
fi
if ((with_processes * 100 < runs * min_processes)); then
  echo "churn: rows of the load's churn-N processes were seen in $with_processes of $runs runs (at least $min_processes% wanted)" >&2
  status=1
fi
exit $status
INNER
