#!/usr/bin/env bash
# Soak: the live view (`sockscope watch`, in a detached tmux) runs for SOAK_SECONDS (default 600)
# under churn (scripts/churn_load.cpp: ~1,000 connections/s, ~100 processes/s) in a private network
# namespace, while its resident memory is sampled every SOAK_INTERVAL seconds. Fails when memory
# keeps growing: the last sample above the one taken after the first minute by more than 25% + 8 MiB.
#
#   scripts/soak.sh [BINARY]      SOAK_SECONDS=600 SOAK_INTERVAL=10 SOAK_RATE=1000 SOAK_ARGS="-i 1"
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(realpath "${1:-build/test/sockscope}")
seconds=${SOAK_SECONDS:-600}
interval=${SOAK_INTERVAL:-10}
rate=${SOAK_RATE:-1000}
work=${SOAK_DIR:-build/soak}
[ -x "$binary" ] || { echo "soak: no binary at $binary" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "soak: needs root (a private network namespace)" >&2; exit 1; }
command -v tmux >/dev/null || { echo "soak: tmux is missing" >&2; exit 1; }
mkdir -p "$work"
work=$(realpath "$work")
g++ -std=c++20 -O2 -pthread scripts/churn_load.cpp -o "$work/churn_load"

exec unshare --net -- bash -s "$binary" "$seconds" "$interval" "$rate" "$work" "${SOAK_ARGS:--i 1}" <<'INNER'
set -euo pipefail
binary=$1 seconds=$2 interval=$3 rate=$4 work=$5 watch_args=$6
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
echo "# seconds rss_kib" >"$work/soak.tsv"
warm=0 max=0 first=0
for ((t = 0; t <= seconds; t += interval)); do
  kill -0 "$pid" 2>/dev/null || { echo "soak: the live view died after ${t}s" >&2; tmux -L "$sock" capture-pane -p >&2 || true; exit 1; }
  kb=$(rss)
  echo "$t $kb" >>"$work/soak.tsv"
  ((t == 0)) && first=$kb
  ((t <= 60)) && warm=$kb
  ((kb > max)) && max=$kb
  ((t + interval <= seconds)) && sleep "$interval"
done
last=$kb
tcp_now=$(awk '/^TCP:/ {print $3}' /proc/net/sockstat)
tmux -L "$sock" capture-pane -p >"$work/last-screen.txt"
echo "soak: ${seconds}s of 'sockscope watch $watch_args' under $rate connections/s (TCP in use at the end: $tcp_now):" \
     "RSS $((first / 1024)) MiB at start, $((warm / 1024)) MiB after 1 min, $((max / 1024)) MiB max, $((last / 1024)) MiB at the end" \
     "(samples in $work/soak.tsv)"
limit=$((warm + warm / 4 + 8192))
if ((last > limit)); then
  echo "soak: memory grew: $((last / 1024)) MiB at the end > $((limit / 1024)) MiB allowed" >&2
  exit 1
fi
INNER
