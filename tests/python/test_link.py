"""Link budgets from Python against `satcap link` (same code: the JSON text is identical), the batch
kernel against the scalar budget (< 1e-9 dB, as tests/radio/link_kernel_test.cpp), and the MODCOD tables
against the ETSI values in ../shared/reference/dvbs2x_modcods.csv."""

import csv
import json
import tomllib

import numpy as np
import pytest

import satcap
from conftest import REFERENCE, SOURCE, run_cli

LINKS = sorted((SOURCE / "datasets" / "links").glob("*.toml"))


@pytest.mark.parametrize("path", LINKS, ids=[p.stem for p in LINKS])
def test_link_file_json_equals_cli(scratch, cli, maps, path):
    out = scratch / "link.json"
    r = run_cli("link", path, "--json", out, "--maps", maps)
    b = satcap.link(path, maps=maps)
    assert b.json == out.read_text()
    assert b.report in r.stdout
    assert b.items["c_n0_dbhz"] == json.loads(b.json)["c_n0_dbhz"]


def test_dict_spec_equals_file():
    path = SOURCE / "datasets" / "links" / "spacex_user.toml"
    spec = tomllib.loads(path.read_text())
    a, b = satcap.link(path), satcap.link(spec)
    assert a.items == b.items and a.modcod == b.modcod


def test_kernel_matches_scalar_budget():
    path = SOURCE / "datasets" / "links" / "spacex_user.toml"
    spec = tomllib.loads(path.read_text())
    k = satcap.LinkKernel(path)
    ranges = np.array([600e3, 1000e3, 1684e3, 2500e3])
    atm = np.array([0.2, 0.53, 1.5, 4.0])
    r = k.evaluate(ranges, atmospheric_loss_db=atm)
    for i in range(len(ranges)):
        spec["geometry"] = {"slant_range_km": ranges[i] / 1e3, "elevation_deg": 40.0}
        spec["losses"] = {"atmospheric_db": atm[i]}
        s = satcap.link(spec)
        assert abs(r.c_n0_dbhz[i] - s.items["c_n0_dbhz"]) < 1e-9
        assert abs(r.esn0_db[i] - s.items["esn0_db"]) < 1e-9  # Es/(N0+I0), the ACM input
        assert abs(r.c_ni_db[i] - s.items["c_ni_db"]) < 1e-9
        assert r.throughput_bps[i] == pytest.approx(s.throughput_bps, rel=1e-12)
        name = satcap.modcod_table()["name"][r.modcod_index[i]] if r.modcod_index[i] >= 0 else None
        assert name == s.modcod
    for a in (r.c_n0_dbhz, r.throughput_bps, r.modcod_index, r.status):
        assert not a.flags.owndata and type(a.base).__name__ == "PyCapsule"


def test_kernel_bad_link_is_status_not_raise():
    k = satcap.LinkKernel(SOURCE / "datasets" / "links" / "spacex_user.toml")
    r = k.evaluate(np.array([1e6, -5.0, np.nan]))
    assert list(r.status) == [0, 2, 2] and np.isnan(r.c_n0_dbhz[1])


def test_kernel_interferers_lower_the_ratio():
    k = satcap.LinkKernel(SOURCE / "datasets" / "links" / "spacex_user_itu.toml")
    n = 5
    rng = np.full(n, 900e3)
    clean = k.evaluate(rng)
    inter = k.evaluate(rng, interferer_tx_off_axis_rad=np.full((n, 2), np.radians(3.0)))
    assert np.all(inter.c_ni_db < clean.c_ni_db)
    with pytest.raises(ValueError, match="interferer_tx_off_axis_rad"):
        k.evaluate(rng, interferer_tx_off_axis_rad=np.zeros((n + 1, 2)))


def test_modcod_table_matches_etsi_reference():
    ref = {}
    with open(REFERENCE / "dvbs2x_modcods.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["standard"] == "DVB-S2":
                ref[row["modcod"]] = (float(row["spectral_efficiency_bits_per_symbol"]), float(row["required_esn0_db"]))
    t = satcap.modcod_table("DVB-S2")
    assert len(t["name"]) == 28
    for name, eff, esn0 in zip(t["name"], t["efficiency_bits_per_symbol"], t["required_esn0_db"]):
        assert ref[name] == (eff, esn0), name


def test_select_modcod_matches_link_acm():
    b = satcap.link(SOURCE / "datasets" / "links" / "spacex_user.toml")
    esn0 = b.items["esn0_db"]
    sel = satcap.select_modcod(np.array([[esn0, -20.0]]), 250e6, 0.1)
    assert sel.index.shape == (1, 2)
    assert satcap.modcod_table()["name"][sel.index[0, 0]] == b.modcod
    assert sel.throughput_bps[0, 0] == pytest.approx(b.throughput_bps, rel=1e-12)
    assert sel.index[0, 1] == -1 and sel.throughput_bps[0, 1] == 0.0
    with pytest.raises(satcap.RangeError):
        satcap.select_modcod([10.0], 250e6, rolloff=1.5)


def test_kernel_out_reuses_buffers():
    k = satcap.LinkKernel(SOURCE / "datasets" / "links" / "spacex_user.toml")
    a = k.evaluate(np.array([7e5, 9e5, 1.1e6]))
    first = a.c_n0_dbhz.copy()
    b = k.evaluate(np.array([1.4e6, 1.6e6, 1.8e6]), out=a)
    assert np.shares_memory(a.c_n0_dbhz, b.c_n0_dbhz)
    assert np.all(b.c_n0_dbhz < first)
    c = k.evaluate(np.array([7e5, 9e5, 1.1e6]))
    np.testing.assert_array_equal(c.c_n0_dbhz, first)
