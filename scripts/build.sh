#!/usr/bin/env bash
# Configures and builds satcap (Release) into ${SATCAP_BUILD_DIR:-build}. Used by main.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SATCAP_BUILD_DIR:-$root/build}"
jobs="${SATCAP_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSATCAP_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$jobs"
