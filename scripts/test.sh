#!/usr/bin/env bash
# README command 2: install dependencies if missing, build (warnings are errors), run the whole test
# suite with CTest, then install the package and build + run the consumer project against it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build="${SATCAP_BUILD_DIR:-$root/build}"

# The installed package, consumed through find_package(satcap CONFIG REQUIRED).
prefix="$build/_install"
rm -rf "$prefix" "$build/_consumer"
cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -S "$root/tests/consumer" -B "$build/_consumer" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$build/_consumer" >/dev/null
"$build/_consumer/satcap_consumer"

cd "$build"
ctest --output-on-failure -j "${SATCAP_TEST_JOBS:-$(nproc)}" --timeout 1500
