#!/usr/bin/env bash
# Builds sockscope (Release) and runs it with the given arguments: the live view on a terminal, the list otherwise.
# Says what it does while it does it (on stderr, so the program's own output stays clean for pipes):
# the packages it installs, then the build's own progress, then the program.
set -euo pipefail
cd "$(dirname "$0")"
say() { echo "run.sh: $*" >&2; }

say "checking the build dependencies (scripts/deps.sh)"
scripts/deps.sh >&2
build=build/release
say "configuring $build (CMake, Release)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOCKSCOPE_TESTS=OFF -DSOCKSCOPE_BENCH=OFF >&2
say "building sockscope with ninja (a first build is 7.5 CPU-minutes: about 4 minutes on 2 idle cores; later ones build only what changed)"
cmake --build "$build" --target sockscope >&2
say "running $build/sockscope $*"
exec "$build/sockscope" "$@"
