#!/usr/bin/env bash
# CI's package check: builds the .deb packages with CPack from a build directory, installs them
# with dpkg (apt-get install -f for their dependencies), runs what they installed (sockscope
# --version, tcpvcon, man, the completions, systemd-analyze verify on every unit), runs lintian
# (errors and warnings fail; overrides live in packaging/lintian/), then removes and purges them
# and checks nothing is left behind. Needs root and a machine where sockscope is not installed.
#
#   scripts/package_check.sh [BUILD_DIR]   (default build/test, as ./test.sh leaves it)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build=$(realpath "${1:-build/test}")
t0=$(date +%s)

say() { echo "package_check: $*"; }
fail() { echo "package_check: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || { say "SKIPPED: needs root (dpkg -i)"; exit 0; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian systemd-analyze man; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done
if dpkg-query -W -f='${Status}' sockscope 2>/dev/null | grep -q installed; then
  fail "the sockscope package is installed already; remove it first (dpkg -P sockscope-gui sockscope)"
fi
[ ! -e /var/lib/sockscope ] || fail "/var/lib/sockscope exists before the install: the purge check could not tell"

say "building the packages (cpack -G DEB in $build)"
cmake --build "$build" -j2 --target sockscope sockscope_completions sockscope_man_gz
if [ -f "$build/CMakeCache.txt" ] && grep -q '^SOCKSCOPE_GUI:BOOL=ON' "$build/CMakeCache.txt"; then
  cmake --build "$build" -j2 --target sockscope-gui
fi
out=$(mktemp -d /tmp/sockscope-deb-XXXXXX)
installed=()
cleanup() {
  if ((${#installed[@]})); then dpkg -P "${installed[@]}" >/dev/null 2>&1 || true; fi
  rm -rf "$out"
}
trap cleanup EXIT
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log") || { cat "$out/cpack.log"; fail "cpack"; }
debs=("$out"/*.deb)
[ -e "${debs[0]}" ] || fail "cpack made no .deb"
say "made: $(cd "$out" && echo *.deb)"

# Every path the packages hold that is not there yet: all of them must be gone after the purge.
new_paths=$out/new-paths
for deb in "${debs[@]}"; do
  dpkg-deb --fsys-tarfile "$deb" | tar -t | sed 's|^\./|/|; s|/$||' | grep -v '^$'
done | sort -u | while read -r p; do [ -e "$p" ] || [ -L "$p" ] || echo "$p"; done >"$new_paths"

say "lintian"
lintian --fail-on error,warning "${debs[@]}" || fail "lintian found errors or warnings"

say "installing (dpkg -i, then apt-get install -f for dependencies)"
mapfile -t names < <(for deb in "${debs[@]}"; do dpkg-deb -f "$deb" Package; done)
installed=("${names[@]}")
if ! dpkg -i "${debs[@]}"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends || fail "apt-get install -f"
fi
for n in "${names[@]}"; do
  dpkg-query -W -f='${Status}' "$n" | grep -q "install ok installed" || fail "$n is not installed"
done

say "sockscope --version"
sockscope --version | tee "$out/version"
grep -q '^eBPF: ' "$out/version" && grep -q '^  SQLite ' "$out/version" || fail "--version names no build parts or libraries"
say "tcpvcon -a -n"
tcpvcon -a -n >"$out/tcpvcon" || fail "tcpvcon -a -n"
head -3 "$out/tcpvcon"
[ "$(man -w sockscope)" = /usr/share/man/man1/sockscope.1.gz ] || fail "man -w sockscope: $(man -w sockscope)"
man -w tcpvcon >/dev/null || fail "man -w tcpvcon"
[ "$(stat -c %a /var/lib/sockscope)" = 700 ] || fail "/var/lib/sockscope is not a 0700 directory"
bash -c 'source /usr/share/bash-completion/completions/sockscope
         COMP_WORDS=(sockscope list --sort pro); COMP_CWORD=3; _sockscope
         [[ " ${COMPREPLY[*]} " == *" proto "* ]]' || fail "the installed bash completion does not complete --sort"

# Every unit the source tree has is installed, and every installed one verifies.
units=$(dpkg -L sockscope | grep -E '/systemd/system/[^/]+\.service$' || true)
for u in "$src"/packaging/*.service; do
  echo "$units" | grep -q "/$(basename "$u")\$" || fail "$(basename "$u") is not in the package"
done
for u in $units; do
  say "systemd-analyze verify $u"
  systemd-analyze verify "$u" || fail "systemd-analyze verify $u"
  grep -q '^ExecStart=/usr/bin/sockscope ' "$u" || fail "$u does not start /usr/bin/sockscope"
done

say "removing (dpkg -r), then purging (dpkg -P)"
mapfile -t reversed < <(printf '%s\n' "${names[@]}" | sort -r)  # sockscope-gui before sockscope
dpkg -r "${reversed[@]}" >/dev/null
[ -d /var/lib/sockscope ] || fail "dpkg -r removed /var/lib/sockscope (the history is kept until purge)"
dpkg -P "${reversed[@]}" >/dev/null
installed=()
for n in "${names[@]}"; do
  if dpkg-query -W -f='${Status}' "$n" 2>/dev/null | grep -q 'installed\|config-files'; then fail "$n is still known to dpkg"; fi
done
[ ! -e /var/lib/sockscope ] || fail "/var/lib/sockscope left after purge"
left=$(while read -r p; do [ -e "$p" ] || [ -L "$p" ] && echo "$p"; done <"$new_paths" || true)
[ -z "$left" ] || fail "left behind after purge: $left"

say "ok ($(wc -l <"$new_paths") paths installed and removed; took $(($(date +%s) - t0))s)"
