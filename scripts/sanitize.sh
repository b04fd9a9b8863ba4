#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer job: builds satcap with -DSATCAP_SANITIZE=ON
# (-fsanitize=address,undefined, -fno-sanitize-recover=undefined) at -O1 with debug info into
# ${SATCAP_ASAN_BUILD_DIR:-build-asan} and runs CTest there. Any report aborts the test (non-zero exit).
#   SATCAP_SANITIZE_LABELS  ctest label regex to run (default: every label except `validation`, whose
#                           reference sweeps are 10-20x slower under ASan; set to "" for the full suite)
#   SATCAP_TEST_JOBS        parallel tests (default nproc)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SATCAP_ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${SATCAP_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DSATCAP_SANITIZE=ON -DSATCAP_WERROR=ON -DSATCAP_BUILD_BENCH=OFF -DSATCAP_WITH_MPI=OFF >/dev/null
cmake --build "$build" -j "$jobs"

# detect_leaks: LeakSanitizer on; the TBB worker pool is static and not reported as a leak.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$build"
labels="${SATCAP_SANITIZE_LABELS-}"
if [[ -z "${SATCAP_SANITIZE_LABELS+x}" ]]; then
  ctest --output-on-failure -j "${SATCAP_TEST_JOBS:-$(nproc)}" --timeout 1500 -LE validation
elif [[ -n "$labels" ]]; then
  ctest --output-on-failure -j "${SATCAP_TEST_JOBS:-$(nproc)}" --timeout 1500 -L "$labels"
else
  ctest --output-on-failure -j "${SATCAP_TEST_JOBS:-$(nproc)}" --timeout 1500
fi
