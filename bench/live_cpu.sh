#!/usr/bin/env bash
# live_cpu.sh: CPU per refresh and memory over time of `sockscope watch` at N loopback TCP connections.
#
# Usage (as root, from anywhere):
#   bench/live_cpu.sh [--connections 50000] [--udp 2000] [--minutes 1] [--interval 1]
#                     [--sample 5] [--warmup 5] [--binary build/sockscope] [--loadgen PATH]
#                     [--out report.md]
#
# It makes a private network namespace (`unshare -n`), starts sockscope-loadgen there, then runs
# `sockscope watch -i INTERVAL` in a detached tmux session (its own tmux server, so it shares the
# namespace) and, after --warmup seconds, samples /proc/PID every --sample seconds for --minutes:
#   - CPU (utime+stime) of the whole process, and of the collector side = whole process minus the
#     screen's thread (the main thread; collection threads come and go, and /proc/PID/stat keeps
#     what exited threads used), per refresh = CPU per second × interval;
#   - VmRSS and VmHWM, to show whether memory stays flat.
# It prints a per-sample table and a summary with a least-squares RSS slope (MiB per hour).
#
#   --connections N  established loopback TCP connections (each is 2 sockets; default 50000)
#   --udp N          UDP sockets besides (default 2000)
#   --minutes M      how long to sample (default 1; fractions allowed)
#   --interval S     `watch -i` refresh interval in seconds (default 1)
#   --sample S       seconds between samples (default 5)
#   --warmup S       seconds to let the view start before sampling (default 5)
#   --binary PATH    sockscope binary (default: build/sockscope under the repo root)
#   --loadgen PATH   load generator (default: sockscope-loadgen beside the binary)
#   --out FILE       also write the report to FILE
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/bench/live_cpu.sh"

log() { printf 'live_cpu: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Inner half: inside the private namespace. Writes samples.tsv and meta into $2.
inner() {
  local dir=$1
  # Globals, not locals: the EXIT trap runs after this function has returned.
  lg_pid='' tmux_sock="sockscope-live-$$" pid=''
  stop_inner() {
    # SIGTERM first: the view restores the terminal and exits; the tmux server then has no pane left.
    if [[ -n $pid ]]; then
      kill -TERM "$pid" 2>/dev/null
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null
    fi
    pid=''
    tmux -L "$tmux_sock" kill-server 2>/dev/null
    if [[ -n $lg_pid ]]; then
      kill -TERM "$lg_pid" 2>/dev/null
      wait "$lg_pid" 2>/dev/null
    fi
    lg_pid=''
  }
  trap 'stop_inner; exit 130' INT TERM HUP
  trap 'stop_inner' EXIT

  "$LIVE_LOADGEN" --tcp "$LIVE_CONNECTIONS" --udp "$LIVE_UDP" --ready-file "$dir/ready" \
    --die-with-parent --quiet >"$dir/loadgen.out" 2>"$dir/loadgen.err" &
  lg_pid=$!
  while [[ ! -e $dir/ready ]]; do
    kill -0 "$lg_pid" 2>/dev/null || { sed 's/^/  /' "$dir/loadgen.err" >&2; die "load generator failed"; }
    sleep 0.1
  done
  log "$LIVE_CONNECTIONS connections ready ($(sed -n 's/^procs=//p' "$dir/ready") processes); starting the live view"

  tmux -L "$tmux_sock" -f /dev/null new-session -d -x 200 -y 50 -s live \
    "exec $(printf '%q' "$LIVE_BINARY") watch -i $LIVE_INTERVAL 2>$(printf '%q' "$dir/watch.err")"
  pid=$(tmux -L "$tmux_sock" display-message -p -t live '#{pane_pid}')
  [[ -n $pid && -d /proc/$pid ]] || die "sockscope watch did not start"
  sleep "$LIVE_WARMUP"
  [[ -d /proc/$pid ]] || { cat "$dir/watch.err" >&2; die "sockscope watch exited during the warm-up"; }
  # The screen's text at the end shows that the view really listed the load.
  local tck samples i
  tck=$(getconf CLK_TCK)
  samples=$(awk -v m="$LIVE_MINUTES" -v s="$LIVE_SAMPLE" 'BEGIN { n = int(m * 60 / s + 0.5); print (n < 1 ? 1 : n) }')
  sample() {
    local t cpu main rss hwm
    t=$(date +%s.%N)
    # Fields after the ")" of comm: utime and stime are the 12th and 13th.
    cpu=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
    main=$(sed 's/.*) //' "/proc/$pid/task/$pid/stat" | awk '{ print $12 + $13 }')
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
    printf '%s\t%s\t%s\t%s\t%s\n' "$t" "$cpu" "$main" "$rss" "$hwm" >>"$dir/samples.tsv"
  }
  : >"$dir/samples.tsv"
  log "sampling every $LIVE_SAMPLE s for $LIVE_MINUTES min ($samples samples)"
  sample
  for ((i = 1; i <= samples; i++)); do
    sleep "$LIVE_SAMPLE"
    [[ -d /proc/$pid ]] || { cat "$dir/watch.err" >&2; die "sockscope watch exited after $i samples"; }
    sample
  done
  tmux -L "$tmux_sock" capture-pane -p -t live >"$dir/screen.txt" 2>/dev/null
  printf 'tck=%s\n' "$tck" >"$dir/meta"
  printf 'inuse=%s\n' "$(awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "inuse") print $(i + 1) }' /proc/net/sockstat)" >>"$dir/meta"
}

if [[ ${1:-} == --inner ]]; then
  inner "$2"
  exit $?
fi

connections=50000 udp=2000 minutes=1 interval=1 sample_s=5 warmup=5
binary="$ROOT/build/sockscope" loadgen='' out=''
while (($#)); do
  case $1 in
    --connections | --udp | --minutes | --interval | --sample | --warmup | --binary | --loadgen | --out)
      [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value" ;;
  esac
  case $1 in
    --connections) connections=$2; shift ;;
    --udp) udp=$2; shift ;;
    --minutes) minutes=$2; shift ;;
    --interval) interval=$2; shift ;;
    --sample) sample_s=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --binary) binary=$2; shift ;;
    --loadgen) loadgen=$2; shift ;;
    --out) out=$2; shift ;;
    -h | --help) sed -n '2,/^set -uo/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
((EUID == 0)) || die "needs root (it makes a network namespace with unshare -n)"
command -v tmux >/dev/null || die "tmux is missing (apt-get install tmux)"
binary=$(realpath -m "$binary")
[[ -x $binary ]] || die "sockscope binary not found: $binary"
[[ -n $loadgen ]] || loadgen="$(dirname "$binary")/sockscope-loadgen"
[[ -x $loadgen ]] || die "load generator not found: $loadgen (build sockscope-loadgen)"

work=$(mktemp -d /tmp/sockscope-live.XXXXXX)
inner_pid=''
cleanup() {
  [[ -n $inner_pid ]] && { kill -TERM "$inner_pid" 2>/dev/null; wait "$inner_pid" 2>/dev/null; }
  inner_pid=''
  rm -rf "$work"
}
trap cleanup EXIT
trap 'cleanup; trap - EXIT; exit 130' INT TERM HUP

export LIVE_BINARY=$binary LIVE_LOADGEN=$(realpath "$loadgen") LIVE_CONNECTIONS=$connections LIVE_UDP=$udp
export LIVE_MINUTES=$minutes LIVE_INTERVAL=$interval LIVE_SAMPLE=$sample_s LIVE_WARMUP=$warmup
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
unshare -n -- bash "$SELF" --inner "$work" &
inner_pid=$!
wait "$inner_pid" || die "the measurement did not complete"
inner_pid=''

report() {
  local tck inuse
  tck=$(sed -n 's/^tck=//p' "$work/meta")
  inuse=$(sed -n 's/^inuse=//p' "$work/meta")
  printf '# sockscope watch: CPU per refresh and memory over time\n\n'
  printf 'Linux %s, %s cores, load average before the run: %s. %s connections (%s TCP sockets in use)\n' \
    "$(uname -r)" "$(nproc)" "$load_before" "$connections" "$inuse"
  printf 'plus %s UDP sockets; `sockscope watch -i %s`, sampled every %s s for %s min after a %s s warm-up.\n' \
    "$udp" "$interval" "$sample_s" "$minutes" "$warmup"
  printf 'CPU = utime+stime from /proc/PID/stat; "collector" excludes the screen thread.\n\n'
  awk -F'\t' -v tck="$tck" -v interval="$interval" '
    { t[NR] = $1; cpu[NR] = $2 / tck; main[NR] = $3 / tck; rss[NR] = $4; hwm[NR] = $5 }
    END {
      printf "| elapsed (s) | CPU s/refresh (all) | collector | screen | VmRSS (MiB) | VmHWM (MiB) |\n"
      printf "|---:|---:|---:|---:|---:|---:|\n"
      for (i = 2; i <= NR; i++) {
        dt = t[i] - t[i - 1]; per = interval / dt
        all = (cpu[i] - cpu[i - 1]) * per; scr = (main[i] - main[i - 1]) * per
        printf "| %.0f | %.3f | %.3f | %.3f | %.1f | %.1f |\n", t[i] - t[1], all, all - scr, scr, rss[i] / 1024, hwm[i] / 1024
      }
      dt = t[NR] - t[1]; per = interval / dt
      all = (cpu[NR] - cpu[1]) * per; scr = (main[NR] - main[1]) * per
      # Least-squares slope of RSS over time, in MiB per hour, from the second sample on: the first
      # one can come before the view has built its first tables.
      first = NR > 2 ? 2 : 1
      for (i = first; i <= NR; i++) { x = t[i] - t[first]; sx += x; sy += rss[i]; sxx += x * x; sxy += x * rss[i] }
      n = NR - first + 1; den = n * sxx - sx * sx
      slope = den > 0 ? (n * sxy - sx * sy) / den * 3600 / 1024 : 0
      printf "\n**Average over %.0f s: %.3f s CPU per refresh (collector %.3f s, screen %.3f s); ", dt, all, all - scr, scr
      printf "VmRSS %.1f → %.1f → %.1f MiB (first, second, last sample; slope from the second on %+.1f MiB/hour), VmHWM %.1f MiB.**\n", rss[1] / 1024, rss[first] / 1024, rss[NR] / 1024, slope, hwm[NR] / 1024
    }' "$work/samples.tsv"
  printf '\nLast screen (first lines):\n\n```\n'
  head -n 8 "$work/screen.txt"
  printf '```\n'
}
if [[ -n $out ]]; then report | tee "$out"; else report; fi
