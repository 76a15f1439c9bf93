#!/usr/bin/env bash
# Soak: the live view (`sockscope watch`, in a detached tmux) runs for SOAK_SECONDS (default 600)
# under churn (scripts/churn_load.cpp: ~1,000 connections/s, ~100 processes/s) in a private network
# namespace; every SOAK_INTERVAL seconds its screen is captured and its resident memory sampled.
# Fails when
#   - the view dies;
#   - the table is the same in two consecutive samples (a frozen view: under this churn every
#     refresh changes it; SOAK_INTERVAL must exceed the refresh interval in SOAK_ARGS), or does
#     not show the load's port 9500;
#   - memory grows: RSS anywhere after the warm-up (SOAK_WARMUP seconds, default 60) above the
#     first sample after it by more than SOAK_MAX_GROWTH_MIB (default 16). Why 16 MiB: under this
#     load the view holds ~200-300 rows; a refresh's snapshot and table are a few hundred KiB, and
#     the pump keeps at most three tables plus reused scratch, so once every buffer has reached its
#     working size RSS is flat (the heap keeps freed memory for reuse: M_TRIM_THRESHOLD in
#     watch_command.cpp). 16 MiB is ~50 refreshes' worth of data: bursts of TIME_WAIT rows and
#     glibc arena fragmentation fit under it, while a leak of ~30 KiB per refresh at -i 1 (a tenth
#     of a snapshot) exceeds it within the default run.
#
#   scripts/soak.sh [BINARY]      SOAK_SECONDS=600 SOAK_INTERVAL=10 SOAK_WARMUP=60 SOAK_MAX_GROWTH_MIB=16
#                                 SOAK_RATE=1000 SOAK_ARGS="-i 1"
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(realpath "${1:-build/test/sockscope}")
seconds=${SOAK_SECONDS:-600}
interval=${SOAK_INTERVAL:-10}
rate=${SOAK_RATE:-1000}
warmup=${SOAK_WARMUP:-60}
growth_mib=${SOAK_MAX_GROWTH_MIB:-16}
work=${SOAK_DIR:-build/soak}
((seconds > warmup)) || { echo "soak: SOAK_SECONDS ($seconds) must exceed SOAK_WARMUP ($warmup)" >&2; exit 1; }
[ -x "$binary" ] || { echo "soak: no binary at $binary" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "soak: needs root (a private network namespace)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "soak: tmux is missing" >&2; exit 1; }
mkdir -p "$work"
work=$(realpath "$work")
g++ -std=c++20 -O2 -pthread scripts/churn_load.cpp -o "$work/churn_load"

exec unshare --net -- bash -s "$binary" "$seconds" "$interval" "$rate" "$work" "${SOAK_ARGS:--i 1}" "$warmup" "$growth_mib" <<'INNER'
set -euo pipefail
binary=$1 seconds=$2 interval=$3 rate=$4 work=$5 watch_args=$6 warmup=$7 growth_mib=$8
ip link set lo up
"$work/churn_load" run "$rate" 0 >"$work/load.log" 2>&1 &
load=$!
sock=sockscope-soak-$$
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  kill "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
}
trap cleanup EXIT
sleep 1
tmux -L "$sock" new-session -d -x 160 -y 50 "TERM=xterm-256color exec '$binary' watch $watch_args"
sleep 1
pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
# The table without its header line and the two status lines at the bottom (which hold no clock
# today, but a ticking one must not hide a frozen table).
table() { tmux -L "$sock" capture-pane -p | sed '1d' | head -n -2; }
echo "# seconds rss_kib" >"$work/soak.tsv"
base=0 max=0 first=0 problems=0
table >"$work/screen-prev.txt"
for ((t = 0; t <= seconds; t += interval)); do
  kill -0 "$pid" 2>/dev/null || { echo "soak: the live view died after ${t}s" >&2; tmux -L "$sock" capture-pane -p >&2 || true; exit 1; }
  kb=$(rss)
  echo "$t $kb" >>"$work/soak.tsv"
  ((t == 0)) && first=$kb
  if ((t >= warmup)); then
    ((base == 0)) && base=$kb
    ((kb > max)) && max=$kb
  fi
  if ((t > 0)); then
    table >"$work/screen-now.txt"
    if cmp -s "$work/screen-prev.txt" "$work/screen-now.txt"; then
      cp "$work/screen-now.txt" "$work/frozen-$t.txt"
      echo "soak: the table did not change from $((t - interval))s to ${t}s (a frozen view; kept in $work/frozen-$t.txt)" >&2
      problems=$((problems + 1))
    fi
    if ! grep -q '9500' "$work/screen-now.txt"; then
      cp "$work/screen-now.txt" "$work/no-load-$t.txt"
      echo "soak: the load's port 9500 is not on screen at ${t}s (kept in $work/no-load-$t.txt)" >&2
      problems=$((problems + 1))
    fi
    mv "$work/screen-now.txt" "$work/screen-prev.txt"
  fi
  ((t + interval <= seconds)) && sleep "$interval"
done
last=$kb
tcp_now=$(awk '/^TCP:/ {print $3}' /proc/net/sockstat)
tmux -L "$sock" capture-pane -p >"$work/last-screen.txt"
echo "soak: ${seconds}s of 'sockscope watch $watch_args' under $rate connections/s (TCP in use at the end: $tcp_now):" \
     "RSS $((first / 1024)) MiB at start, $((base / 1024)) MiB after the ${warmup}s warm-up, $((max / 1024)) MiB max after it," \
     "$((last / 1024)) MiB at the end (samples in $work/soak.tsv)"
limit=$((base + growth_mib * 1024))
if ((max > limit)); then
  echo "soak: memory grew by $(((max - base) / 1024)) MiB after the warm-up (at most $growth_mib MiB allowed)" >&2
  problems=$((problems + 1))
fi
((problems == 0))
INNER
