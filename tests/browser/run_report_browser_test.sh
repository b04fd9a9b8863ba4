#!/usr/bin/env bash
# The report browser test (tests/browser/CMakeLists.txt): runs a study, then checks its report in
# headless Chromium. Usage: run_report_browser_test.sh SATCAP STUDY MAPS_DIR OUT_DIR SHOT_DIR CHECK_JS
set -euo pipefail
satcap=$1 study=$2 maps=$3 out=$4 shots=$5 check=$6
command -v node >/dev/null 2>&1 || { echo "report browser test: FAIL: node is missing (scripts/install-deps.sh)" >&2; exit 1; }
rm -rf "$out" "$shots"
start=$(date +%s)
"$satcap" study run "$study" --out "$out" --maps "$maps" --quiet
echo "report browser test: study ran in $(( $(date +%s) - start )) s"
node "$check" "$out" "$shots"
