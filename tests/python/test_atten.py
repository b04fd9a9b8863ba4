"""satcap.atten against `satcap atten --in` on the same points (same function per point: the CLI's
%.10g text is reproduced exactly), broadcasting, zero-copy views and range errors."""

import numpy as np
import pytest

import satcap
from conftest import run_cli


def test_points_match_cli(scratch, cli, maps):
    rng = np.random.default_rng(7)
    n = 300
    lat, lon = rng.uniform(-70, 70, n), rng.uniform(-180, 180, n)
    el, f = rng.uniform(5, 90, n), rng.uniform(10, 50, n)
    p = 10 ** rng.uniform(-3, 0.5, n)
    d = np.full(n, 1.2)
    src = scratch / "pts.csv"
    with open(src, "w") as fh:
        fh.write("lat_deg,lon_deg,el_deg,f_ghz,p_pct,d_m,eta\n")
        for i in range(n):
            fh.write(f"{lat[i]!r},{lon[i]!r},{el[i]!r},{f[i]!r},{p[i]!r},1.2,0.65\n")
    out = scratch / "out.csv"
    run_cli("atten", "--in", src, "--out", out, "--maps", maps)
    r = satcap.atten(lat, lon, el, f, p, d, eta=0.65, maps=maps)
    rows = out.read_text().splitlines()[1:]
    for i, row in enumerate(rows):
        cells = row.split(",")[-5:]
        mine = ["%.10g" % x for x in (r.gas_db[i], r.cloud_db[i], r.rain_db[i], r.scintillation_db[i], r.total_db[i])]
        assert mine == cells, f"point {i}"
    # The total is P.618-14 eq. (64) of the components.
    np.testing.assert_allclose(r.total_db, r.gas_db + np.sqrt((r.rain_db + r.cloud_db) ** 2 + r.scintillation_db ** 2),
                               rtol=1e-12)


def test_single_point_matches_cli(cli, maps):
    out = run_cli("atten", "--lat", 51.5, "--lon", -0.1, "--el", 30, "--f-ghz", 20, "--p-pct", 0.1, "--d-m", 0.6,
                  "--maps", maps).stdout.splitlines()[1].split(",")
    r = satcap.atten(51.5, -0.1, 30, 20, 0.1, 0.6, maps=maps)
    assert r.total_db.shape == ()
    assert ["%.10g" % float(x) for x in (r.gas_db, r.cloud_db, r.rain_db, r.scintillation_db, r.total_db)] == out


def test_broadcast_and_zero_copy(maps):
    el = np.linspace(10, 90, 9)
    p = np.array([[0.01], [0.1], [1.0]])
    r = satcap.atten(45.0, 7.0, el, 30.0, p, 1.0, maps=maps)
    assert r.total_db.shape == (3, 9)
    assert np.shares_memory(r.total_db, r.table) and not r.table.flags.owndata
    assert type(r.table.base).__name__ == "PyCapsule"
    # Lower p (rarer events) means more attenuation; higher elevation less.
    assert np.all(np.diff(r.total_db, axis=0) < 0)
    assert np.all(np.diff(r.rain_db, axis=1) < 0)


def test_out_of_range_raises_with_index(maps):
    f = np.array([20.0, 30.0, 70.0, 20.0])
    with pytest.raises(satcap.RangeError) as ei:
        satcap.atten(45.0, 7.0, 30.0, f, 0.1, 1.0, maps=maps)
    assert ei.value.index == 2 and ei.value.field == "frequency" and ei.value.value == 70.0
    assert isinstance(ei.value, ValueError)
    with pytest.raises(satcap.RangeError) as ei:
        satcap.atten(45.0, 7.0, 2.0, 20.0, 0.1, 1.0, maps=maps)
    assert ei.value.field == "elevation"


def test_missing_maps_dir_is_input_error(scratch):
    with pytest.raises(satcap.InputError) as ei:
        satcap.atten(45.0, 7.0, 30.0, 20.0, 0.1, 1.0, maps=scratch / "nothing")
    assert "nothing" in str(ei.value)
