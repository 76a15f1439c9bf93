#!/usr/bin/env bash
# compare.sh: times sockscope against ss, netstat and lsof over N loopback TCP connections in a private netns.
#
# Usage (as root, from anywhere):
#   bench/compare.sh [--sizes 10000,50000,100000,200000] [--runs 3] [--binary build/sockscope]
#                    [--stand-in 'ss -tan'] [--udp 0] [--procs 8] [--loadgen PATH]
#                    [--timeout 120] [--tools sc,sc_json,sc_csv,sc_names,sc_proc,sc_filter,ss_p,ss,ss_filter,netstat,lsof] [--out report.md]
#
# For each size it makes a private network namespace (`unshare -n`), starts sockscope-loadgen
# there with that many established connections, waits until they are all up, then runs every
# tool once untimed (to warm caches and count output lines) and --runs times timed, interleaved
# (run 1 of every tool, then run 2, ...: a slow spell of the machine falls on all alike), output to
# /dev/null. Wall time (spawn to exit), CPU time (user + system) and peak RSS are taken by
# sockscope-timerun, built beside the load generator (µs resolution; ru_maxrss like GNU time's %M),
# or by /usr/bin/time (10 ms resolution; installed with apt-get if missing) when the helper is not
# built. Each figure is the median of the runs. On a busy machine compare the CPU ratios too: a tool
# using two threads (sockscope) gains less wall time from them when the cores are shared. It prints Markdown tables: one per size, and one showing how
# sockscope grows with size.
#
#   --sizes LIST     comma-separated connection counts (each connection is 2 sockets)
#   --runs N         timed runs per tool and size; the median is reported (default 3)
#   --binary PATH    sockscope binary (default: build/sockscope under the repo root)
#   --stand-in CMD   run CMD instead of each sockscope command line, e.g. 'ss -tan', to
#                    exercise the harness before sockscope can list
#   --udp N          also open N UDP sockets (default 0: only TCP, as ss -t/netstat -t/lsof -iTCP see)
#   --procs P        processes holding the sockets (default 8; more if RLIMIT_NOFILE is capped)
#   --loadgen PATH   load generator (default: sockscope-loadgen beside the binary, else build/)
#   --timeout SEC    per-run limit; a tool that hits it is skipped at this and larger sizes (default 120)
#   --tools LIST     rows to run, by id: sc (list -a -n), sc_json (-j), sc_csv (-c), sc_names (list -a:
#                    names resolved), sc_proc (list -a -n --owners-from proc: no eBPF), sc_filter
#                    (list -n 'dport = :443', matching ~1%: loadgen --tls-share 1), ss_p (ss -tanp), ss (ss -tan),
#                    ss_filter (ss -tan 'dport = :443'), netstat, lsof (default: all; ratios need ss_p / ss)
#   --out FILE       also write the report to FILE
#
# Build first: cmake --build build --target sockscope sockscope-loadgen sockscope-timerun
# Needs root (unshare -n). It cleans up after itself: the load generator is stopped and the
# namespace disappears at the end of each size, on error and on Ctrl+C.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF="$ROOT/bench/compare.sh"

# Rows of the report: an id, the label shown, and the command after the program name.
TOOL_IDS=(sc sc_json sc_csv sc_names sc_proc sc_filter ss_p ss ss_filter netstat lsof)
declare -A TOOL_LABEL=(
  [sc]='sockscope list -a -n' [sc_json]='sockscope list -a -n -j' [sc_csv]='sockscope list -a -n -c'
  [sc_names]='sockscope list -a' [sc_proc]='sockscope list -a -n --owners-from proc'
  [sc_filter]="sockscope list -n 'dport = :443'"
  [ss_p]='ss -tanp' [ss]='ss -tan' [ss_filter]="ss -tan 'dport = :443'" [netstat]='netstat -tanp' [lsof]='lsof -nP -iTCP')

log() { printf 'compare: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Inner half: runs inside the private namespace for one size and appends to the results files.
# ---------------------------------------------------------------------------------------------
inner() {
  local size=$1 dir=$2
  loadgen_pid='' measure_pid=''  # global: the EXIT trap runs after this function returns
  stop_inner() {
    [[ -n $measure_pid ]] && kill -TERM "$measure_pid" 2>/dev/null
    measure_pid=''
    if [[ -n $loadgen_pid ]]; then
      kill -TERM "$loadgen_pid" 2>/dev/null
      wait "$loadgen_pid" 2>/dev/null
    fi
    loadgen_pid=''
  }
  trap 'stop_inner; exit 130' INT TERM HUP
  trap 'stop_inner' EXIT

  local ready="$dir/ready.$size"
  rm -f "$ready"
  # The filter rows select `dport = :443`: about 1% of connections go there so they match a
  # realistic few rather than nothing (the other rows see the same number of sockets either way).
  local tls=()
  [[ ,$BENCH_TOOLS, == *,sc_filter,* || ,$BENCH_TOOLS, == *,ss_filter,* ]] && tls=(--tls-share 1)
  "$BENCH_LOADGEN" --tcp "$size" --udp "$BENCH_UDP" --procs "$BENCH_PROCS" --ready-file "$ready" "${tls[@]}" \
    --die-with-parent --timeout "$BENCH_SETUP_TIMEOUT" >"$dir/loadgen.$size.out" 2>"$dir/loadgen.$size.err" &
  loadgen_pid=$!
  while [[ ! -e $ready ]]; do
    if ! kill -0 "$loadgen_pid" 2>/dev/null; then
      wait "$loadgen_pid"
      log "load generator failed at $size connections:"
      sed 's/^/  /' "$dir/loadgen.$size.err" >&2
      loadgen_pid=''
      return 1
    fi
    sleep 0.05
  done
  local setup procs
  setup=$(sed -n 's/^setup_seconds=//p' "$ready")
  procs=$(sed -n 's/^procs=//p' "$ready")
  local inuse
  inuse=$(awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "inuse") print $(i + 1) }' /proc/net/sockstat)
  printf '%s\t%s\t%s\t%s\n' "$size" "$setup" "$procs" "$inuse" >>"$dir/setup.tsv"
  log "$size connections ready in ${setup} s ($procs processes, TCP sockets in use: $inuse)"

  local -a standin=()
  [[ -n $BENCH_STANDIN ]] && read -ra standin <<<"$BENCH_STANDIN"
  # Timings on a half-empty namespace would look like a win; flag the size instead.
  loadgen_alive() {
    kill -0 "$loadgen_pid" 2>/dev/null && return 0
    log "error: the load generator exited during the measurements at $size connections"
    printf '%s\n' "$size" >>"$dir/aborted"
    return 1
  }
  # The command line of a tool id, into the array `cmd`.
  command_of() {
    cmd=()
    case $1 in
      sc | sc_json | sc_csv | sc_names | sc_proc | sc_filter)
        if ((${#standin[@]})); then
          cmd=("${standin[@]}")
        elif [[ $1 == sc_names ]]; then
          cmd=("$BENCH_BINARY" list -a)
        elif [[ $1 == sc_filter ]]; then
          cmd=("$BENCH_BINARY" list -n 'dport = :443')
        else
          cmd=("$BENCH_BINARY" list -a -n)
          [[ $1 == sc_json ]] && cmd+=(-j)
          [[ $1 == sc_csv ]] && cmd+=(-c)
          [[ $1 == sc_proc ]] && cmd+=(--owners-from proc)
        fi ;;
      ss_p) cmd=(ss -tanp) ;;
      ss) cmd=(ss -tan) ;;
      ss_filter) cmd=(ss -tan 'dport = :443') ;;
      netstat) cmd=(netstat -tanp) ;;
      lsof) cmd=(lsof -nP -iTCP) ;;
    esac
  }

  # Untimed warm-up of every tool: fills the dentry and inode caches of /proc, counts output lines,
  # and drops tools that are missing or too slow at this size.
  local id
  local -a cmd active=()
  declare -A lines_of=()
  for id in "${TOOL_IDS[@]}"; do
    loadgen_alive || return 1
    command_of "$id"
    if ! command -v "${cmd[0]}" >/dev/null 2>&1; then
      printf '%s\t%s\t0\t\t\tmissing\t\n' "$size" "$id" >>"$dir/results.tsv"
      continue
    fi
    if grep -qx "$id" "$dir/timed_out" 2>/dev/null; then
      printf '%s\t%s\t0\t\t\tskipped\t\n' "$size" "$id" >>"$dir/results.tsv"
      continue
    fi
    log "  ${TOOL_LABEL[$id]}: $([[ ${cmd[*]} != "${TOOL_LABEL[$id]}" ]] && printf '(runs: %s) ' "${cmd[*]}")warm-up"
    # In the background (here and below) so that a signal reaches our trap without waiting for the tool.
    if [[ -n $BENCH_TIMERUN ]]; then
      "$BENCH_TIMERUN" -o /dev/null --timeout "$BENCH_TIMEOUT" -- "${cmd[@]}" >"$dir/warm.out" 2>/dev/null &
    else
      timeout --kill-after=5 "$BENCH_TIMEOUT" "${cmd[@]}" >"$dir/warm.out" 2>/dev/null &
    fi
    measure_pid=$!
    wait "$measure_pid"
    local warm_rc=$?
    measure_pid=''
    lines_of[$id]=$(wc -l <"$dir/warm.out")
    rm -f "$dir/warm.out"
    if ((warm_rc == 124 || warm_rc == 137)); then
      printf '%s\t%s\t0\t\t\ttimeout\t\n' "$size" "$id" >>"$dir/results.tsv"
      echo "$id" >>"$dir/timed_out"
      continue
    fi
    active+=("$id")
  done

  # Timed runs, interleaved: run r of every tool, then run r+1. This machine has slow spells
  # (another tenant, periodic kernel work); interleaved, they fall on every tool alike instead of
  # on whichever tool happened to run then.
  local run
  for ((run = 1; run <= BENCH_RUNS; run++)); do
    log "  run $run of $BENCH_RUNS: ${active[*]}"
    for id in "${active[@]}"; do
      loadgen_alive || return 1
      grep -qx "$id" "$dir/timed_out" 2>/dev/null && continue
      command_of "$id"
      local tf="$dir/time.out" ef="$dir/stderr.$size.$id"
      local rc wall='' rss='' utime='' stime='' cpu='' status=ok
      rm -f "$tf"
      if [[ -n $BENCH_TIMERUN ]]; then
        "$BENCH_TIMERUN" -o "$tf" --timeout "$BENCH_TIMEOUT" -- "${cmd[@]}" >/dev/null 2>"$ef" &
      else
        timeout --kill-after=5 "$BENCH_TIMEOUT" /usr/bin/time -f '%e %M - %U %S' -o "$tf" "${cmd[@]}" >/dev/null 2>"$ef" &
      fi
      measure_pid=$!
      wait "$measure_pid"
      rc=$?
      measure_pid=''
      # Both write "<seconds> <KiB> <status> <user s> <system s>" as the last line (GNU time may put
      # a status line before it).
      read -r wall rss _ utime stime _ < <(tail -n 1 "$tf" 2>/dev/null)
      [[ -n $utime && -n $stime ]] && cpu=$(awk -v u="$utime" -v s="$stime" 'BEGIN { printf "%.6f", u + s }')
      if ((rc == 124 || rc == 137)); then
        status=timeout
        echo "$id" >>"$dir/timed_out"
      elif ((rc != 0)); then
        status="exit:$rc"
      fi
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$id" "$run" "$wall" "$rss" "$status" "${lines_of[$id]}" "$cpu" >>"$dir/results.tsv"
    done
  done
  loadgen_alive
}

if [[ ${1:-} == --inner ]]; then
  IFS=, read -ra TOOL_IDS <<<"$BENCH_TOOLS"
  inner "$2" "$3"
  exit $?
fi

# ---------------------------------------------------------------------------------------------
# Outer half: options, prerequisites, one namespace per size, then the report.
# ---------------------------------------------------------------------------------------------
sizes=10000,50000,100000,200000
runs=3
binary="$ROOT/build/sockscope"
standin=''
udp=0
procs=8
loadgen=''
timeout_s=120
tools=$(IFS=,; echo "${TOOL_IDS[*]}")
out=''
value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value"; }
while (($#)); do
  case $1 in
    --sizes | --runs | --binary | --stand-in | --udp | --procs | --loadgen | --timeout | --out | --tools) value "$@" ;;
  esac
  case $1 in
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --binary) binary=$2; shift ;;
    --stand-in) standin=$2; shift ;;
    --udp) udp=$2; shift ;;
    --procs) procs=$2; shift ;;
    --loadgen) loadgen=$2; shift ;;
    --timeout) timeout_s=$2; shift ;;
    --out) out=$2; shift ;;
    --tools) tools=$2; shift ;;
    -h | --help) sed -n '2,/^set -uo/p' "$SELF" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
  shift
done
[[ $sizes =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--sizes wants numbers separated by commas"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive number"
[[ $udp =~ ^[0-9]+$ && $procs =~ ^[1-9][0-9]*$ && $timeout_s =~ ^[1-9][0-9]*$ ]] ||
  die "--udp, --procs and --timeout want numbers"
IFS=, read -ra wanted <<<"$tools"
for id in "${wanted[@]}"; do [[ -v TOOL_LABEL[$id] ]] || die "unknown tool id in --tools: $id"; done
TOOL_IDS=("${wanted[@]}")
((EUID == 0)) || die "needs root (it makes network namespaces with unshare -n)"
command -v unshare >/dev/null || die "unshare (util-linux) is missing"

[[ $binary == */* ]] && binary=$(realpath -m "$binary")
if [[ -z $loadgen ]]; then
  for candidate in "$(dirname "$binary")/sockscope-loadgen" "$ROOT/build/sockscope-loadgen" \
    "$ROOT/build/bench/sockscope-loadgen"; do
    [[ -x $candidate ]] && { loadgen=$candidate; break; }
  done
  [[ -n $loadgen ]] || die "sockscope-loadgen not found; build it: cmake --build build --target sockscope-loadgen"
fi
[[ -x $loadgen ]] || die "load generator not executable: $loadgen"
loadgen=$(realpath "$loadgen")
# The timing helper is built with the load generator; GNU time (10 ms resolution) is the fallback.
timerun="$(dirname "$loadgen")/sockscope-timerun"
if [[ ! -x $timerun ]]; then
  timerun=''
  log "sockscope-timerun not built beside the load generator; timing with /usr/bin/time (10 ms resolution)"
fi
if [[ -z $timerun && ! -x /usr/bin/time ]]; then
  log "/usr/bin/time is missing; installing the Debian package 'time'"
  command -v apt-get >/dev/null || die "install GNU time (/usr/bin/time) first"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2 ||
    { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >&2; } ||
    die "could not install GNU time"
fi

if [[ -z $standin ]] && ! command -v "$binary" >/dev/null 2>&1; then
  log "warning: sockscope binary not found ($binary); its rows will say so"
fi

work=$(mktemp -d /tmp/sockscope-compare.XXXXXX)
inner_pid=''
cleanup() {
  if [[ -n $inner_pid ]]; then
    kill -TERM "$inner_pid" 2>/dev/null
    wait "$inner_pid" 2>/dev/null
    inner_pid=''
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted; cleaning up"; cleanup; trap - EXIT; exit 130' INT TERM HUP

export BENCH_TOOLS=$tools BENCH_TIMERUN=$timerun BENCH_LOADGEN=$loadgen BENCH_BINARY=$binary BENCH_STANDIN=$standin BENCH_UDP=$udp
export BENCH_PROCS=$procs BENCH_RUNS=$runs BENCH_TIMEOUT=$timeout_s BENCH_SETUP_TIMEOUT=$((timeout_s > 120 ? timeout_s : 120))
: >"$work/results.tsv"
: >"$work/setup.tsv"
: >"$work/aborted"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
IFS=, read -ra size_list <<<"$sizes"
for size in "${size_list[@]}"; do
  log "size $size: new network namespace, starting the load generator"
  # unshare execs bash directly, so $! is the process that holds the namespace.
  unshare -n -- bash "$SELF" --inner "$size" "$work" &
  inner_pid=$!
  wait "$inner_pid" || log "size $size did not complete"
  inner_pid=''
done

# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
report() {
  local labels=''
  for id in "${TOOL_IDS[@]}"; do labels+="$id=${TOOL_LABEL[$id]}"$'\t'; done
  awk -F'\t' -v aborted_file="$work/aborted" -v setup_file="$work/setup.tsv" -v labels="$labels" -v order="${TOOL_IDS[*]}" -v sizes="$sizes" -v runs="$runs" \
    -v standin="$standin" -v binary="$binary" -v timeout_s="$timeout_s" -v udp="$udp" \
    -v timer="${timerun:+sockscope-timerun}" -v kernel="$(uname -r)" -v cores="$(nproc)" -v load="$load_before" \
    -v versions="$(ss -V 2>/dev/null | head -1); $(netstat --version 2>/dev/null | head -1); lsof $(lsof -v 2>&1 | sed -n 's/^ *revision: *//p' | head -1)" '
    function median(list, n,   a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function ratio(x, ref,   r) {
      if (x == "" || ref == "" || ref + 0 == 0) return "–"
      r = x / ref
      return sprintf(r >= 10 ? "%.0f×" : r >= 1 ? "%.1f×" : "%.2g×", r)
    }
    function fmt_time(s) { return s == "" ? "–" : sprintf("%.3f", s) }
    function fmt_mib(k) { return k == "" ? "–" : sprintf("%.1f", k / 1024) }
    FILENAME == aborted_file { aborted[$1] = 1; next }
    FILENAME == setup_file { setup[$1] = $2; procs[$1] = $3; inuse[$1] = $4; next }
    {
      key = $1 SUBSEP $2
      if ($6 == "ok") { t[key] = t[key] " " $4; m[key] = m[key] " " $5; lines[key] = $7; if ($8 != "") c[key] = c[key] " " $8 }
      else if ($6 ~ /^exit:/) { bad[key] = "exit " substr($6, 6); lines[key] = $7 }
      else state[key] = $6
    }
    END {
      nl = split(labels, L, "\t")
      for (i = 1; i <= nl; i++) { p = index(L[i], "="); if (p) label[substr(L[i], 1, p - 1)] = substr(L[i], p + 1) }
      nt = split(order, ids, " "); ns = split(sizes, S, ",")
      printf "# sockscope vs ss / netstat / lsof\n\n"
      printf "Linux %s, %s cores, load average before the run: %s. %s.\n", kernel, cores, load, versions
      printf "Each size runs in a private network namespace holding that many established loopback TCP\n"
      printf "connections (two sockets each) over several named processes%s. Times are wall-clock medians\n", (udp > 0 ? " plus " udp " UDP sockets" : "")
      printf "of %d runs interleaved across tools (output to /dev/null, after one untimed warm-up; timed by %s); memory is the\n", runs, (timer != "" ? timer : "GNU time, 10 ms resolution")
      printf "median peak RSS; CPU is user + system time, median of the same runs.\n"
      printf "Ratios are time ÷ the reference tool time: below 1× is faster.\n"
      if (standin != "") printf "\n**The sockscope rows ran the stand-in `%s`, not sockscope.**\n", standin
      for (s = 1; s <= ns; s++) {
        size = S[s]
        printf "\n## %d connections (%d sockets)\n\n", size, 2 * size
        if (!(size in setup)) { printf "Load generator did not become ready at this size; nothing measured.\n"; continue }
        if (size in aborted) printf "**Incomplete: the load generator exited during the measurements.**\n\n"
        printf "Load generator: ready after %.2f s, %s processes; kernel reports %s TCP sockets in use.\n\n", setup[size], procs[size], inuse[size]
        ref_p = (size SUBSEP "ss_p") in t ? median(t[size SUBSEP "ss_p"]) : ""
        ref = (size SUBSEP "ss") in t ? median(t[size SUBSEP "ss"]) : ""
        ref_c = (size SUBSEP "ss") in c ? median(c[size SUBSEP "ss"]) : ""
        printf "| tool | time (s) | CPU (s) | peak memory (MiB) | vs `ss -tanp` | vs `ss -tan` | CPU vs `ss -tan` | output lines |\n"
        printf "|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for (i = 1; i <= nt; i++) {
          id = ids[i]; key = size SUBSEP id
          name = "`" label[id] "`"
          if (key in t) {
            tm = median(t[key]); mm = median(m[key]); cm = (key in c) ? median(c[key]) : ""
            note = (key in bad) ? " (some runs: " bad[key] ")" : ""
            printf "| %s%s | %s | %s | %s | %s | %s | %s | %s |\n", name, note, fmt_time(tm), fmt_time(cm), fmt_mib(mm), ratio(tm, ref_p), ratio(tm, ref), ratio(cm, ref_c), lines[key]
          } else if (key in bad) {
            printf "| %s | failed (%s) | – | – | – | – | – | %s |\n", name, bad[key], lines[key]
          } else if (state[key] == "missing") {
            printf "| %s | %s | – | – | – | – | – | – |\n", name, (id ~ /^sc/ ? "binary not found: " binary : "not installed")
          } else if (state[key] == "timeout") {
            printf "| %s | > %d (timed out) | – | – | – | – | – | – |\n", name, timeout_s
          } else if (state[key] == "skipped") {
            printf "| %s | skipped (timed out at a smaller size) | – | – | – | – | – | – |\n", name
          } else {
            printf "| %s | not run | – | – | – | – | – | – |\n", name
          }
        }
      }
      printf "\n## sockscope growth with size\n\n"
      if (standin != "") printf "(stand-in `%s`)\n\n", standin
      printf "| connections | sockets | `list -a -n` (s) | CPU (s) | MiB | µs/socket | ×time vs previous | `-j` (s) | `-j` ÷ table | MiB | `-c` (s) | `-c` ÷ table | MiB |\n"
      printf "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
      prev = ""; prev_size = ""
      for (s = 1; s <= ns; s++) {
        size = S[s]; row = sprintf("| %d | %d", size, 2 * size)
        k = size SUBSEP "sc"
        if (k in t) {
          tm = median(t[k])
          grow = prev == "" ? "–" : sprintf("%.2f× (size ×%.2g)", tm / prev, size / prev_size)
          row = row sprintf(" | %s | %s | %s | %.2f | %s", fmt_time(tm), ((k in c) ? fmt_time(median(c[k])) : "–"), fmt_mib(median(m[k])), tm * 1e6 / (2 * size), grow)
          prev = tm; prev_size = size
        } else row = row " | – | – | – | – | –"
        table = (size SUBSEP "sc") in t ? median(t[size SUBSEP "sc"]) : ""
        for (v = 1; v <= 2; v++) {
          k = size SUBSEP (v == 1 ? "sc_json" : "sc_csv")
          if (k in t) {
            tm = median(t[k])
            row = row sprintf(" | %s | %s | %s", fmt_time(tm), (table + 0 > 0 ? sprintf("%.2f×", tm / table) : "–"), fmt_mib(median(m[k])))
          } else row = row " | – | – | –"
        }
        print row " |"
      }
    }' "$work/aborted" "$work/setup.tsv" "$work/results.tsv"
}

if [[ -n $out ]]; then
  report | tee "$out"
else
  report
fi
