#!/usr/bin/env bash
# Installs sockscope's build, test and benchmark dependencies from Debian's archive; idempotent.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build pkg-config
  libmnl-dev libc-ares-dev libfmt-dev libcli11-dev nlohmann-json3-dev libncurses-dev libutf8proc-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libbpf-dev clang-16
  libcivetweb-dev libyaml-cpp-dev libssl-dev libcrypt-dev
  iproute2 net-tools lsof procps util-linux netbase time tmux
  curl openssl apache2-utils prometheus
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
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
