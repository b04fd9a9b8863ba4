"""Type stub of the satcap package (docs/python.md)."""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import numpy.typing as npt

PathLike = Union[str, os.PathLike[str]]
ArrayLike = npt.ArrayLike

__version__: str

class Error(Exception):
    """Base of every error the satcap engine raises."""

class InputError(Error, ValueError):
    """Bad input: .file ('' when not from a file), .line (1-based, 0 unknown), .field, .detail, .issues."""
    file: str
    line: int
    field: str
    detail: str
    issues: List[Dict[str, Any]]

class RangeError(Error, ValueError):
    """Out-of-range physics (never clamped): .field (quantity), .value, .index (array calls) or None."""
    field: str
    value: float
    index: Optional[int]

class ElementSets:
    """Element sets (TLE / OMM) read by read_elements / parse_elements."""
    def __len__(self) -> int: ...
    @property
    def names(self) -> List[str]: ...
    @property
    def norad_ids(self) -> npt.NDArray[np.int32]: ...
    @property
    def epochs(self) -> List[str]: ...
    @property
    def source(self) -> str: ...
    @property
    def skipped(self) -> List[str]: ...

class Constellation:
    """A Walker constellation (load_constellation / walker)."""
    def __len__(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def names(self) -> List[str]: ...
    @property
    def shells(self) -> List[Dict[str, Any]]: ...
    @property
    def epoch(self) -> Optional[str]: ...

def read_elements(path: PathLike, format: str = ..., verify_checksum: bool = ...,
                  skip_bad_records: bool = ...) -> ElementSets:
    """Read a TLE or CelesTrak OMM JSON file (format "auto" | "tle" | "omm")."""

def parse_elements(text: str, source: str = ..., format: str = ..., verify_checksum: bool = ...,
                   skip_bad_records: bool = ...) -> ElementSets:
    """Parse TLE or OMM JSON text."""

def load_constellation(path: PathLike) -> Constellation:
    """Load a Walker constellation TOML file."""

def walker(shells: Union[Sequence[Mapping[str, Any]], Mapping[str, Any]], name: str = ...,
           epoch: Optional[str] = ...) -> Constellation:
    """A Walker constellation from shell dicts (altitude_km, inclination_deg, planes, sats_per_plane, phasing, pattern)."""

@dataclass
class Ephemeris:
    """positions (satellites, times, 3) km or (deg, deg, km); velocities km/s or None; status uint8."""
    positions: npt.NDArray[np.float64]
    velocities: Optional[npt.NDArray[np.float64]]
    status: npt.NDArray[np.uint8]
    times_utc: List[str]
    names: List[str]
    norad_ids: npt.NDArray[np.int32]
    frame: str
    errors: List[int]

def propagate(source: Union[ElementSets, Constellation, PathLike], start: str, step_s: float, steps: int,
              frame: str = ..., propagator: str = ..., velocities: bool = ..., threads: int = ...,
              out: Optional[Ephemeris] = ...) -> Ephemeris:
    """Propagate element sets or a Walker constellation (frame "teme" | "ecef" | "geodetic", propagator "sgp4" | "j2")."""

@dataclass
class SlantPath:
    """ITU-R P.618-14 components (dB) in the inputs' broadcast shape; table is the (n, 5) buffer."""
    gas_db: npt.NDArray[np.float64]
    cloud_db: npt.NDArray[np.float64]
    rain_db: npt.NDArray[np.float64]
    scintillation_db: npt.NDArray[np.float64]
    total_db: npt.NDArray[np.float64]
    table: npt.NDArray[np.float64]

def maps_dir(maps: Optional[PathLike] = ...) -> str:
    """The ITU-R maps directory used (argument, $SATCAP_ITU_MAPS_DIR, compiled default)."""

def atten(lat_deg: ArrayLike, lon_deg: ArrayLike, el_deg: ArrayLike, f_ghz: ArrayLike, p_pct: ArrayLike,
          d_m: ArrayLike, eta: ArrayLike = ..., tau_deg: ArrayLike = ..., hs_km: Optional[ArrayLike] = ...,
          r001_mm_h: Optional[ArrayLike] = ..., maps: Optional[PathLike] = ..., threads: int = ...) -> SlantPath:
    """Slant-path attenuation (ITU-R P.618-14 §2.5) for every point of the broadcast inputs."""

@dataclass
class LinkBudget:
    """One hop's budget: items {json key: value}, lines, json (as `satcap link --json`), report text."""
    name: str
    items: Dict[str, float]
    lines: List[Tuple[str, float, str]]
    json: str
    report: str
    modcod: Optional[str]
    throughput_bps: float
    atmosphere: Optional[Tuple[float, float, float, float, float]]

def link(spec: Union[PathLike, Mapping[str, Any], None] = ..., toml: Optional[str] = ...,
         maps: Optional[PathLike] = ...) -> LinkBudget:
    """One link budget from a link file, a dict of its sections or TOML text."""

@dataclass
class LinkBatchResult:
    """Per-link outputs of LinkKernel.evaluate."""
    c_n0_dbhz: npt.NDArray[np.float64]
    c_ni_db: npt.NDArray[np.float64]
    esn0_db: npt.NDArray[np.float64]
    throughput_bps: npt.NDArray[np.float64]
    modcod_index: npt.NDArray[np.int32]
    status: npt.NDArray[np.int32]

class LinkKernel:
    """The batch link-budget kernel over numpy arrays (template from a link file, dict or TOML)."""
    def __init__(self, spec: Union[PathLike, Mapping[str, Any], None] = ..., toml: Optional[str] = ...,
                 maps: Optional[PathLike] = ...) -> None: ...
    @property
    def template(self) -> Dict[str, Any]:
        """name, frequency_hz, bandwidth_hz, rolloff, atmospheric_loss_db, standard."""
    def evaluate(self, slant_range_m: ArrayLike, tx_off_axis_rad: Optional[ArrayLike] = ...,
                 rx_off_axis_rad: Optional[ArrayLike] = ..., atmospheric_loss_db: Optional[ArrayLike] = ...,
                 interferer_tx_off_axis_rad: Optional[ArrayLike] = ..., interferer_range_m: Optional[ArrayLike] = ...,
                 interferer_rx_off_axis_rad: Optional[ArrayLike] = ..., threads: int = ...,
                 out: Optional[LinkBatchResult] = ...) -> LinkBatchResult:
        """Evaluate N links (interferer arrays (N, K)); out= reuses an earlier result's buffers."""

def modcod_table(standard: str = ...) -> Dict[str, Any]:
    """The DVB-S2 / DVB-S2X MODCOD table (name, modulation, standard, efficiency_bits_per_symbol, required_esn0_db, source)."""

@dataclass
class ModcodSelection:
    """ACM per Es/N0: index, efficiency_bits_per_symbol, spectral_efficiency_bps_hz, throughput_bps, margin_db."""
    index: npt.NDArray[np.int32]
    efficiency_bits_per_symbol: npt.NDArray[np.float64]
    spectral_efficiency_bps_hz: npt.NDArray[np.float64]
    throughput_bps: npt.NDArray[np.float64]
    margin_db: npt.NDArray[np.float64]

def select_modcod(esn0_db: ArrayLike, bandwidth_hz: float, rolloff: float = ...,
                  implementation_margin_db: float = ..., standard: str = ...) -> ModcodSelection:
    """Adaptive coding and modulation for each Es/N0 (dB)."""

@dataclass
class Routes:
    """RTT (ms) and hops per (pair, step), path labels, and per-step graphs as edge arrays."""
    times_s: npt.NDArray[np.float64]
    rtt_ms: npt.NDArray[np.float64]
    hops: npt.NDArray[np.int32]
    paths: List[List[str]]
    pairs: List[Tuple[str, str]]
    stations: List[str]
    satellites: int
    graphs: List[Dict[str, npt.NDArray[Any]]]

def route(ground_stations: PathLike, start: str, step_s: float, steps: int, *, tle: Optional[PathLike] = ...,
          omm: Optional[PathLike] = ..., constellation: Optional[PathLike] = ...,
          pairs: Optional[Sequence[Tuple[str, str]]] = ..., isl: str = ..., isl_max_range_km: Optional[float] = ...,
          gsl_min_elevation_deg: Optional[float] = ..., gsl_max_range_km: Optional[float] = ...,
          ground_relays: bool = ..., verify_checksum: bool = ..., graphs: bool = ..., threads: int = ...) -> Routes:
    """Shortest paths by latency between ground stations per step (as `satcap route`)."""

@dataclass
class StudyCheck:
    """Study name, runs and run ids."""
    name: str
    runs: List[str]
    run_ids: List[str]

@dataclass
class StudyResult:
    """A study's outputs: summary dict and tables (DataFrame or dict of numpy arrays)."""
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
    files: List[str]

class Study:
    """A capacity study file, run through the code of `satcap study run`."""
    path: str
    def __init__(self, path: PathLike, maps: Optional[PathLike] = ...) -> None: ...
    def check(self) -> StudyCheck:
        """Validate without computing (as `satcap study check`)."""
    def run(self, out: Optional[PathLike] = ..., threads: int = ..., progress: Optional[Callable[[str], Any]] = ...,
            resume: bool = ..., tables: str = ...) -> StudyResult:
        """Run and write the outputs atomically (the bytes of `satcap study run`)."""

def load_study_outputs(out: PathLike, tables: str = ..., **run: Any) -> StudyResult:
    """A StudyResult from an existing output directory."""
