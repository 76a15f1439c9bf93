#!/bin/bash
# bench/key_latency.sh: how fast the live view answers keys while it refreshes many sockets.
#
# Inside a private network namespace: sockscope-loadgen holds N loopback TCP connections (2N
# sockets), `sockscope watch` runs on a pseudo-terminal refreshing every second, and keys are
# typed into it. Each sample is the time from writing the key until the view has painted its
# answer (the help box opening, or the first repaint when it closes) on the terminal. Also prints how long one full collection takes at that size, so it is clear
# the keys were answered while the collector thread was busy.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: sudo bench/key_latency.sh [--tcp N] [--samples S] [--interval SECONDS]
                                 [--sockscope PATH] [--loadgen PATH] [--limit-ms MS]

  --tcp N          loopback TCP connections to hold (2N sockets; default 50000 = 100k sockets)
  --samples S      keys to time (default 40; half open the help box, half close it)
  --interval SECS  the view's refresh interval (default 1)
  --sockscope PATH the binary (default build/sockscope)
  --loadgen PATH   the load generator (default build/sockscope-loadgen)
  --limit-ms MS    exit 1 when the slowest key took longer (default 100)

Needs root (a private network namespace), python3 and the two binaries. Prints the latency
distribution (min, median, p90, max) in milliseconds and how many keys exceeded the limit.
EOF
}

TCP=50000
SAMPLES=40
INTERVAL=1
LIMIT_MS=100
SOCKSCOPE=build/sockscope
LOADGEN=build/sockscope-loadgen
while [ $# -gt 0 ]; do
  case "$1" in
    --tcp) TCP=$2; shift 2 ;;
    --samples) SAMPLES=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --sockscope) SOCKSCOPE=$2; shift 2 ;;
    --loadgen) LOADGEN=$2; shift 2 ;;
    --limit-ms) LIMIT_MS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "key_latency.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" != 0 ]; then echo "key_latency.sh: needs root (a private network namespace)" >&2; exit 2; fi
command -v python3 >/dev/null || { echo "key_latency.sh: python3 is needed to drive the terminal" >&2; exit 2; }
SOCKSCOPE=$(realpath "$SOCKSCOPE")
LOADGEN=$(realpath "$LOADGEN")
[ -x "$SOCKSCOPE" ] || { echo "key_latency.sh: $SOCKSCOPE is not executable" >&2; exit 2; }
[ -x "$LOADGEN" ] || { echo "key_latency.sh: $LOADGEN is not executable" >&2; exit 2; }

# Everything below runs in a fresh network namespace: the loopback load never touches the host.
if [ -z "${KEY_LATENCY_IN_NETNS:-}" ]; then
  exec env KEY_LATENCY_IN_NETNS=1 unshare -n "$0" --tcp "$TCP" --samples "$SAMPLES" --interval "$INTERVAL" \
    --sockscope "$SOCKSCOPE" --loadgen "$LOADGEN" --limit-ms "$LIMIT_MS"
fi
ip link set lo up

WORK=$(mktemp -d /tmp/key-latency.XXXXXX)
LOADGEN_PID=
cleanup() {
  if [ -n "$LOADGEN_PID" ]; then kill "$LOADGEN_PID" 2>/dev/null || true; wait "$LOADGEN_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ns() { date +%s%N; }

echo "# setting up $TCP loopback TCP connections..." >&2
"$LOADGEN" --tcp "$TCP" --ready-file "$WORK/ready" --quiet --die-with-parent &
LOADGEN_PID=$!
for _ in $(seq 1 6000); do [ -e "$WORK/ready" ] && break; sleep 0.1; done
[ -e "$WORK/ready" ] || { echo "key_latency.sh: the load generator did not get ready" >&2; exit 1; }
SOCKETS=$(ss -tanH | wc -l)

# One full collection as the view does it (TCP and UDP with owners), timed.
t0=$(now_ns)
ROWS=$("$SOCKSCOPE" list -a -n --csv -p tcp,udp | wc -l)
t1=$(now_ns)
COLLECT_MS=$(( (t1 - t0) / 1000000 ))

# The view runs on a pseudo-terminal driven by a small Python program: it writes one key and
# timestamps the bytes the view paints in answer. (Timing through `tmux send-keys` and
# `capture-pane` measures tmux's client start-up, 60-140 ms per call on a busy 2-core machine, more
# than the view itself; the pty is what tmux itself would read from.)
python3 - "$SOCKSCOPE" "$INTERVAL" "$SAMPLES" "$WORK/samples" "$WORK/status" <<'PY'
import fcntl, os, pty, random, select, signal, struct, sys, termios, time

binary, interval, samples, out_path, status_path = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    os.environ.update(LANG="C.UTF-8", TERM="screen")
    os.execv(binary, [binary, "watch", "-n", "--interval", interval])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))

def read_for(seconds):
    data = b""
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return data
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data += os.read(fd, 65536)
            except OSError:
                return data

# Wait for the first full table (a count in the status bar), then let the screen settle.
import re
count = re.compile(rb"([1-9][0-9]*) endpoints +([0-9]+) estab[a-z]* +([0-9]+) listen")
seen = b""
deadline = time.monotonic() + 300
while not count.search(seen) and time.monotonic() < deadline:
    seen += read_for(0.2)
if not count.search(seen):
    sys.exit("the view never showed the endpoints")
found = count.findall(seen)[-1]
open(status_path, "w").write("%s endpoints, %s established, %s listening" % tuple(x.decode() for x in found))
read_for(1.5)

results = []
help_open = False
for n in range(int(samples)):
    # Drain, then wait a random part of the refresh cycle so keys land during collections.
    read_for(random.uniform(0.1, 0.9))
    start = time.monotonic_ns()
    os.write(fd, b"?")
    help_open = not help_open
    got = b""
    answered = None
    while time.monotonic_ns() - start < 5_000_000_000:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        got += os.read(fd, 65536)
        # Opening: the help text is painted. Closing: the first repaint after the key.
        if (help_open and b"Ctrl+R, r" in got) or (not help_open and got):
            answered = time.monotonic_ns()
            break
    results.append((answered - start) // 1000 if answered else 5_000_000)
os.write(fd, b"q")
read_for(1.0)
try:
    os.kill(pid, signal.SIGTERM)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
open(out_path, "w").write("".join(f"{us}\n" for us in results))
PY
STATUS=$(cat "$WORK/status")

sort -n "$WORK/samples" | awk -v limit_ms="$LIMIT_MS" -v sockets="$SOCKETS" -v rows="$ROWS" \
  -v collect_ms="$COLLECT_MS" -v interval="$INTERVAL" -v status="$STATUS" '
  { v[NR] = $1 / 1000.0; if ($1 / 1000.0 > limit_ms) over++ }
  END {
    n = NR
    printf "sockets in the namespace (ss -tan): %d\n", sockets
    printf "one collection (sockscope list -a -p tcp,udp, owners): %d ms for %d rows\n", collect_ms, rows - 1
    printf "view: refresh every %s s, status bar showed %s\n", interval, status
    printf "key to screen, %d keys (ms): min %.1f  median %.1f  p90 %.1f  max %.1f\n",
      n, v[1], v[int((n + 1) / 2)], v[int(n * 0.9 + 0.5)], v[n]
    printf "keys over %d ms: %d\n", limit_ms, over + 0
    exit over > 0 ? 1 : 0
  }'
