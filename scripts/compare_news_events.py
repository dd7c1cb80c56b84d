"""Is a news-events difference more than the draw of articles? A paired bootstrap over articles.

The news-events parts are small (26 dev articles, 14 test): one article with ten events moves
precision by several points, and in the thirteenth session every dev gain of the role, place and
type work (target +0.036, location +0.07) left the test part level. This script reads the
``per_article`` counts of ``eventcoder eval news-events --format jsonl`` and resamples the
articles with replacement (the same draw for both runs, so the difference is paired):

    PYTHONPATH=src python scripts/compare_news_events.py BEFORE.jsonl AFTER.jsonl [--draws 2000] [--seed 13]
    PYTHONPATH=src python scripts/compare_news_events.py RUN.jsonl          # one run: its intervals

For each metric it prints both values, the difference, its 95 % percentile interval and the share
of draws in which the second run is better and worse (the rest are ties). Rates are recomputed from the resampled counts
(micro averages, as the eval reports them); confidence AUC and ECE from the resampled events.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eventcoder.eval import scorer

FIELDS = ("source", "target", "location_25km", "location_161km", "date", "reported_by", "mode", "flags")


def read_run(path: Path) -> dict[str, dict[str, Any]]:
    """The ``per_article`` counts of one eval result (the last JSON line of the file)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        sys.exit(f"{path}: empty")
    result = json.loads(lines[-1])
    if "per_article" not in result:
        sys.exit(f"{path}: no per_article counts (run `eventcoder eval news-events --format jsonl` on a version that writes them)")
    return result["per_article"]


def metrics(arts: list[dict[str, Any]]) -> dict[str, float]:
    """The eval's micro-averaged metrics over a (resampled) list of article counts."""
    tot = {k: sum(a[k] for a in arts) for k in ("system", "gold", "matched", "duplicates")}
    p, r, f = scorer.prf(tot["matched"], tot["system"], tot["gold"])
    out = {"precision": p, "recall": r, "f1": f, "duplicate_rate": scorer.ratio(tot["duplicates"], tot["system"])}
    for k in FIELDS:
        ok = sum(a["fields"].get(k, [0, 0])[0] for a in arts)
        cnt = sum(a["fields"].get(k, [0, 0])[1] for a in arts)
        out[k] = ok / cnt if cnt else float("nan")
    conf = [c for a in arts for c in a["confidence"]]
    scores, real = [c[0] for c in conf], [bool(c[1]) for c in conf]
    out["confidence_auc"] = scorer.auc(scores, real) if any(real) and not all(real) else float("nan")
    out["confidence_ece"] = scorer.calibration(scores, real)[0] if conf else float("nan")
    return out


LOWER_IS_BETTER = {"duplicate_rate", "confidence_ece"}


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(x for x in xs if x == x)
    if not xs:
        return float("nan")
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def bootstrap(ids: list[str], draws: int, seed: int, fn: Callable[[list[str]], dict[str, float]]) -> list[dict[str, float]]:
    rng = random.Random(seed)
    return [fn([rng.choice(ids) for _ in ids]) for _ in range(draws)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+", type=Path, help="one or two eval results (jsonl)")
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    if len(args.runs) > 2:
        ap.error("one or two runs")
    runs = [read_run(p) for p in args.runs]
    ids = sorted(set(runs[0]).intersection(*runs[1:]))
    if len(ids) < len(runs[0]) or any(len(r) != len(ids) for r in runs):
        print(f"comparing the {len(ids)} articles both runs scored", file=sys.stderr)
    full = [metrics([r[i] for i in ids]) for r in runs]
    if len(runs) == 1:
        samples = bootstrap(ids, args.draws, args.seed, lambda pick: metrics([runs[0][i] for i in pick]))
        print(f"{'metric':<16} {'value':>7}  95% interval ({len(ids)} articles, {args.draws} draws)")
        for k, v in full[0].items():
            xs = [s[k] for s in samples]
            print(f"{k:<16} {v:7.4f}  [{_pct(xs, 0.025):.4f}, {_pct(xs, 0.975):.4f}]")
        return

    def diff(pick: list[str]) -> dict[str, float]:
        a, b = metrics([runs[0][i] for i in pick]), metrics([runs[1][i] for i in pick])
        return {k: b[k] - a[k] for k in a}

    samples = bootstrap(ids, args.draws, args.seed, diff)
    print(f"{'metric':<16} {'A':>7} {'B':>7} {'B-A':>8}  95% interval       B better / worse  ({len(ids)} articles, {args.draws} draws)")
    for k in full[0]:
        xs = [s[k] for s in samples if s[k] == s[k]]
        sign = -1 if k in LOWER_IS_BETTER else 1
        better = sum(sign * x > 0 for x in xs) / len(xs) if xs else float("nan")
        worse = sum(sign * x < 0 for x in xs) / len(xs) if xs else float("nan")
        d = full[1][k] - full[0][k]
        print(f"{k:<16} {full[0][k]:7.4f} {full[1][k]:7.4f} {d:+8.4f}  [{_pct(xs, 0.025):+.4f}, {_pct(xs, 0.975):+.4f}]  {better:6.2f} / {worse:4.2f}")


if __name__ == "__main__":
    main()
