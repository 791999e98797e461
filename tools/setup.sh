#!/usr/bin/env bash
# Installs what m3lab needs on Debian 12 (as root), skipping what is already there.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build pkg-config
  libelf-dev libgtest-dev libgmock-dev libcli11-dev libyaml-cpp-dev nlohmann-json3-dev
  libsystemc-dev qt6-base-dev libpng-dev
  gcc-arm-none-eabi binutils-arm-none-eabi qemu-system-arm
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "m3lab setup: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
