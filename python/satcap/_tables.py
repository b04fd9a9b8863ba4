"""Tables of study outputs: CSV files read into dicts of numpy arrays (numeric columns as float64 or
int64, others as str), converted to pandas DataFrames when pandas is installed."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict

import numpy as np


def _column(cells: list[str]) -> np.ndarray:
    try:
        ints = [int(c) for c in cells]
        return np.asarray(ints, dtype=np.int64)
    except ValueError:
        pass
    try:
        return np.asarray([float(c) if c != "" else np.nan for c in cells], dtype=np.float64)
    except ValueError:
        return np.asarray(cells, dtype=str)


def read_csv(path: str | Path) -> Dict[str, np.ndarray]:
    """A CSV file with a header line as {column: numpy array} (column order kept)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    return {name: _column([r[j] if j < len(r) else "" for r in body]) for j, name in enumerate(header)}


def have_pandas() -> bool:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return False
    return True


def convert(table: Dict[str, np.ndarray], kind: str):
    """`kind` 'pandas' -> DataFrame, 'numpy' -> the dict, 'auto' -> DataFrame when pandas is installed."""
    if kind not in ("auto", "pandas", "numpy"):
        raise ValueError(f"tables: '{kind}' is not one of auto, pandas, numpy")
    if kind == "numpy" or (kind == "auto" and not have_pandas()):
        return table
    import pandas as pd

    return pd.DataFrame(table)
