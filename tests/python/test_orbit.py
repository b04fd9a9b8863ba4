"""Ephemerides from Python against `satcap propagate` on the same inputs: the same code path
(BatchPropagator::for_each_block), so every number printed by the CLI is reproduced exactly when
formatted the way the CLI formats it."""

import math

import numpy as np
import pytest

import satcap
from conftest import SOURCE, run_cli


def fmt(f, v):
    return "" if not math.isfinite(v) else f % v


def cli_lines(path):
    return path.read_text().splitlines()[1:]


def python_lines(e, with_norad=True):
    """The CLI's CSV rows rebuilt from an Ephemeris (sat-major within each step, steps in time order)."""
    out = []
    n, t, _ = e.positions.shape
    for k in range(t):
        for i in range(n):
            norad = str(e.norad_ids[i]) if e.norad_ids[i] > 0 else ""
            name = e.names[i]
            prefix = f"{name},{norad},{e.times_utc[k]}"
            if e.frame == "geodetic":
                p = e.positions[i, k]
                out.append(prefix + "," + fmt("%.7f", p[0]) + "," + fmt("%.7f", p[1]) + "," + fmt("%.6f", p[2]))
            else:
                p, v = e.positions[i, k], e.velocities[i, k]
                out.append(prefix + "".join("," + fmt("%.6f", x) for x in p) + "".join("," + fmt("%.9f", x) for x in v))
    return out


@pytest.fixture
def small_tle(scratch, starlink_tle):
    lines = starlink_tle.read_text().splitlines()[: 3 * 40]
    p = scratch / "forty.tle"
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.mark.parametrize("frame", ["teme", "ecef", "geodetic"])
def test_tle_matches_cli(scratch, cli, small_tle, frame):
    out = scratch / "cli.csv"
    run_cli("propagate", "--tle", small_tle, "--start", "2026-05-30T00:00:00Z", "--step", 300, "--steps", 7,
            "--frame", frame, "--out", out)
    e = satcap.propagate(satcap.read_elements(small_tle), "2026-05-30T00:00:00Z", 300, 7, frame=frame)
    assert e.positions.shape == (40, 7, 3)
    assert python_lines(e) == cli_lines(out)


def test_constellation_j2_matches_cli(scratch, cli):
    toml = SOURCE / "datasets" / "constellations" / "rassvet_2026_observed.toml"
    out = scratch / "cli.csv"
    run_cli("propagate", "--constellation", toml, "--start", "2026-06-01T00:00:00Z", "--step", 600, "--steps", 4,
            "--propagator", "j2", "--out", out)
    e = satcap.propagate(toml, "2026-06-01T00:00:00Z", 600, 4, propagator="j2")
    assert e.positions.shape == (160, 4, 3)
    assert python_lines(e) == cli_lines(out)


def test_walker_shells_equal_toml_file():
    c = satcap.load_constellation(SOURCE / "datasets" / "constellations" / "rassvet_2026_observed.toml")
    s = c.shells[0]
    w = satcap.walker([{k: s[k] for k in ("altitude_km", "inclination_deg", "planes", "sats_per_plane", "phasing",
                                          "pattern")} | {"name": s["name"]}])
    a = satcap.propagate(c, "2026-06-01T00:00:00Z", 60, 3)
    b = satcap.propagate(w, "2026-06-01T00:00:00Z", 60, 3)
    assert a.names == b.names
    np.testing.assert_array_equal(a.positions, b.positions)


def test_omm_text_and_threads_bit_identical(starlink_tle):
    text = "\n".join(starlink_tle.read_text().splitlines()[:300])
    es = satcap.parse_elements(text, source="mem.tle")
    assert len(es) == 100 and es.norad_ids.dtype == np.int32
    one = satcap.propagate(es, "2026-05-30T00:00:00Z", 60, 20, frame="teme", threads=1)
    two = satcap.propagate(es, "2026-05-30T00:00:00Z", 60, 20, frame="teme", threads=2)
    assert one.positions.tobytes() == two.positions.tobytes()


def test_zero_copy_arrays(small_tle):
    e = satcap.propagate(small_tle, "2026-05-30T00:00:00Z", 60, 5)
    for a in (e.positions, e.velocities, e.status):
        assert not a.flags.owndata
        assert type(a.base).__name__ == "PyCapsule"
        assert a.flags.c_contiguous
    assert e.status.dtype == np.uint8 and e.status.shape == (40, 5)


def test_positions_do_not_depend_on_velocities(small_tle):
    a = satcap.propagate(small_tle, "2026-05-30T00:00:00Z", 60, 5, velocities=True)
    b = satcap.propagate(small_tle, "2026-05-30T00:00:00Z", 60, 5, velocities=False)
    assert b.velocities is None
    assert a.positions.tobytes() == b.positions.tobytes()


def test_out_reuses_buffers(small_tle):
    a = satcap.propagate(small_tle, "2026-05-30T00:00:00Z", 60, 5)
    first = a.positions.copy()
    b = satcap.propagate(small_tle, "2026-05-30T01:00:00Z", 60, 5, out=a)
    assert np.shares_memory(a.positions, b.positions)
    c = satcap.propagate(small_tle, "2026-05-30T01:00:00Z", 60, 5)
    np.testing.assert_array_equal(b.positions, c.positions)
    assert not np.array_equal(first, c.positions)
