"""Re-pin the eval gate's floors (``eval/baseline.json``) from a measurement.

    PYTHONPATH=src python scripts/update_floors.py [SET ...] [--margin 0.03] [--allow-lower] [--dry-run]
    PYTHONPATH=src python scripts/update_floors.py --from measured.json   # {set: {metric: value}}

Without ``--from`` it scores each gate sample (the dev part, the baseline's ``limit`` and
``stride``) with one shared pipeline. Floors rise to ``measured - margin`` (rounded down to
2 places) when that is higher; a metric measured **under** its floor would need its floor
lowered, and the script refuses (E016, exit 2) unless ``--allow-lower`` — say why in the
commit message. The gold and split digests are checked first and never rewritten here: a
changed digest means the floors were measured on other data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventcoder.errors import EventcoderError
from eventcoder.eval import run_eval
from eventcoder.eval.gate import (
    DEFAULT_MARGIN,
    baseline_path,
    load_baseline,
    readiness,
    update_floors,
)


def measure(spec: dict, names: list[str]) -> dict[str, dict[str, float]]:
    """Score each named gate sample; {set: {metric: value}} for the gated metrics."""
    from eventcoder.pipeline import Pipeline

    pipe = Pipeline()
    out: dict[str, dict[str, float]] = {}
    for name in names:
        cfg = spec["sets"][name]
        ready = readiness(cfg)
        if ready.problem:
            raise SystemExit(f"{name}: {ready.problem}")
        res = run_eval(cfg["set"], path=str(ready.gold), limit=cfg["limit"], stride=cfg.get("stride", 1), part="dev", pipeline=pipe)
        out[name] = {m: float(res[m]) for m in cfg["floors"]}
        print(f"{name}: {out[name]}", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="gate entries to re-pin (default: all)")
    ap.add_argument("--from", dest="source", type=Path, help="a JSON measurement {set: {metric: value}} instead of scoring")
    ap.add_argument("--margin", type=float, default=DEFAULT_MARGIN, help="how far under the measurement a floor sits")
    ap.add_argument("--allow-lower", action="store_true", help="allow lowering floors (say why in the commit)")
    ap.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    args = ap.parse_args(argv)
    spec = load_baseline()
    names = args.sets or list(spec["sets"])
    unknown = [n for n in names if n not in spec["sets"]]
    if unknown:
        print(f"update_floors: unknown gate entries: {', '.join(unknown)}", file=sys.stderr)
        return 2
    measured = json.loads(args.source.read_text("utf-8")) if args.source else measure(spec, names)
    try:
        new, log = update_floors(spec, {n: measured[n] for n in names if n in measured}, args.margin, args.allow_lower)
    except EventcoderError as err:
        print(f"update_floors: {err}", file=sys.stderr)
        return err.exit_code
    for line in log or ["no floor changed"]:
        print(line)
    if not args.dry_run:
        baseline_path().write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
