#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang-14 (-fsanitize=fuzzer,address,undefined) in
# ${SATCAP_FUZZ_BUILD_DIR:-build-fuzz} and runs each one for a fixed budget (${SATCAP_FUZZ_SECONDS:-20} s)
# from its seed corpus in tests/fuzz/corpus/<harness>/. Exits non-zero on the first crash/leak/timeout;
# the reproducer is left in ${build}/fuzz-artifacts/. New corpus entries go to ${build}/fuzz-corpus/
# (the committed seeds are not modified).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SATCAP_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${SATCAP_FUZZ_SECONDS:-20}"
jobs="${SATCAP_JOBS:-$(nproc)}"
cc="${SATCAP_FUZZ_CC:-clang-14}"
cxx="${SATCAP_FUZZ_CXX:-clang++-14}"
command -v "$cxx" >/dev/null || { echo "fuzz-smoke: $cxx not found (scripts/install-deps.sh installs clang-14)" >&2; exit 1; }

CC="$cc" CXX="$cxx" cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
  -DSATCAP_SANITIZE=ON -DSATCAP_BUILD_FUZZERS=ON -DSATCAP_BUILD_BENCH=OFF -DSATCAP_BUILD_CLI=OFF \
  -DSATCAP_WITH_MPI=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target satcap_fuzzers

fuzzers=(fuzz_tle fuzz_omm fuzz_csv fuzz_link_toml fuzz_npz fuzz_study_toml)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
start=$(date +%s)
for f in "${fuzzers[@]}"; do
  [[ -x "$build/tests/fuzz/$f" ]] || { echo "fuzz-smoke: $f not built (layer disabled?)" >&2; exit 1; }
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
