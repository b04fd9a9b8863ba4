#!/usr/bin/env bash
# Sanitizer job (part of .ci/run): builds satcap, its tests and the CLI with clang-14 AddressSanitizer +
# UndefinedBehaviorSanitizer (scripts/lib/sanitizer-build.sh, build dir build-san) and runs CTest there.
# Any sanitizer report aborts the test that triggered it, so the job fails.
#   SATCAP_SANITIZE_LABELS  CTest label regex to run. Default: every test except labels `validation`,
#                           `python` and `calibration`
#                           (the reference sweeps, 10-20x slower under ASan and already run by the
#                           Release job on the same code); "" runs the full suite.
#   SATCAP_TEST_JOBS        parallel tests (default nproc)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/sanitizer-build.sh
source "$root/scripts/lib/sanitizer-build.sh"
start=$(date +%s)
satcap_sanitizer_build "$root"
built=$(date +%s)
cd "$SATCAP_SAN_BUILD"
# StudyMpi: satcap-mpi is not built here (MPI off: OpenMPI's own allocations would be reported by
# LeakSanitizer); the Release job runs those tests. validation_table_write: the docs table comes from
# the Release job, which runs the validation tests. Label python: the module is not built here (an
# ASan library cannot be loaded into the unsanitized interpreter). Label calibration: whole studies
# (minutes in Release, 10-20x that under ASan) on code the other labels already cover.
args=(--output-on-failure -j "${SATCAP_TEST_JOBS:-$(nproc)}" --timeout 1500 -E "^StudyMpi\\.|^validation_table_write$")
if [[ -z "${SATCAP_SANITIZE_LABELS+x}" ]]; then
  ctest "${args[@]}" -LE "validation|python|calibration"
elif [[ -n "$SATCAP_SANITIZE_LABELS" ]]; then
  ctest "${args[@]}" -L "$SATCAP_SANITIZE_LABELS"
else
  ctest "${args[@]}"
fi
echo "sanitize: build $(( built - start )) s, tests $(( $(date +%s) - built )) s (ASan + UBSan, clang-14)"
