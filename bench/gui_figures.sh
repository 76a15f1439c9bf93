#!/usr/bin/env bash
# bench/gui_figures.sh: the desktop window's figures at 100k sockets (issue 17), against targets.
#
# Inside a private network namespace, sockscope-loadgen holds N loopback TCP connections (2N
# sockets) plus U UDP sockets. Then, on the same load:
#   1. sockscope-gui (under an Xvfb started here; Qt's offscreen platform without Xvfb) refreshing
#      every --interval with its trace on (SOCKSCOPE_GUI_TRACE): the GUI thread's time per refresh
#      (taking the table from the collector thread: the model swap), and, with its input probe on
#      (SOCKSCOPE_GUI_INPUT_PROBE), a thread asking for a scroll (Page Down/Up) every --scroll-ms
#      and a sort (a click on a column header) every --sort-ms; the GUI thread performs each as the
#      user's input would be, and the delay from the request until it was handled is timed.
#      Its VmRSS is sampled every 2 s once the first table is in.
#   2. `sockscope watch` (the terminal live view) in a detached tmux on the same load, same options,
#      same interval: its VmRSS sampled the same way.
# Prints each figure with its target and the ratio; exits 1 when a target is missed.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: sudo bench/gui_figures.sh [--tcp N] [--udp N] [--seconds S] [--interval SECS]
                                 [--scroll-ms MS] [--sort-ms MS] [--build DIR]

  --tcp N         loopback TCP connections (2N sockets; default 50000 = 100k sockets)
  --udp N         UDP sockets besides (default 2000)
  --seconds S     how long each view runs once its first table is in (default 40)
  --interval SECS refresh interval of both views (default 1)
  --scroll-ms MS  a scroll asked for every MS ms (default 25: a held Page Down's key repeat)
  --sort-ms MS    a header click every MS ms (default 1000)
  --build DIR     where sockscope, sockscope-gui and sockscope-loadgen are (default build)

Needs root (a private network namespace), tmux, and Xvfb for a real X display.
Targets: GUI thread per refresh <= 50 ms; input answered <= 100 ms; window RSS <= 1.5x the live view's.
EOF
}

TCP=50000 UDP=2000 SECONDS_RUN=40 INTERVAL=1 SCROLL_MS=25 SORT_MS=1000
BUILD=build
while [ $# -gt 0 ]; do
  case "$1" in
    --tcp) TCP=$2; shift 2 ;;
    --udp) UDP=$2; shift 2 ;;
    --seconds) SECONDS_RUN=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --scroll-ms) SCROLL_MS=$2; shift 2 ;;
    --sort-ms) SORT_MS=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "gui_figures.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf 'gui_figures: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

[ "$(id -u)" = 0 ] || { echo "gui_figures.sh: needs root (a private network namespace)" >&2; exit 2; }
command -v tmux >/dev/null || { echo "gui_figures.sh: tmux is needed for the terminal view" >&2; exit 2; }
BUILD=$(realpath "$BUILD")
for b in sockscope sockscope-gui sockscope-loadgen; do
  [ -x "$BUILD/$b" ] || { echo "gui_figures.sh: $BUILD/$b is not built" >&2; exit 2; }
done

if [ -z "${GUI_FIGURES_IN_NETNS:-}" ]; then
  exec env GUI_FIGURES_IN_NETNS=1 unshare -n "$0" --tcp "$TCP" --udp "$UDP" --seconds "$SECONDS_RUN" \
    --interval "$INTERVAL" --scroll-ms "$SCROLL_MS" --sort-ms "$SORT_MS" --build "$BUILD"
fi
ip link set lo up

WORK=$(mktemp -d /tmp/gui-figures.XXXXXX)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
LOADGEN_PID='' XVFB_PID='' GUI_PID='' TMUX_SOCK="gui-figures-$$"
cleanup() {
  for p in $GUI_PID $XVFB_PID; do kill "$p" 2>/dev/null || true; done
  tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
  if [ -n "$LOADGEN_PID" ]; then kill "$LOADGEN_PID" 2>/dev/null || true; wait "$LOADGEN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
# Samples a process's VmRSS every 2 s for SECONDS_RUN seconds into a file (KiB, one a line).
sample_rss() {
  local pid=$1 out=$2 end=$((SECONDS + SECONDS_RUN))
  : >"$out"
  while [ $SECONDS -lt $end ]; do
    kill -0 "$pid" 2>/dev/null || die "process $pid exited while sampled"
    rss_kib "$pid" >>"$out"
    sleep 2
  done
}

say "setting up $TCP loopback TCP connections and $UDP UDP sockets"
"$BUILD/sockscope-loadgen" --tcp "$TCP" --udp "$UDP" --ready-file "$WORK/ready" --quiet --die-with-parent \
  >"$WORK/loadgen.out" 2>"$WORK/loadgen.err" &
LOADGEN_PID=$!
while [ ! -e "$WORK/ready" ]; do
  kill -0 "$LOADGEN_PID" 2>/dev/null || { cat "$WORK/loadgen.err" >&2; die "the load generator failed"; }
  sleep 0.2
done
SOCKETS=$(( $(ss -tanH | wc -l) + $(ss -uanH | wc -l) ))
say "$SOCKETS sockets in the namespace"

# --- 1. the window
PLATFORM=offscreen
if command -v Xvfb >/dev/null; then
  exec 3>"$WORK/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  exec 3>&-
  for _ in $(seq 1 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
  [ -s "$WORK/display" ] && PLATFORM=xcb
fi
say "starting sockscope-gui on the $PLATFORM platform"
(
  export SOCKSCOPE_GUI_TRACE="$WORK/trace" SOCKSCOPE_GUI_INPUT_PROBE="$SCROLL_MS,$SORT_MS" XDG_CONFIG_HOME="$WORK/config"
  export XDG_RUNTIME_DIR="$WORK" QT_QPA_PLATFORM=$PLATFORM
  [ "$PLATFORM" = xcb ] && export DISPLAY=":$(head -1 "$WORK/display")"
  exec "$BUILD/sockscope-gui" -n -i "$INTERVAL" >"$WORK/gui.err" 2>&1
) &
GUI_PID=$!
# The first table: a refresh with (nearly) every socket as a row.
want=$((SOCKETS * 9 / 10))
for _ in $(seq 1 1200); do
  awk -v want="$want" '$1 == "refresh" && $4 >= want { found = 1 } END { exit !found }' "$WORK/trace" 2>/dev/null && break
  kill -0 "$GUI_PID" 2>/dev/null || { cat "$WORK/gui.err" >&2; die "sockscope-gui exited"; }
  sleep 0.1
done
FIRST_END=$(awk -v want="$want" '$1 == "refresh" && $4 >= want { print $3; exit }' "$WORK/trace")
[ -n "$FIRST_END" ] || die "sockscope-gui never showed the load"
sample_rss "$GUI_PID" "$WORK/gui.rss"
kill -TERM "$GUI_PID"
wait "$GUI_PID" || die "sockscope-gui did not exit cleanly: $(cat "$WORK/gui.err")"
GUI_PID=''

# --- 2. the terminal view on the same load
say "starting sockscope watch in tmux"
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 200 -y 50 -s live \
  "exec $(printf '%q' "$BUILD/sockscope") watch -n -i $INTERVAL 2>$(printf '%q' "$WORK/watch.err")"
WATCH_PID=$(tmux -L "$TMUX_SOCK" display-message -p -t live '#{pane_pid}')
for _ in $(seq 1 1200); do
  tmux -L "$TMUX_SOCK" capture-pane -p -t live | grep -Eq "[0-9]{5,} endpoints" && break
  sleep 0.2
done
tmux -L "$TMUX_SOCK" capture-pane -p -t live | grep -Eq "[0-9]{5,} endpoints" || die "sockscope watch never showed the load"
sample_rss "$WATCH_PID" "$WORK/watch.rss"
tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true

# --- figures
stats() {  # values (one a line) -> "n median p99 max"
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0 0 0 0"; exit }
    i = int(NR * 0.99 + 0.999); if (i > NR) i = NR
    printf "%d %.1f %.1f %.1f\n", NR, v[int((NR + 1) / 2)], v[i], v[NR] }'
}
# The first table (which also sorts and sizes the columns) apart; the refreshes after it.
FIRST_MS=$(awk -v end="$FIRST_END" '$1 == "refresh" && $3 == end { printf "%.1f", ($3 - $2) / 1e6 }' "$WORK/trace")
read -r R_N R_MED R_P99 R_MAX < <(awk -v end="$FIRST_END" '$1 == "refresh" && $3 > end { print ($3 - $2) / 1e6 }' "$WORK/trace" | stats)
ROWS=$(awk '$1 == "refresh" { r = $4 } END { print r }' "$WORK/trace")
# Input asked for after the first table: delay from the request to done, and whether it was asked
# for while a refresh was running on the GUI thread.
awk -v end="$FIRST_END" '
  $1 == "refresh" { rs[++nr] = $2; re[nr] = $3 }
  ($1 == "scroll" || $1 == "sort") && $2 > end {
    during = 0
    for (i = 1; i <= nr; i++) if ($2 >= rs[i] && $2 <= re[i]) { during = 1; break }
    printf "%s %.3f %d %.3f\n", $1, ($4 - $2) / 1e6, during, $5 / 1e6
  }' "$WORK/trace" >"$WORK/input"
read -r S_N S_MED S_P99 S_MAX < <(awk '$1 == "scroll" { print $2 }' "$WORK/input" | stats)
read -r O_N O_MED O_P99 O_MAX < <(awk '$1 == "sort" { print $2 }' "$WORK/input" | stats)
read -r C_N C_MED C_P99 C_MAX < <(awk '$1 == "sort" { print $4 }' "$WORK/input" | stats)
read -r D_N D_MED D_P99 D_MAX < <(awk '$3 == 1 { print $2 }' "$WORK/input" | stats)
read -r A_N A_MED A_P99 A_MAX < <(awk '{ print $2 }' "$WORK/input" | stats)
read -r G_N G_MED G_P99 G_MAX < <(awk '{ print $1 / 1024 }' "$WORK/gui.rss" | stats)
read -r W_N W_MED W_P99 W_MAX < <(awk '{ print $1 / 1024 }' "$WORK/watch.rss" | stats)
RATIO=$(awk -v g="$G_MAX" -v w="$W_MAX" 'BEGIN { printf "%.2f", g / w }')

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
cat <<EOF
machine: $(nproc) cores ($CPU), $MEM, Linux $(uname -r); load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg)
load: $SOCKETS sockets ($TCP loopback TCP connections + $UDP UDP); both views refresh every $INTERVAL s, numeric, for ${SECONDS_RUN} s
window: sockscope-gui on Qt's $PLATFORM platform, $ROWS rows

(a) GUI thread per refresh (the model swap), $R_N refreshes: median $R_MED ms, p99 $R_P99 ms, max $R_MAX ms (target <= 50 ms: max $(awk -v m="$R_MAX" 'BEGIN { printf "%.2f", m / 50 }')x the target)
    the first table (also sorts and sizes the columns): $FIRST_MS ms
(b) input, request to handled: scroll ($S_N, every $SCROLL_MS ms) median $S_MED ms, p99 $S_P99 ms, max $S_MAX ms
                               sort ($O_N header clicks, every $SORT_MS ms) median $O_MED ms, p99 $O_P99 ms, max $O_MAX ms
                                 (the GUI thread's CPU time sorting: median $C_MED ms, max $C_MAX ms)
                               asked for during a refresh ($D_N): median $D_MED ms, p99 $D_P99 ms, max $D_MAX ms
                               all ($A_N): p99 $A_P99 ms, max $A_MAX ms (target <= 100 ms: max $(awk -v m="$A_MAX" 'BEGIN { printf "%.2f", m / 100 }')x the target)
(c) resident memory (VmRSS every 2 s): window median $G_MED MiB, max $G_MAX MiB; terminal view median $W_MED MiB, max $W_MAX MiB
    window / terminal view (max): ${RATIO}x (target <= 1.5x)
EOF
awk -v r="$R_MAX" -v a="$A_MAX" -v q="$RATIO" 'BEGIN { exit !(r <= 50 && a <= 100 && q <= 1.5) }' || { say "a target was missed"; exit 1; }
