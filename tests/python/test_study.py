"""A study run from Python writes the bytes `satcap study run` writes (summary.json holds no wall
times: every output file is compared), with progress to a callable and tables as DataFrames or dicts."""

import filecmp

import numpy as np
import pytest

import satcap
from conftest import SOURCE, run_cli

SMALL = SOURCE / "datasets" / "studies" / "small_test.toml"
OUTPUTS = ["summary.json", "regions.csv", "timeseries.csv", "satellites.csv", "latency.csv", "report.html"]


def test_check():
    c = satcap.Study(SMALL).check()
    assert c.name == "small test study" and len(c.runs) == 4 and len(c.run_ids) == 4


def test_run_bytes_equal_cli(scratch, cli, maps):
    run_cli("study", "run", SMALL, "--out", scratch / "cli", "--quiet", "--maps", maps)
    lines = []
    res = satcap.Study(SMALL, maps=maps).run(out=scratch / "py", threads=2, progress=lines.append)
    for f in OUTPUTS:
        assert filecmp.cmp(scratch / "cli" / f, scratch / "py" / f, shallow=False), f
    assert res.cases == 4 and res.computed == 4
    assert lines and lines[-1].startswith("satcap: study") and "100%" in lines[-1]
    assert len(res.summary["cases"]) == 4
    assert "Moscow-Kaliningrad" in res.headline
    # Tables: DataFrames with pandas, dicts of numpy arrays otherwise.
    t = satcap.load_study_outputs(res.out, tables="numpy")
    assert isinstance(t.regions, dict) and all(isinstance(v, np.ndarray) for v in t.regions.values())
    pd = pytest.importorskip("pandas")
    assert isinstance(res.regions, pd.DataFrame)
    assert list(res.regions.columns) == list(t.regions.keys())
    assert len(res.regions) == len(next(iter(t.regions.values())))


@pytest.fixture
def tiny_study(scratch):
    """small_test.toml cut to one step (inputs by absolute path)."""
    text = SMALL.read_text().replace("steps = 4", "steps = 1").replace('"../', '"' + str(SOURCE / "datasets") + "/")
    p = scratch / "tiny.toml"
    p.write_text(text)
    return p


def test_progress_error_propagates(scratch, maps, tiny_study):
    def boom(line):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        satcap.Study(tiny_study, maps=maps).run(out=scratch / "x", progress=boom)


def test_validation_error_lists_issues(scratch):
    bad = scratch / "bad.toml"
    bad.write_text("[study]\nname = 1\n")
    with pytest.raises(satcap.InputError) as ei:
        satcap.Study(bad).check()
    e = ei.value
    assert e.file == str(bad) and e.line >= 1 and e.field
    name = [i for i in e.issues if i["field"] == "study.name"]
    assert len(e.issues) > 1 and name and name[0]["line"] == 2 and name[0]["file"] == str(bad)


def test_example_script_draws_the_figure(scratch, tiny_study):
    import os
    import subprocess
    import sys

    env = dict(os.environ, MPLBACKEND="Agg")
    r = subprocess.run([sys.executable, str(SOURCE / "examples" / "python" / "small_study.py"), str(scratch / "ex"),
                        str(tiny_study)], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    png = scratch / "ex" / "delivered.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
