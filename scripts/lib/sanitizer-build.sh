# Sourced by scripts/sanitize.sh and scripts/fuzz-smoke.sh: configures and builds one clang-14 tree with
# AddressSanitizer + UndefinedBehaviorSanitizer (-fno-sanitize-recover=undefined) and libFuzzer coverage
# instrumentation (-fsanitize=fuzzer-no-link) for the library, the tests, the CLI and the fuzz harnesses,
# so the sanitizer test job and the fuzz smoke runs share one build. RelWithDebInfo at -O1 with line
# tables only (readable stack traces at about half the compile time of full -g).
#   SATCAP_SAN_BUILD_DIR  build directory (default build-san)
#   SATCAP_JOBS           parallel compile jobs (default nproc)
#   SATCAP_FUZZ_CC/CXX    compilers (default clang-14 / clang++-14)
satcap_sanitizer_build() {
  local root="$1"; shift
  local build="${SATCAP_SAN_BUILD_DIR:-$root/build-san}"
  local jobs="${SATCAP_JOBS:-$(nproc)}"
  local cc="${SATCAP_FUZZ_CC:-clang-14}" cxx="${SATCAP_FUZZ_CXX:-clang++-14}"
  command -v "$cxx" >/dev/null || { echo "sanitizer build: $cxx not found (scripts/install-deps.sh installs clang-14)" >&2; return 1; }
  CC="$cc" CXX="$cxx" cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
    -DSATCAP_SANITIZE=ON -DSATCAP_BUILD_FUZZERS=ON -DSATCAP_BUILD_BENCH=OFF -DSATCAP_WITH_MPI=OFF -DSATCAP_BUILD_PYTHON=OFF >/dev/null
  cmake --build "$build" -j "$jobs" "$@"
  SATCAP_SAN_BUILD="$build"
}
# Reports: abort at the first error (non-zero exit), leaks included; the TBB worker pool is static and
# not reported as a leak.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
