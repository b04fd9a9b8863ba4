#!/usr/bin/env bash
# README command 1: install dependencies if missing, build, run the default study
# (datasets/studies/rassvet_vs_starlink.toml) and print its headline table.
# Outputs go to ${SATCAP_OUT:-out/rassvet_vs_starlink}; ITU-R maps are read from
# $SATCAP_ITU_MAPS_DIR or ../shared/itu-maps.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SATCAP_BUILD_DIR:-$root/build}"
out="${SATCAP_OUT:-$root/out/rassvet_vs_starlink}"
echo
echo "== satcap default study: Rassvet vs Starlink =="
"$build/bin/satcap" study run "$root/datasets/studies/rassvet_vs_starlink.toml" --out "$out" "$@"
