"""Fixtures of the Python binding tests: the built CLI (SATCAP_TEST_CLI), the source tree, reference
data and a scratch directory. CTest sets the environment (python/CMakeLists.txt); run by hand with
PYTHONPATH=build/python SATCAP_TEST_CLI=build/bin/satcap /usr/bin/python3 -m pytest tests/python."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("SATCAP_SOURCE_DIR", Path(__file__).resolve().parents[2]))
REFERENCE = Path(os.environ.get("SATCAP_REFERENCE_DIR", SOURCE.parent / "shared" / "reference"))
MAPS = Path(os.environ.get("SATCAP_ITU_MAPS_DIR", SOURCE.parent / "shared" / "itu-maps"))
CLI = Path(os.environ.get("SATCAP_TEST_CLI", SOURCE / "build" / "bin" / "satcap"))


def run_cli(*args, check=True):
    """Runs the satcap CLI; returns the CompletedProcess (text)."""
    r = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise AssertionError(f"satcap {' '.join(map(str, args))} failed ({r.returncode}): {r.stderr}")
    return r


@pytest.fixture
def scratch():
    base = os.environ.get("SATCAP_TEST_SCRATCH")
    if base:
        os.makedirs(base, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as d:
        yield Path(d)


@pytest.fixture(scope="session")
def cli():
    if not CLI.exists():
        pytest.fail(f"the satcap CLI is not built at {CLI} (SATCAP_TEST_CLI)")
    return CLI


@pytest.fixture(scope="session")
def maps():
    if not (MAPS / "README.md").exists() and not any(MAPS.glob("*")):
        pytest.fail(f"ITU-R maps missing at {MAPS}")
    return MAPS


@pytest.fixture(scope="session")
def starlink_tle():
    p = REFERENCE / "tle" / "starlink.tle"
    if not p.exists():
        pytest.fail(f"reference TLE missing: {p}")
    return p
