#!/usr/bin/env bash
# CI's hardening checks, run after ./test.sh's suites: every fuzz target for a bounded time, the
# churn test (bounded number of runs), the whole suite again as an unprivileged user, and the
# Debian packages built, installed, checked and purged (scripts/package_check.sh; root only).
#
#   scripts/ci_extra.sh [BUILD_DIR]   (default build/test, as ./test.sh leaves it)
#   FUZZ_SECONDS (default 10 per target; ./test.sh passes 5), CHURN_RUNS (default 300; README's figure is 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/test}

step() {  # name, command...
  local name=$1 t0
  shift
  t0=$(date +%s)
  echo "== ci_extra: $name"
  "$@"
  echo "== ci_extra: $name took $(($(date +%s) - t0))s"
}

step fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-10}" scripts/fuzz.sh
step churn env CHURN_RUNS="${CHURN_RUNS:-300}" scripts/churn.sh "$build/sockscope"
step unprivileged scripts/unprivileged.sh "$build"
if [ "$(id -u)" -eq 0 ]; then
  step package scripts/package_check.sh "$build"
else
  echo "== ci_extra: package SKIPPED (dpkg -i needs root)"
fi
