#!/usr/bin/env python3
"""Python-call overhead against the C++ benchmarks for the same batches (docs/python.md), and the
Python peers where Debian packages them (python3-sgp4's SatrecArray).

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [--threads N]

Cases (items/s, best of --repeat runs, wall time):
  sgp4   the Starlink snapshot (../shared/reference/tle/starlink.tle) x 60 one-minute steps, ECEF positions
         (C++: BM_Sgp4StarlinkDay streams 1,440 steps without storing them)
  itur   1e5 random points, full P.618-14 chain (C++: BM_SlantPathFullChain, 2,048 points per call)
  link   2^18 links, K = 0, the BM_LinkKernel template (C++: BM_LinkKernel/K:0)
Compare with: build/bench/satcap_bench --benchmark_filter='BM_Sgp4StarlinkDay|BM_SlantPathFullChain|BM_LinkKernel/K:0'
"""

import argparse
import os
import time
from pathlib import Path

import numpy as np

import satcap

ROOT = Path(__file__).resolve().parents[1]
REF = Path(os.environ.get("SATCAP_REFERENCE_DIR", ROOT.parent / "shared" / "reference"))


CPU = {}


def best(fn, repeat):
    """Best wall time of `repeat` calls. Of that call, CPU["last"] keeps the process CPU time and
    CPU["engine"] the wall time spent in the engine itself (satcap._satcap._last_engine_seconds())."""
    t, c, e = [], [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
        c.append(time.process_time() - c0)
        e.append(satcap._satcap._last_engine_seconds())
    i = min(range(repeat), key=t.__getitem__)
    CPU["last"], CPU["engine"], CPU["wall"] = c[i], e[i], t[i]
    return t[i]


def cpu_rate(n, unit, scale):
    """CPU rate and the binding overhead of the best call: (call wall - engine wall) / engine wall."""
    return f"cpu {n / CPU['last'] / scale:8.2f} {unit}  overhead {100 * (CPU['wall'] / CPU['engine'] - 1):5.1f} %"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--peers", action="store_true", help="also time python3-sgp4 SatrecArray")
    a = ap.parse_args()

    es = satcap.read_elements(REF / "tle" / "starlink.tle")
    steps = 60
    t = best(lambda: satcap.propagate(es, "2026-05-30T00:00:00Z", 60, steps, velocities=False, threads=a.threads), a.repeat)
    n = len(es) * steps
    print(f"sgp4  {n:9d} states  {n / t / 1e6:8.2f} M/s  {cpu_rate(n, 'M/s', 1e6)}  ({t * 1e3:.1f} ms, ECEF positions)")
    eph = satcap.propagate(es, "2026-05-30T00:00:00Z", 60, steps, velocities=False, threads=a.threads)
    t = best(lambda: satcap.propagate(es, "2026-05-30T00:00:00Z", 60, steps, velocities=False, threads=a.threads,
                                      out=eph), a.repeat)
    print(f"sgp4  {n:9d} states  {n / t / 1e6:8.2f} M/s  {cpu_rate(n, 'M/s', 1e6)}  ({t * 1e3:.1f} ms, ECEF positions, out= reused)")
    tt = best(lambda: satcap.propagate(es, "2026-05-30T00:00:00Z", 60, steps, frame="teme", velocities=True,
                                       threads=a.threads), a.repeat)
    print(f"sgp4  {n:9d} states  {n / tt / 1e6:8.2f} M/s  {cpu_rate(n, 'M/s', 1e6)}  ({tt * 1e3:.1f} ms, TEME positions + velocities)")

    rng = np.random.default_rng(1)
    m = 100_000
    lat, lon, el = rng.uniform(-70, 70, m), rng.uniform(-180, 180, m), rng.uniform(5, 90, m)
    f, p = rng.uniform(10, 50, m), 10 ** rng.uniform(-3, 0.5, m)
    satcap.atten(lat[:256], lon[:256], el[:256], f[:256], p[:256], 1.2, eta=0.65)  # load the maps
    t = best(lambda: satcap.atten(lat, lon, el, f, p, 1.2, eta=0.65, threads=a.threads), a.repeat)
    print(f"itur  {m:9d} points  {m / t / 1e3:8.2f} k/s  {cpu_rate(m, 'k/s', 1e3)}  ({t * 1e3:.1f} ms)")

    spec = {
        "link": {"frequency_ghz": 11.7, "bandwidth_mhz": 240.0, "rolloff": 0.1},
        "transmitter": {"eirp_dbw": 36.7, "antenna": {"pattern": "s1528_rec13", "gain_dbi": 35.0, "beamwidth_deg": 1.2}},
        "geometry": {"slant_range_km": 800.0},
        "losses": {"atmospheric_db": 0.0},
        "receiver": {"noise_figure_db": 1.5, "feed_loss_db": 0.2, "antenna": {"pattern": "flat", "gain_dbi": 34.0}},
        "modcod": {"standard": "DVB-S2X", "implementation_margin_db": 0.5},
    }
    k = satcap.LinkKernel(spec)
    L = 1 << 18
    rr = rng.uniform(550e3, 1200e3, L)
    off = np.radians(rng.uniform(0.0, 1.2, L))
    att = rng.uniform(0.0, 3.0, L)
    res = k.evaluate(rr, tx_off_axis_rad=off, atmospheric_loss_db=att, threads=a.threads)
    t = best(lambda: k.evaluate(rr, tx_off_axis_rad=off, atmospheric_loss_db=att, threads=a.threads), a.repeat)
    print(f"link  {L:9d} links   {L / t / 1e6:8.2f} M/s  {cpu_rate(L, 'M/s', 1e6)}  ({t * 1e3:.1f} ms, new outputs)")
    t = best(lambda: k.evaluate(rr, tx_off_axis_rad=off, atmospheric_loss_db=att, threads=a.threads, out=res), a.repeat)
    print(f"link  {L:9d} links   {L / t / 1e6:8.2f} M/s  {cpu_rate(L, 'M/s', 1e6)}  ({t * 1e3:.1f} ms, out= reused)")

    if a.peers:
        try:
            from sgp4.api import SatrecArray, Satrec, accelerated
        except ImportError:
            print("peer  python3-sgp4 not installed")
            return
        lines = (REF / "tle" / "starlink.tle").read_text().splitlines()
        sats = [Satrec.twoline2rv(lines[i + 1], lines[i + 2]) for i in range(0, 3 * 1000, 3)]
        arr = SatrecArray(sats)
        jd = np.full(steps, 2461190.5)
        fr = np.arange(steps) / 1440.0
        t = best(lambda: arr.sgp4(jd, fr), 1)
        n = len(sats) * steps
        print(f"peer  python3-sgp4 SatrecArray (accelerated={accelerated}): {n / t / 1e6:8.3f} M/s ({len(sats)} sats x {steps})")
        sub = satcap.parse_elements("\n".join(lines[: 3 * 1000]))
        t2 = best(lambda: satcap.propagate(sub, "2026-05-30T00:00:00Z", 60, steps, frame="teme", velocities=True,
                                           threads=1), 3)
        print(f"peer  satcap.propagate TEME + velocities, 1 thread, same batch: {n / t2 / 1e6:8.3f} M/s  "
              f"(ratio {t / t2:.0f}x)")


if __name__ == "__main__":
    main()
