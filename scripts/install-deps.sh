#!/usr/bin/env bash
# Installs satcap's build and test dependencies from Debian 12 packages.
# Idempotent: packages already present are not reinstalled; apt-get runs only when something is missing.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-graph-dev libeigen3-dev libtbb-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  libgeographiclib-dev liberfa-dev libzip-dev zlib1g-dev
  libnetcdf-dev gmt-dcw libglpk-dev
  libopenmpi-dev openmpi-bin
  clang-14 libclang-rt-14-dev
  python3
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present" >&2
fi
