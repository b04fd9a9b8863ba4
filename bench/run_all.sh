#!/usr/bin/env bash
# Runs the whole benchmark suite and writes one JSON file with the machine's description, so runs can be
# compared over time: bench/run_all.sh [OUT.json] [extra Google Benchmark flags, e.g. --benchmark_filter=Capacity]
# Baselines are kept in bench/baselines/. Compare two files with tools such as benchmark's compare.py
# or jq; every case reports items/s on 1 thread and on all threads.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SATCAP_BUILD_DIR:-$root/build}"
out="${1:-$root/bench/baselines/$(date -u +%Y-%m-%d)-$(hostname).json}"
shift || true
[ -x "$build/bench/satcap_bench" ] || "$root/scripts/build.sh"
tmp="$(mktemp)"
"$build/bench/satcap_bench" --benchmark_out="$tmp" --benchmark_out_format=json "$@"
python3 - "$tmp" "$out" "$root" <<'PY'
import json, platform, subprocess, sys, os
src, dst, root = sys.argv[1:4]
data = json.load(open(src))
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=root).stdout.strip()
    except Exception:
        return ""
data["satcap_machine"] = {
    "uname": " ".join(platform.uname()),
    "cpu_model": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
    "cores": os.cpu_count(),
    "memory": sh("grep MemTotal /proc/meminfo | awk '{print $2 \" kB\"}'"),
    "load_average": sh("cat /proc/loadavg"),
    "compiler": sh("c++ --version | head -1"),
    "git_commit": sh("git rev-parse HEAD"),
}
os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
tmp = dst + ".tmp"
json.dump(data, open(tmp, "w"), indent=2)
os.replace(tmp, dst)
print("wrote", dst)
PY
rm -f "$tmp"
