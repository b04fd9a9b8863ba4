#!/usr/bin/env python3
"""Derives datasets/ground/starlink_gateways.csv from the project's shared reference compilation
../shared/reference/gateways/starlink_gateways_merged.csv (community lists StarPerf 2024-01, BSD-2-Clause,
and starlink-viz 2026-03-20, MIT; see that folder's README). Rows keep their order; ids are 1-based row
numbers. Only the columns the ground-site reader needs plus the source columns are written.
Usage: python3 make_starlink_gateways.py SRC.csv OUT.csv"""
import csv
import sys

HEADER = """# Starlink gateway sites (community compilation; SpaceX publishes no list). 309 sites.
# Derived by datasets/ground/make_starlink_gateways.py from the satcap shared reference file
# gateways/starlink_gateways_merged.csv, a merge of:
#   A: SpaceNetLab/StarPerf_Simulator config/ground_stations/Starlink.xml (commit ebf2c7e, 2024-01-21,
#      BSD-2-Clause), site coordinates (coord_source=starperf_site);
#   B: juliensimon/starlink-viz data/ground-stations.json (commit 434f8ef, 2026-03-20, MIT), names and
#      status; coordinates partly geocoded by Nominatim (coord_source=starlinkviz: may be 10-100+ km off).
# status: operational / planned per B as of 2026-03-20, or starperf_2024-01_only. Antenna counts are
# StarPerf's (licensed or planned, not built). height_m is not given by the sources: 0 (ellipsoid).
# TT&C stations are mixed in (e.g. Brewster WA, Tromso NO, Awarua NZ).
"""

def main(src, out):
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(out, "w", newline="") as f:
        f.write(HEADER)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "lat_deg", "lon_deg", "height_m", "status", "coord_source",
                    "ka_antennas", "e_antennas", "starlinkviz_offset_km"])
        for i, r in enumerate(rows, 1):
            w.writerow([i, r["name"], r["lat_deg"], r["lon_deg"], 0, r["status"], r["coord_source"],
                        r["starperf_ka_antennas"], r["starperf_e_antennas"], r["starlinkviz_offset_km"]])

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
