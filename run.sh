#!/usr/bin/env bash
# Builds sockscope (Release) and runs it with the given arguments: the live view on a terminal, the list otherwise.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOCKSCOPE_TESTS=OFF -DSOCKSCOPE_BENCH=OFF >/dev/null
cmake --build build/release --target sockscope >/dev/null
exec build/release/sockscope "$@"
