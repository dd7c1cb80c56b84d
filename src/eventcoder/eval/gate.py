"""The eval gate: pinned floors (``eval/baseline.json``) scored on samples of the dev parts.

``tests/eval/test_gate.py`` scores each set's sample and fails when a metric falls under its
floor. The floors sit beside the digests they were measured on (the gold file's sha256 and
the split's test-ids sha256): a floor measured on other data means nothing, so a changed
digest stops the gate. When the bench is required — in CI (``CI=true``) or with
``EVENTCODER_REQUIRE_BENCH=1`` — absent gold or a changed digest FAILS; elsewhere the gate
skips with the reason, so a laptop without ``../shared/bench`` can still run the tests.

:func:`update_floors` (``scripts/update_floors.py``) rewrites floors from a measurement and
never lowers one unless told to (``allow_lower``).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UsageError
from .base import bench_dir, repo_root
from .splits import load_split, sha256_file

#: how far under the measured value a new floor is pinned (parser noise between machines)
DEFAULT_MARGIN = 0.03


def baseline_path() -> Path:
    """``eval/baseline.json`` of the repository."""
    return repo_root() / "eval" / "baseline.json"


def load_baseline(path: Path | None = None) -> dict[str, Any]:
    """The gate spec: ``{"_about": ..., "sets": {name: cfg}}``."""
    return json.loads((path or baseline_path()).read_text("utf-8"))


def require_bench() -> bool:
    """Must the gate run (CI, or ``EVENTCODER_REQUIRE_BENCH=1``) rather than skip?"""
    ci = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
    return ci or os.environ.get("EVENTCODER_REQUIRE_BENCH", "").strip() == "1"


@dataclass(frozen=True, slots=True)
class Readiness:
    """Can a gate entry run? ``problem`` is None when it can, else why not."""

    gold: Path
    problem: str | None


def readiness(cfg: dict[str, Any], bench: Path | None = None, splits: Path | None = None) -> Readiness:
    """Check a gate entry against the data: gold present, digests as pinned."""
    gold = (bench or bench_dir()) / cfg["file"]
    if not gold.is_file():
        return Readiness(gold, f"gold data absent: {gold} (set EVENTCODER_BENCH or check out ../shared/bench)")
    found = sha256_file(gold)
    if found != cfg.get("gold_sha256"):
        return Readiness(
            gold,
            f"gold digest changed: {gold} has sha256 {found[:16]}, the floors were pinned on {str(cfg.get('gold_sha256'))[:16]}",
        )
    try:
        split = load_split(cfg["split"], splits)
    except ConfigError as err:
        return Readiness(gold, f"split digest changed: {err}")
    if split is None:
        return Readiness(gold, f"split file eval/splits/{cfg['split']}.json is missing")
    if split.ids_sha256 != cfg.get("split_sha256") or split.gold_sha256 != found:
        return Readiness(gold, f"split digest changed: eval/splits/{cfg['split']}.json is not the split the floors were pinned on")
    return Readiness(gold, None)


def below_floors(result: dict[str, Any], floors: dict[str, float]) -> dict[str, tuple[float, float]]:
    """metric -> (value, floor) for every metric under its floor (a missing metric is 0)."""
    return {m: (float(result.get(m, 0.0)), f) for m, f in floors.items() if float(result.get(m, 0.0)) < f}


def _floor2(x: float) -> float:
    """Round down to 2 decimals (a floor never rounds up past the measurement)."""
    return math.floor(x * 100 + 1e-9) / 100


def update_floors(
    spec: dict[str, Any],
    measured: dict[str, dict[str, float]],
    margin: float = DEFAULT_MARGIN,
    allow_lower: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """New spec with floors raised from ``measured`` (set -> metric -> value), and a log.

    A floor becomes ``measured - margin`` (rounded down) when that is higher than it was;
    it stays when the measurement still clears it. When a measurement is **under** its
    floor the floor would have to be lowered: that raises E016 listing every such metric
    unless ``allow_lower`` (then it is set to ``measured - margin`` and logged as lowered).
    """
    out = json.loads(json.dumps(spec))
    log: list[str] = []
    lowered: list[str] = []
    for name, values in measured.items():
        cfg = out["sets"].get(name)
        if cfg is None:
            continue
        for metric, old in cfg["floors"].items():
            if metric not in values:
                continue
            value = float(values[metric])
            new = max(0.0, _floor2(value - margin))
            if value < old:
                lowered.append(f"{name}.{metric}: {value:.4f} < floor {old}")
                if allow_lower:
                    cfg["floors"][metric] = new
                    log.append(f"{name}.{metric}: LOWERED {old} -> {new} (measured {value:.4f})")
            elif new > old:
                cfg["floors"][metric] = new
                log.append(f"{name}.{metric}: raised {old} -> {new} (measured {value:.4f})")
        cfg["measured"] = {**cfg.get("measured", {}), **{m: round(float(v), 4) for m, v in values.items() if m in cfg["floors"]}}
    if lowered and not allow_lower:
        raise UsageError("E016", metrics="; ".join(lowered))
    return out, log


__all__ = [
    "DEFAULT_MARGIN",
    "Readiness",
    "baseline_path",
    "below_floors",
    "load_baseline",
    "readiness",
    "require_bench",
    "update_floors",
]
