#!/usr/bin/env bash
# Fuzz smoke runs (part of .ci/run): builds the libFuzzer harnesses of tests/fuzz in the shared clang-14
# ASan + UBSan tree (scripts/lib/sanitizer-build.sh, build dir build-san; reused when scripts/sanitize.sh
# ran first) and runs each one for a fixed budget (${SATCAP_FUZZ_SECONDS:-20} s) from its seed corpus in
# tests/fuzz/corpus/<harness>/. Exits non-zero on the first crash, leak or timeout; the reproducer is
# left in ${build}/fuzz-artifacts/. New corpus entries go to ${build}/fuzz-corpus/ (the committed seeds
# are not modified). Longer runs: SATCAP_FUZZ_SECONDS=600 scripts/fuzz-smoke.sh (docs/reliability.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/sanitizer-build.sh
source "$root/scripts/lib/sanitizer-build.sh"
seconds="${SATCAP_FUZZ_SECONDS:-20}"
satcap_sanitizer_build "$root" --target satcap_fuzzers
build="$SATCAP_SAN_BUILD"

fuzzers=(fuzz_tle fuzz_omm fuzz_csv fuzz_link_toml fuzz_npz fuzz_study_toml fuzz_report)
start=$(date +%s)
for f in "${fuzzers[@]}"; do
  [[ -x "$build/tests/fuzz/$f" ]] || { echo "fuzz-smoke: $f not built" >&2; exit 1; }
  work="$build/fuzz-corpus/$f"
  art="$build/fuzz-artifacts/$f/"
  mkdir -p "$work" "$art"
  echo "fuzz-smoke: $f for ${seconds}s"
  "$build/tests/fuzz/$f" "$work" "$root/tests/fuzz/corpus/$f" -max_total_time="$seconds" -max_len=8192 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art" -print_final_stats=1 2>"$build/fuzz-$f.log" \
    || { tail -60 "$build/fuzz-$f.log" >&2; echo "fuzz-smoke: $f FAILED (artifact in $art)" >&2; exit 1; }
  grep -E "stat::number_of_executed_units|cov:" "$build/fuzz-$f.log" | tail -2
done
echo "fuzz-smoke: all ${#fuzzers[@]} harnesses passed in $(( $(date +%s) - start )) s"
