"""Reading actor data files (YAML and CSV/TSV), parsed once per process, with YAML 1.1
surprises avoided."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"

def _truthy(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("1", "true", "yes", "y")
    return bool(v)


def _as_list(v: Any) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [x.strip() for x in re.split(r"[|;]", v) if x.strip()]
    return [str(x) for x in v if x is not None]



_doc_cache: dict[tuple[str, float], Any] = {}


def _package_doc(path: Path) -> Any:
    """A package data file, parsed once per process (the loader never mutates it)."""
    key = (str(path), path.stat().st_mtime)
    doc = _doc_cache.get(key)
    if doc is None:
        doc = _read_csv(path) if path.suffix == ".csv" else _read_yaml(path)
        _doc_cache[key] = doc
    return doc


_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_NULLS = frozenset({"null", "Null", "NULL", "~", ""})


def _scalars(node: Any) -> Any:
    """Plain YAML scalars are read as strings (no YAML 1.1 surprises: an alias ``NO`` or
    ``ON`` stays a string); only null and true/false are typed, as the loader needs them."""
    if isinstance(node, dict):
        return {k: _scalars(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_scalars(v) for v in node]
    if isinstance(node, str):
        if node in _NULLS:
            return None
        if node in ("true", "True", "TRUE"):
            return True
        if node in ("false", "False", "FALSE"):
            return False
    return node


def _read_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return _scalars(yaml.load(f, Loader=_YAML_LOADER)) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as e:
        raise ConfigError("E003", path=str(path), reason=str(e)) from e


def _read_csv(path: Path) -> dict:
    """A CSV/TSV data file: rows with an ``iso3`` column are countries, else actors.

    List fields (aliases, tags, demonyms, ...) are separated by ``|``."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
            reader = csv.DictReader(f, dialect=dialect)
            header = [h.strip() for h in reader.fieldnames or []]
            rows = [
                {
                    (k or "").strip(): (v.strip() or None) if isinstance(v, str) else v
                    for k, v in r.items()
                    if k
                }
                for r in reader
            ]
    except (OSError, csv.Error, UnicodeDecodeError) as e:
        raise ConfigError("E003", path=str(path), reason=str(e)) from e
    if "iso3" in header:
        return {"countries": rows}
    if "name" not in header and "state" not in header:
        raise ConfigError(
            "E003", path=str(path), reason=f"CSV needs a 'name' or 'iso3' column, got {header}"
        )
    return {"actors": rows}
