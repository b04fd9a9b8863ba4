"""Errors carry file, line and field; bad Python arguments give clear errors (a table of cases); the
GIL is released while the engine computes (another Python thread keeps running)."""

import threading
import time

import numpy as np
import pytest

import satcap
from conftest import SOURCE

BAD_TLE = """STARLINK-1008
1 44714U 19074B   26150.30936191  .00080211  00000+0  15180-2 0  9990
2 44714  53.1513 154.1788 0003034  54.2939 305.8351 15.47704531361446
"""


def test_input_error_has_file_line_field(scratch):
    p = scratch / "bad.tle"
    p.write_text(BAD_TLE)
    with pytest.raises(satcap.InputError) as ei:
        satcap.read_elements(p)
    e = ei.value
    assert isinstance(e, ValueError) and isinstance(e, satcap.Error)
    assert e.file == str(p) and e.line == 2 and e.field
    assert str(e).startswith(f"{p}:2:")


def test_constellation_toml_error(scratch):
    p = scratch / "c.toml"
    p.write_text('name = "x"\n[[shell]]\naltitude_km = "high"\n')
    with pytest.raises(satcap.InputError) as ei:
        satcap.load_constellation(p)
    assert ei.value.file == str(p) and ei.value.line == 3


ELEMENTS = None


def _elements():
    global ELEMENTS
    if ELEMENTS is None:
        text = "\n".join((SOURCE.parent / "shared" / "reference" / "tle" / "starlink.tle").read_text().splitlines()[:30])
        ELEMENTS = satcap.parse_elements(text)
    return ELEMENTS


# (call, exception type, substring of the message)
BAD_ARGS = [
    (lambda: satcap.propagate(_elements(), "2026-05-30T00:00:00Z", 60, 0), satcap.InputError, "steps"),
    (lambda: satcap.propagate(_elements(), "2026-05-30T00:00:00Z", -1, 3), satcap.InputError, "step_s"),
    (lambda: satcap.propagate(_elements(), "yesterday", 60, 3), satcap.InputError, "start"),
    (lambda: satcap.propagate(_elements(), "2026-05-30T00:00:00Z", 60, 3, frame="gcrs"), satcap.InputError, "frame"),
    (lambda: satcap.propagate(_elements(), "2026-05-30T00:00:00Z", 60, 3.5), TypeError, "steps"),
    (lambda: satcap.propagate(42, "2026-05-30T00:00:00Z", 60, 3), TypeError, "source"),
    (lambda: satcap.atten("north", 0, 30, 20, 0.1, 1), TypeError, "lat_deg"),
    (lambda: satcap.atten([1, 2, 3], [1, 2], 30, 20, 0.1, 1), ValueError, "broadcast"),
    (lambda: satcap.atten(45, 0, 30, 20, 0.1, 1, eta=1.5), satcap.RangeError, "efficiency"),
    (lambda: satcap.atten(45, 0, 30, 20, 80.0, 1), satcap.RangeError, "p"),
    (lambda: satcap.walker([dict(altitude_km=550, inclination_deg=53, planes=4, sats_per_plane=4, phasing=9)]),
     satcap.InputError, "shells[0]"),
    (lambda: satcap.walker([dict(altitude_km=550, inclination_deg=53, planes=4, sats_per_plane=4, colour=1)]),
     satcap.InputError, "shells[0].colour"),
    (lambda: satcap.link({"link": {"frequency_ghz": 12.0}}), satcap.InputError, ""),
    (lambda: satcap.LinkKernel(SOURCE / "datasets" / "links" / "spacex_user.toml").evaluate(np.zeros((2, 2))),
     ValueError, "1-D"),
    (lambda: satcap.LinkKernel(SOURCE / "datasets" / "links" / "spacex_user.toml").evaluate([1e6, 2e6],
                                                                                          tx_off_axis_rad=[0.0]),
     ValueError, "tx_off_axis_rad"),
    (lambda: satcap.select_modcod([5.0], -1.0), satcap.RangeError, ""),
    (lambda: satcap.Study(SOURCE / "nope.toml").check(), satcap.InputError, "nope.toml"),
    (lambda: satcap.Study(SOURCE / "datasets" / "studies" / "small_test.toml").run(progress=3), TypeError, "progress"),
]


@pytest.mark.parametrize("call,exc,text", BAD_ARGS, ids=[f"case{i}" for i in range(len(BAD_ARGS))])
def test_bad_arguments(call, exc, text):
    with pytest.raises(exc) as ei:
        call()
    assert text in str(ei.value)


def test_gil_released_during_propagation(starlink_tle):
    es = satcap.read_elements(starlink_tle)
    done = threading.Event()
    span = {}
    # Size the call so that it lasts ~0.5 s on this machine (a fast idle machine needs more steps).
    t0 = time.perf_counter()
    satcap.propagate(es, "2026-05-30T00:00:00Z", 60, 10, threads=1)
    probe = max(time.perf_counter() - t0, 1e-4)
    steps = int(min(2000, max(60, 10 * 0.5 / probe)))

    def work():
        t0 = time.perf_counter()
        satcap.propagate(es, "2026-05-30T00:00:00Z", 60, steps, threads=1)
        span["call"] = time.perf_counter() - t0
        done.set()

    th = threading.Thread(target=work)
    ticks = []
    th.start()
    while not done.is_set():
        ticks.append(time.perf_counter())
        x = 0
        for i in range(2000):  # pure-Python work that needs the GIL
            x += i
    th.join()
    assert span["call"] > 0.2, "the call is too short to show anything"
    # With the GIL held for the whole call the loop would stall for its duration; released, the main
    # thread keeps ticking (allowing for Python's 5 ms switch interval and a busy machine).
    gaps = np.diff(ticks)
    assert len(ticks) > 20
    assert gaps.max() < 0.5 * span["call"], (gaps.max(), span["call"])
