#!/usr/bin/env bash
# README command 1: install dependencies if missing, build, run the main job.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SATCAP_BUILD_DIR:-$root/build}"
echo
echo "== satcap main job: look angles from cities to a satellite over Russia =="
"$build/bin/satcap" look --sat 60.0,40.0,550
