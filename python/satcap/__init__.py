"""satcap: satellite-to-ground link budgets and network capacity, from numpy.

The C++ engine's validated models over numpy arrays, computed with the GIL released (oneTBB threads
inside), results returned without copies where the layout allows:

* orbits:   read_elements / parse_elements (TLE, OMM), load_constellation / walker (Walker shells),
            propagate -> Ephemeris (satellites, times, 3) in TEME, ECEF or geodetic coordinates;
* ITU-R:    atten -> SlantPath (P.618-14 §2.5 gas, cloud, rain, scintillation and total, per point);
* links:    link (one budget from a link file or dict, as `satcap link`), LinkKernel (the batch
            kernel over arrays), modcod_table / select_modcod (DVB-S2 / S2X ACM);
* routing:  route -> Routes (RTT, hops and paths per station pair and step; each step's graph);
* studies:  Study(path).check() / .run(out=..., threads=..., progress=...) -> StudyResult.

Errors: bad input raises satcap.InputError (a ValueError with .file, .line, .field), out-of-range
physics satcap.RangeError (a ValueError with .field, .value, and .index for array calls); nothing is
clamped. Units are in the argument names (deg, km, m, GHz, dB, ...). See docs/python.md.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _satcap, _tables, _toml
from ._satcap import Constellation, ElementSets, Error, InputError, RangeError

__version__: str = _satcap.__version__

__all__ = [
    "Error", "InputError", "RangeError",
    "ElementSets", "Constellation", "read_elements", "parse_elements", "load_constellation", "walker",
    "Ephemeris", "propagate",
    "SlantPath", "atten", "maps_dir",
    "LinkBudget", "link", "LinkKernel", "LinkBatchResult", "modcod_table", "ModcodSelection", "select_modcod",
    "Routes", "route",
    "Study", "StudyCheck", "StudyResult",
]

PathLike = Union[str, "os.PathLike[str]"]


def _path(p: PathLike, what: str) -> str:
    if not isinstance(p, (str, os.PathLike)):
        raise TypeError(f"{what}: expected a path, got {type(p).__name__}")
    return os.fspath(p)


# ---- orbits -------------------------------------------------------------------------------------


def read_elements(path: PathLike, format: str = "auto", verify_checksum: bool = True,
                  skip_bad_records: bool = False) -> ElementSets:
    """Read a TLE (2- or 3-line, Alpha-5) or CelesTrak OMM JSON file.

    format: "auto" (JSON when the file starts with '[' or '{'), "tle" or "omm".
    verify_checksum: check the TLE modulo-10 checksums. skip_bad_records: skip malformed records (listed
    in ElementSets.skipped) instead of raising. Raises InputError naming the file, line and field.
    """
    return _satcap._read_elements(_path(path, "path"), format, verify_checksum, skip_bad_records)


def parse_elements(text: str, source: str = "<string>", format: str = "auto", verify_checksum: bool = True,
                   skip_bad_records: bool = False) -> ElementSets:
    """Parse TLE or OMM JSON text (see read_elements); `source` names it in error messages."""
    if not isinstance(text, str):
        raise TypeError(f"text: expected str, got {type(text).__name__}")
    return _satcap._parse_elements(text, source, format, verify_checksum, skip_bad_records)


def load_constellation(path: PathLike) -> Constellation:
    """Load a Walker constellation TOML file (datasets/constellations/*.toml, one or more shells)."""
    return _satcap._load_constellation(_path(path, "path"))


def walker(shells: Sequence[Mapping[str, Any]], name: str = "walker", epoch: Optional[str] = None) -> Constellation:
    """A Walker constellation from shell dicts with the keys of the constellation TOML format.

    Each shell: altitude_km, inclination_deg, planes, sats_per_plane, phasing (Walker F), pattern
    ("delta" | "star"), optional name, raan_offset_deg, eccentricity, source. epoch: ISO 8601 UTC when
    the elements hold (default: the start of each propagation).
    Example: satcap.walker([dict(altitude_km=550, inclination_deg=53, planes=72, sats_per_plane=22, phasing=17)])
    """
    if isinstance(shells, Mapping):
        shells = [shells]
    return _satcap._walker(name, [dict(s) for s in shells], epoch or "")


@dataclass
class Ephemeris:
    """Result of satcap.propagate.

    positions: (satellites, times, 3) float64. frame "teme" / "ecef": x, y, z in km; "geodetic":
    latitude (deg), longitude (deg), height above the WGS84 ellipsoid (km). NaN for failed states.
    velocities: (satellites, times, 3) km/s (ECEF includes -omega x r); None for "geodetic" or velocities=False.
    status: (satellites, times) uint8 SGP4 error code (0 ok; 1-5 failed, NaN position; 6 decayed).
    times_utc: ISO 8601 instants (ms). names, norad_ids: per satellite (norad 0 for Walker satellites).
    errors: counts of each status code over the run.
    """

    positions: np.ndarray
    velocities: Optional[np.ndarray]
    status: np.ndarray
    times_utc: List[str]
    names: List[str]
    norad_ids: np.ndarray
    frame: str
    errors: List[int]
    _owner: Any = field(default=None, repr=False, compare=False)


def propagate(source: Union[ElementSets, Constellation, PathLike], start: str, step_s: float, steps: int,
              frame: str = "ecef", propagator: str = "sgp4", velocities: bool = True, threads: int = 0,
              out: Optional[Ephemeris] = None) -> Ephemeris:
    """Propagate element sets or a Walker constellation over a regular time grid.

    source: ElementSets, Constellation, or a path (a .toml file is a constellation, anything else an
    element-set file). start: ISO 8601 UTC ("2026-05-30T00:00:00Z"); step_s > 0 seconds; steps >= 1.
    frame: "teme", "ecef" (default) or "geodetic". propagator: "sgp4" (SGP4/SDP4) or "j2".
    velocities: also compute velocities (Cartesian frames; positions are the same either way).
    out: an earlier Ephemeris of the same size whose arrays are overwritten (no allocation).
    threads: worker threads (0 = all cores). The computation is `satcap propagate`'s (same blocks, same
    kernels): the numbers equal the CLI's CSV to its last printed digit. Returns an Ephemeris.
    """
    if isinstance(source, (str, os.PathLike)):
        p = os.fspath(source)
        source = load_constellation(p) if p.endswith(".toml") else read_elements(p)
    if out is not None and not isinstance(out, Ephemeris):
        raise TypeError("out: expected an Ephemeris")
    pos, vel, status, times, names, ids, errors, owner = _satcap._propagate(
        source, str(start), float(step_s), _int(steps, "steps"), frame, propagator, bool(velocities),
        _int(threads, "threads"), None if out is None else out._owner)
    return Ephemeris(pos, vel, status, list(times), list(names), np.asarray(ids, dtype=np.int32), frame, list(errors),
                     owner)


def _int(v: Any, what: str) -> int:
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise TypeError(f"{what}: expected an integer, got {type(v).__name__}")
    return int(v)


# ---- ITU-R ----------------------------------------------------------------------------------------


@dataclass
class SlantPath:
    """Result of satcap.atten: attenuation (dB) exceeded for p % of an average year, each array of the
    broadcast shape of the inputs. table is the (n, 5) block the columns view (gas, cloud, rain,
    scintillation, total), owned by the engine's buffer (no copy)."""

    gas_db: np.ndarray
    cloud_db: np.ndarray
    rain_db: np.ndarray
    scintillation_db: np.ndarray
    total_db: np.ndarray
    table: np.ndarray


def maps_dir(maps: Optional[PathLike] = None) -> str:
    """The ITU-R maps directory used: `maps`, else $SATCAP_ITU_MAPS_DIR, else the compiled default
    (CMake SATCAP_ITU_MAPS_DIR, normally ../shared/itu-maps)."""
    return _satcap._maps_dir("" if maps is None else _path(maps, "maps"))


def atten(lat_deg: Any, lon_deg: Any, el_deg: Any, f_ghz: Any, p_pct: Any, d_m: Any, eta: Any = 0.5,
          tau_deg: Any = 45.0, hs_km: Any = None, r001_mm_h: Any = None, maps: Optional[PathLike] = None,
          threads: int = 0) -> SlantPath:
    """Earth-space slant-path attenuation, ITU-R P.618-14 §2.5, for every point of the broadcast inputs.

    AT = AG + sqrt((AR + AC)^2 + AS^2) with gas AG (P.676-13 Annex 2 with P.836/P.1510/P.835 inputs),
    cloud AC (P.840-9), rain AR (P.618-14 §2.2.1.1 with P.838-3, P.839-4, P.837-7), scintillation AS
    (P.618-14 §2.4.1, P.453-14); AG and AC at max(p, 5 %). See docs/models/p618.md.

    Arguments (scalars or arrays, broadcast together, any shape):
      lat_deg, lon_deg   station latitude [-90, 90] and longitude (deg)
      el_deg             elevation angle, [5, 90] deg
      f_ghz              frequency, 4-55 GHz
      p_pct              time percentage exceeded, 0.001-50 %
      d_m                ground antenna diameter (m, (0, 100]); eta its efficiency (0, 1], default 0.5
      tau_deg            polarisation tilt (deg; 45 = circular, the default)
      hs_km              station height above mean sea level (km); None or NaN: P.1511-1 topography
      r001_mm_h          rain rate exceeded 0.01 % (mm/h); None or NaN: P.837-7 Annex 1 from the maps
      maps               ITU-R maps directory (default: satcap.maps_dir())
      threads            worker threads (0 = all cores)
    Each point is computed by radio::Atmosphere::slant_path, exactly as `satcap atten --in` does.
    Raises RangeError (with .field, .value, .index of the first bad point) outside the validity ranges,
    InputError when a map file is missing. Returns a SlantPath of arrays in dB.
    """
    cols = [lat_deg, lon_deg, el_deg, f_ghz, p_pct, d_m, eta, tau_deg,
            np.nan if hs_km is None else hs_km, np.nan if r001_mm_h is None else r001_mm_h]
    names = ["lat_deg", "lon_deg", "el_deg", "f_ghz", "p_pct", "d_m", "eta", "tau_deg", "hs_km", "r001_mm_h"]
    arrays = [_float_array(c, n) for c, n in zip(cols, names)]
    try:
        b = np.broadcast_arrays(*arrays)
    except ValueError as e:
        raise ValueError("satcap.atten: the inputs do not broadcast to one shape: "
                         + ", ".join(f"{n}{a.shape}" for n, a in zip(names, arrays))) from e
    shape = b[0].shape
    flat = [np.ascontiguousarray(x).reshape(-1) for x in b]
    table = _satcap._atten(flat, "" if maps is None else _path(maps, "maps"), _int(threads, "threads"))
    c = [table[:, j].reshape(shape) for j in range(5)]
    return SlantPath(c[0], c[1], c[2], c[3], c[4], table)


def _float_array(v: Any, what: str) -> np.ndarray:
    try:
        a = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{what}: expected numbers, got {type(v).__name__}") from e
    return a


# ---- link budgets ----------------------------------------------------------------------------------


@dataclass
class LinkBudget:
    """Result of satcap.link: one hop's budget.

    items: {json key: value} of every exported line (fspl_db, eirp_dbw, c_n0_dbhz, esn0_db, ...);
    lines: every printed line as (label, value, unit); json: the text `satcap link --json` writes;
    report: the STK-style text `satcap link` prints; modcod: the selected MODCOD name or None;
    atmosphere: (gas, cloud, rain, scintillation, total) dB when the link file gave a site.
    """

    name: str
    items: Dict[str, float]
    lines: List[Tuple[str, float, str]]
    json: str
    report: str
    modcod: Optional[str]
    throughput_bps: float
    atmosphere: Optional[Tuple[float, float, float, float, float]]


def _link_args(spec: Union[PathLike, Mapping[str, Any]], toml: Optional[str]) -> Tuple[str, str, str, str]:
    if toml is not None:
        return "", toml, "<toml>", os.getcwd()
    if isinstance(spec, Mapping):
        return "", _toml.dumps(spec), "<dict>", os.getcwd()
    return _path(spec, "spec"), "", "", ""


def link(spec: Union[PathLike, Mapping[str, Any], None] = None, toml: Optional[str] = None,
         maps: Optional[PathLike] = None) -> LinkBudget:
    """One link budget (one hop), as `satcap link`: from a link file path, from a dict with the link
    file's sections ({"link": {...}, "transmitter": {...}, "geometry": {...}, "losses": {...},
    "receiver": {...}, "interference": {...}, "modcod": {...}}; see include/satcap/radio/link_file.hpp
    and datasets/links/), or from TOML text (toml=...). With a site and availability in [losses] the
    ITU-R atmosphere is computed from the maps (maps=...). InputError names the key of any bad value.
    """
    if spec is None and toml is None:
        raise TypeError("satcap.link: give a link file path, a dict or toml=...")
    path, text, name, base = _link_args(spec, toml)
    d = _satcap._link(path, text, name, base, "" if maps is None else _path(maps, "maps"))
    items = {key: value for (_, value, _, key) in d["items"] if key}
    lines = [(label, value, unit) for (label, value, unit, _) in d["items"]]
    return LinkBudget(d["name"], items, lines, d["json"], d["text"], d["modcod"], d["throughput_bps"], d["atmosphere"])


@dataclass
class LinkBatchResult:
    """Result of LinkKernel.evaluate, one value per link (arrays own the engine's buffers, no copy).

    c_n0_dbhz, c_ni_db (C/(N+I) in the allocated bandwidth), esn0_db (Es/(N0+I0), the ACM input),
    throughput_bps (0 below the lowest MODCOD), modcod_index (into modcod_table(); -1 none), status
    (0 ok, 1 no MODCOD closes, 2 invalid input: NaN outputs).
    """

    c_n0_dbhz: np.ndarray
    c_ni_db: np.ndarray
    esn0_db: np.ndarray
    throughput_bps: np.ndarray
    modcod_index: np.ndarray
    status: np.ndarray
    _owner: Any = field(default=None, repr=False, compare=False)


class LinkKernel:
    """The batch link-budget kernel (radio::LinkKernel) over numpy arrays.

    The template link (frequency, bandwidth, transmitter and receiver, fixed losses, C/X terms, MODCOD
    standard and margin) comes from a link file, a dict or TOML text as for satcap.link; its atmospheric
    loss (given, or computed from [losses] site + availability) applies unless evaluate() gets per-link
    losses. evaluate() runs in parallel with the GIL released.
    """

    def __init__(self, spec: Union[PathLike, Mapping[str, Any], None] = None, toml: Optional[str] = None,
                 maps: Optional[PathLike] = None) -> None:
        if spec is None and toml is None:
            raise TypeError("satcap.LinkKernel: give a link file path, a dict or toml=...")
        path, text, name, base = _link_args(spec, toml)
        self._k = _satcap._LinkKernel(path, text, name, base, "" if maps is None else _path(maps, "maps"))

    @property
    def template(self) -> Dict[str, Any]:
        """name, frequency_hz, bandwidth_hz, rolloff, atmospheric_loss_db, standard of the template."""
        return dict(self._k.template_info())

    def evaluate(self, slant_range_m: Any, tx_off_axis_rad: Any = None, rx_off_axis_rad: Any = None,
                 atmospheric_loss_db: Any = None, interferer_tx_off_axis_rad: Any = None,
                 interferer_range_m: Any = None, interferer_rx_off_axis_rad: Any = None,
                 threads: int = 0, out: Optional[LinkBatchResult] = None) -> LinkBatchResult:
        """Evaluate N links.

        slant_range_m: (N,) m. tx_off_axis_rad / rx_off_axis_rad: (N,) angles off boresight at each end
        (default: the template's). atmospheric_loss_db: (N,) dB (default: the template's).
        interferer_*: (N, K) per co-channel interferer of link i: the angle at the interfering beam's
        antenna (template pattern and EIRP; NaN = empty slot), its range and the receive angle (default:
        the wanted link's). Links with a bad range or angle get status 2 and NaN outputs (no raise).
        out: an earlier result of the same length whose buffers are overwritten (no allocation; its
        arrays then hold the new values).
        """
        if out is not None and not isinstance(out, LinkBatchResult):
            raise TypeError("out: expected a LinkBatchResult")
        r = self._k.evaluate(slant_range_m, tx_off_axis_rad, rx_off_axis_rad, atmospheric_loss_db,
                             interferer_tx_off_axis_rad, interferer_range_m, interferer_rx_off_axis_rad,
                             _int(threads, "threads"), None if out is None else out._owner)
        return LinkBatchResult(*r)


def modcod_table(standard: str = "DVB-S2X") -> Dict[str, Any]:
    """The MODCOD table of ETSI EN 302 307-1 Table 13 ("DVB-S2", 28 entries) or with EN 302 307-2
    Table 20a ("DVB-S2X", 67 entries): {"name": [...], "modulation": [...], "efficiency_bits_per_symbol":
    array, "required_esn0_db": array, "source": [...]}, in the engine's order (modcod_index indexes it)."""
    rows = _satcap._modcod_table(standard)
    return {
        "name": [r["name"] for r in rows],
        "modulation": [r["modulation"] for r in rows],
        "standard": [r["standard"] for r in rows],
        "efficiency_bits_per_symbol": np.array([r["efficiency_bits_per_symbol"] for r in rows]),
        "required_esn0_db": np.array([r["required_esn0_db"] for r in rows]),
        "source": [r["source"] for r in rows],
    }


@dataclass
class ModcodSelection:
    """Result of satcap.select_modcod (arrays of the input's shape): index into modcod_table() (-1 when
    no MODCOD closes), efficiency_bits_per_symbol, spectral_efficiency_bps_hz (per Hz of allocated
    bandwidth), throughput_bps (symbol rate x efficiency), margin_db (NaN when none closes)."""

    index: np.ndarray
    efficiency_bits_per_symbol: np.ndarray
    spectral_efficiency_bps_hz: np.ndarray
    throughput_bps: np.ndarray
    margin_db: np.ndarray


def select_modcod(esn0_db: Any, bandwidth_hz: float, rolloff: float = 0.1, implementation_margin_db: float = 0.0,
                  standard: str = "DVB-S2X") -> ModcodSelection:
    """Adaptive coding and modulation: for each Es/N0 (dB) the most efficient MODCOD whose required
    Es/N0 plus the margin does not exceed it (ModcodTable::select). RangeError for bandwidth <= 0 or a
    roll-off outside [0, 1]."""
    a = _float_array(esn0_db, "esn0_db")
    r = _satcap._select_modcod(a.reshape(-1), float(bandwidth_hz), float(rolloff), float(implementation_margin_db),
                               standard)
    return ModcodSelection(*[x.reshape(a.shape) for x in r])


# ---- routing --------------------------------------------------------------------------------------


@dataclass
class Routes:
    """Result of satcap.route. rtt_ms, hops: (pairs, steps) (NaN / -1 when unreachable); paths: per pair
    and step the vertex labels joined by '>' ("G<station>", "S<satellite index>"; "" unreachable);
    pairs: (src, dst) station ids; times_s: step offsets from the start; graphs (graphs=True): per step
    {"a", "b": vertex arrays (satellite i is i, station g is satellites + g), "kind": 0 ISL / 1 GSL,
    "length_m"}."""

    times_s: np.ndarray
    rtt_ms: np.ndarray
    hops: np.ndarray
    paths: List[List[str]]
    pairs: List[Tuple[str, str]]
    stations: List[str]
    satellites: int
    graphs: List[Dict[str, np.ndarray]]


def route(ground_stations: PathLike, start: str, step_s: float, steps: int, *, tle: Optional[PathLike] = None,
          omm: Optional[PathLike] = None, constellation: Optional[PathLike] = None,
          pairs: Optional[Sequence[Tuple[str, str]]] = None, isl: str = "plus-grid",
          isl_max_range_km: Optional[float] = None, gsl_min_elevation_deg: Optional[float] = None,
          gsl_max_range_km: Optional[float] = None, ground_relays: bool = False, verify_checksum: bool = True,
          graphs: bool = False, threads: int = 0) -> Routes:
    """Shortest paths by latency between ground stations over ISLs and GSLs, per time step, set up as
    `satcap route` (same arguments; pairs=None means all pairs). Exactly one of tle (a first line
    'PLANES SATS_PER_PLANE' gives the +Grid structure), omm or constellation. graphs=True also returns
    every step's graph as edge arrays."""
    if pairs is not None:
        pairs = [(str(a), str(b)) for a, b in pairs]
        if not pairs:
            raise ValueError("pairs: no pairs given")

    def opt(p: Optional[PathLike], what: str) -> str:
        return "" if p is None else _path(p, what)

    nan = float("nan")
    d = _satcap._route(opt(tle, "tle"), opt(omm, "omm"), opt(constellation, "constellation"),
                       _path(ground_stations, "ground_stations"), str(start), float(step_s), _int(steps, "steps"),
                       pairs or [], isl, nan if isl_max_range_km is None else float(isl_max_range_km),
                       nan if gsl_min_elevation_deg is None else float(gsl_min_elevation_deg),
                       nan if gsl_max_range_km is None else float(gsl_max_range_km), bool(ground_relays),
                       bool(verify_checksum), bool(graphs), _int(threads, "threads"))
    return Routes(d["times_s"], d["rtt_ms"], d["hops"], d["paths"], [tuple(p) for p in d["pairs"]], d["stations"],
                  d["satellites"], d["graphs"])


# ---- studies --------------------------------------------------------------------------------------


@dataclass
class StudyCheck:
    """Result of Study.check(): the study name, its runs (sweep case x constellation) and their ids."""

    name: str
    runs: List[str]
    run_ids: List[str]


@dataclass
class StudyResult:
    """Result of Study.run(): the output directory and its files as typed values.

    summary: summary.json as a dict; regions, timeseries, satellites, latency: the CSV tables as pandas
    DataFrames (pandas installed, tables="auto"/"pandas") or dicts of numpy arrays (tables="numpy");
    headline: the table `satcap study run` prints; cases / computed / resumed / wall_seconds: the run.
    """

    out: Path
    summary: Dict[str, Any]
    regions: Any
    timeseries: Any
    satellites: Any
    latency: Any
    headline: str
    cases: int
    computed: int
    resumed: int
    wall_seconds: float
    files: List[str] = field(default_factory=list)


class Study:
    """A capacity study file (docs/studies.md), run through the code of `satcap study run`.

    Study(path, maps=None): maps overrides [propagation] maps_dir and $SATCAP_ITU_MAPS_DIR.
    """

    def __init__(self, path: PathLike, maps: Optional[PathLike] = None) -> None:
        self.path = _path(path, "path")
        self._s = _satcap._Study(self.path, "" if maps is None else _path(maps, "maps"))

    def check(self) -> StudyCheck:
        """Validate the study file and its inputs without computing (as `satcap study check`). Raises
        InputError; for a study file its .issues lists every problem (file, line, field, message)."""
        d = self._s.check()
        return StudyCheck(d["name"], list(d["runs"]), list(d["run_ids"]))

    def run(self, out: Optional[PathLike] = None, threads: int = 0, progress: Optional[Callable[[str], Any]] = None,
            resume: bool = False, tables: str = "auto") -> StudyResult:
        """Run the study and write its outputs atomically into `out` (a new temporary directory when None):
        summary.json, regions.csv, timeseries.csv, satellites.csv, latency.csv, report.html, with the
        bytes `satcap study run` writes. threads: 0 = all cores (results do not depend on it).
        progress: called with each progress line ("satcap: study 40% (2/4 cases), ..."), from the
        engine's threads with the GIL held. resume: reuse finished runs of an interrupted run (--resume).
        tables: "auto" (DataFrames when pandas is installed), "pandas" or "numpy" (dicts of arrays)."""
        if progress is not None and not callable(progress):
            raise TypeError("progress: expected a callable taking one str")
        if tables not in ("auto", "pandas", "numpy"):
            raise ValueError(f"tables: '{tables}' is not one of auto, pandas, numpy")
        out_dir = Path(tempfile.mkdtemp(prefix="satcap-study-")) if out is None else Path(_path(out, "out"))
        d = self._s.run(os.fspath(out_dir), _int(threads, "threads"), bool(resume), progress)
        return load_study_outputs(out_dir, tables, headline=d["headline"], cases=d["cases"], computed=d["computed"],
                                  resumed=d["resumed"], wall_seconds=d["wall_seconds"])


def load_study_outputs(out: PathLike, tables: str = "auto", **run: Any) -> StudyResult:
    """A StudyResult from an existing output directory (e.g. of `satcap study run`)."""
    import json

    o = Path(_path(out, "out"))
    summary = json.loads((o / "summary.json").read_text(encoding="utf-8"))

    def table(name: str) -> Any:
        p = o / name
        return _tables.convert(_tables.read_csv(p), tables) if p.exists() else None

    return StudyResult(o, summary, table("regions.csv"), table("timeseries.csv"), table("satellites.csv"),
                       table("latency.csv"), run.get("headline", ""), int(run.get("cases", len(summary.get("cases", [])))),
                       int(run.get("computed", 0)), int(run.get("resumed", 0)), float(run.get("wall_seconds", 0.0)),
                       sorted(p.name for p in o.iterdir() if p.is_file()))


__all__.append("load_study_outputs")
