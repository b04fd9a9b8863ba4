#!/usr/bin/env python3
"""Run datasets/studies/small_test.toml from Python and plot delivered throughput per region.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/small_study.py [OUT_DIR [STUDY.toml]]

Writes the study outputs into OUT_DIR (default out/python_small) and OUT_DIR/delivered.png
(matplotlib, Agg backend: no display needed). STUDY.toml defaults to datasets/studies/small_test.toml.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import satcap  # noqa: E402

root = Path(__file__).resolve().parents[2]
out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "out" / "python_small"

study_file = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "datasets" / "studies" / "small_test.toml"
study = satcap.Study(study_file)
print(study.check())
result = study.run(out=out, progress=print, tables="numpy")
print(result.headline)

# One bar group per region, one bar per run (sweep case x constellation).
regions = result.regions
region_names = list(dict.fromkeys(regions["region"]))
runs = list(dict.fromkeys(regions["case"]))
width = 0.8 / len(runs)
fig, ax = plt.subplots(figsize=(9, 4))
x = np.arange(len(region_names))
for j, run in enumerate(runs):
    sel = regions["case"] == run
    by_region = dict(zip(regions["region"][sel], regions["delivered_mean_gbps"][sel]))
    ax.bar(x + j * width, [by_region.get(r, 0.0) for r in region_names], width, label=run)
ax.set_xticks(x + 0.4 - width / 2, region_names, rotation=30, ha="right")
ax.set_ylabel("delivered, Gbit/s (time mean)")
ax.set_title("small test study: delivered throughput per region")
ax.legend(fontsize=7)
fig.tight_layout()
fig.savefig(out / "delivered.png", dpi=120)
print(f"figure: {out / 'delivered.png'}")
