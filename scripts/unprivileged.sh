#!/usr/bin/env bash
# Runs the unit and integration tests as an unprivileged user (nobody:nogroup, no capabilities).
# Each integration test gets a fresh network namespace made as root first, then the test process
# drops to nobody inside it (SOCKSCOPE_TEST_NETNS tells the harness the namespace is its own). In
# that namespace only, ports below 1024 are opened to everyone: tests bind 53 and 80 for their names.
# Tests that truly need root say so and are SKIPPED; any failure fails the script.
#
#   scripts/unprivileged.sh [BUILD_DIR]     (default build/test; built by ./test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

build=$(realpath "${1:-build/test}")
user=${UNPRIV_USER:-nobody}
group=${UNPRIV_GROUP:-nogroup}
[ "$(id -u)" -eq 0 ] || { echo "unprivileged: run as root (it makes the namespaces, then drops to $user)" >&2; exit 1; }
[ -x "$build/tests/test_integration" ] || { echo "unprivileged: no tests in $build (build first)" >&2; exit 1; }
command -v setpriv >/dev/null || { echo "unprivileged: setpriv (util-linux) is missing" >&2; exit 1; }

as_user=(setpriv --reuid="$user" --regid="$group" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs)

log=$(mktemp -d /tmp/sockscope-unpriv-XXXXXX)
chmod 755 "$log"
# The tests open the build tree and the source tree (fixtures, man page) by absolute path. A clone
# under a private directory (mktemp -d makes them 0700) is out of $user's reach: let $user pass
# through (search permission only, not listing) the directories on the way that forbid it, and
# take that back at the end.
opened=()
cleanup() {
  local d
  for d in "${opened[@]}"; do chmod o-x "$d"; done
  rm -rf "$log"
}
trap cleanup EXIT
for top in "$build" "$PWD"; do
  dir=/
  IFS=/ read -ra parts <<<"${top#/}"
  for part in "${parts[@]}"; do
    dir=${dir%/}/$part
    if ! "${as_user[@]}" test -x "$dir"; then
      chmod o+x "$dir"
      opened+=("$dir")
    fi
  done
done
((${#opened[@]})) && echo "unprivileged: letting $user pass through ${opened[*]} for the run"
if ! "${as_user[@]}" test -x "$build/tests/test_integration"; then
  echo "unprivileged: $user cannot run $build/tests/test_integration" >&2
  exit 1
fi
passed=0 skipped=0 failed=()
start=$(date +%s)

# Unit tests: no namespace needed; each executable as a whole.
for t in "$build"/tests/test_*; do
  [ -x "$t" ] && [ "$(basename "$t")" != test_integration ] || continue
  name=$(basename "$t")
  if (cd "$log" && "${as_user[@]}" "$t" --gtest_brief=1 >"$log/$name.out" 2>&1); then
    passed=$((passed + $(grep -oP '^\[  PASSED  \] \K[0-9]+' "$log/$name.out" || echo 0)))
    skipped=$((skipped + $(grep -oP '^\[  SKIPPED \] \K[0-9]+' "$log/$name.out" || echo 0)))
  else
    failed+=("$name")
    cat "$log/$name.out" >&2
  fi
done

# Integration tests: one namespace per test, as ctest would run them one per process.
mapfile -t tests < <("$build/tests/test_integration" --gtest_list_tests | awk '
  /^[^ ]/ { suite = $1; next }
  { print suite $1 }')
for t in "${tests[@]}"; do
  out=$log/integration.out
  if timeout "${UNPRIV_TEST_TIMEOUT:-120}" unshare --net -- sh -c 'ip link set lo up && sysctl -qw net.ipv4.ip_unprivileged_port_start=0 && SOCKSCOPE_TEST_NETNS=$(readlink /proc/self/ns/net) && export SOCKSCOPE_TEST_NETNS && cd "$0" && exec "$@"' \
      "$log" "${as_user[@]}" "$build/tests/test_integration" --gtest_filter="$t" >"$out" 2>&1; then
    if grep -q '^\[  SKIPPED \] 1 test' "$out"; then
      skipped=$((skipped + 1))
      reason=$(grep -m1 -A1 'Skipped' "$out" | tail -1)
      echo "skipped: $t: $reason"
    else
      passed=$((passed + 1))
    fi
  else
    failed+=("$t")
    echo "FAILED as $user: $t" >&2
    tail -n 40 "$out" >&2
  fi
done

echo "unprivileged: as $user: $passed passed, $skipped skipped, ${#failed[@]} failed in $(($(date +%s) - start))s"
if ((${#failed[@]})); then
  printf '  failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
