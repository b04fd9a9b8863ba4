"""A small TOML writer for the nested dicts satcap.link / satcap.LinkKernel accept (tables of numbers,
strings, booleans, lists and inline tables). The engine parses the text, so every key is validated and
reported exactly as in a link file."""

from __future__ import annotations

import math
from typing import Any, Mapping


def _value(v: Any, where: str) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError(f"{where}: {v} is not a finite number")
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {_value(x, f'{where}.{k}')}" for k, x in v.items()) + " }"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x, f"{where}[{i}]") for i, x in enumerate(v)) + "]"
    if hasattr(v, "item"):  # numpy scalar
        return _value(v.item(), where)
    raise TypeError(f"{where}: unsupported value type {type(v).__name__}")


def dumps(doc: Mapping[str, Any]) -> str:
    """TOML text of `doc`: top-level keys whose values are dicts become [tables] (nested dicts of dicts
    become [a.b] tables), everything else key = value."""
    lines: list[str] = []

    def table(prefix: str, d: Mapping[str, Any]) -> None:
        plain = [(k, v) for k, v in d.items() if not (isinstance(v, Mapping) and prefix != "" and _is_section(v))]
        subs = [(k, v) for k, v in d.items() if isinstance(v, Mapping) and prefix != "" and _is_section(v)]
        if prefix:
            lines.append(f"[{prefix}]")
        for k, v in plain:
            lines.append(f"{k} = {_value(v, (prefix + '.' if prefix else '') + k)}")
        for k, v in subs:
            table(f"{prefix}.{k}", v)

    for k, v in doc.items():
        if isinstance(v, Mapping):
            table(k, v)
        else:
            lines.insert(0, f"{k} = {_value(v, k)}")
    return "\n".join(lines) + "\n"




# Sub-tables written as [section.sub] (antenna tables: they have a pattern); other dicts are inline tables.
def _is_section(v: Mapping[str, Any]) -> bool:
    return "pattern" in v
