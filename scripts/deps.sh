#!/usr/bin/env bash
# Installs sockscope's build, test and benchmark dependencies from Debian's archive; idempotent.
# Says which packages are missing and shows apt's progress while it installs them.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config
  libmnl-dev libc-ares-dev libfmt-dev libcli11-dev nlohmann-json3-dev libncurses-dev libutf8proc-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libbpf-dev clang-16 libclang-rt-16-dev  # eBPF programs; libFuzzer (scripts/fuzz.sh)
  qt6-base-dev libqt6test6 qt6-qpa-plugins fonts-dejavu-core xvfb xauth  # the desktop window and its tests
  qt6-wayland weston                           # the window on Wayland: Qt's plugin, a headless compositor for its test
  libcivetweb-dev libyaml-cpp-dev libssl-dev libcrypt-dev                # the exporter (sockscope serve)
  iproute2 net-tools lsof procps util-linux netbase time tmux
  curl openssl apache2-utils prometheus        # the exporter's tests: TLS, bcrypt hashes, a real Prometheus
  zsh fish                                     # the completion tests load their scripts
  dpkg-dev file lintian man-db systemd         # scripts/package_check.sh: cpack's shlibdeps, lintian, man -w, systemd-analyze
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "deps: installing ${#missing[@]} missing packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "deps: apt-get update"
  apt-get update -q
  echo "deps: apt-get install"
  # apt's own progress (Get:, Unpacking, Setting up) shows what is happening on a first run.
  apt-get install -y -q --no-install-recommends "${missing[@]}"
  echo "deps: installed ${missing[*]}"
else
  echo "deps: all ${#packages[@]} packages are installed"
fi
