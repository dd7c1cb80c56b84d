"""The one scorer every gold set uses: counts in, rounded metrics out.

Each set module (``eventcoder.eval.sets.*``) only reads its gold and lines it up with the
coder's output; every number it reports is computed here, so "precision", "macro-F1" or
"within 161 km" mean the same thing on every set and a fix to a metric fixes it everywhere.
Scores are rounded to 4 places (:func:`r4`) so that result files diff cleanly between runs.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

#: confidence bands for "accuracy per confidence band" (upper bound inclusive for the last)
BANDS: tuple[tuple[str, float, float], ...] = (
    ("0-0.5", 0.0, 0.5),
    ("0.5-0.7", 0.5, 0.7),
    ("0.7-0.85", 0.7, 0.85),
    ("0.85-1", 0.85, 1.0001),
)
#: half the Earth's circumference: the worst possible location error
MAX_KM = 20039.0


def r4(x: float) -> float:
    """Round a score to 4 places (the precision every result file is written with)."""
    return round(x, 4)


def ratio(num: float, den: float) -> float:
    """``num / den`` rounded, 0.0 for an empty denominator (an empty set scores 0, not NaN)."""
    return r4(num / den) if den else 0.0


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    """Unrounded precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf_table(gold: Sequence[str], pred: Sequence[str], none: str = "none") -> dict[str, dict[str, float]]:
    """Per-class precision, recall, F1 and support. ``none`` (no prediction) is never a class."""
    labels = sorted((set(gold) | set(pred)) - {none})
    out: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        npred = sum(1 for p in pred if p == lab)
        ngold = sum(1 for g in gold if g == lab)
        prec, rec, f1 = prf(tp, npred, ngold)
        out[lab] = {"precision": r4(prec), "recall": r4(rec), "f1": r4(f1), "support": ngold, "predicted": npred}
    return out


def macro_f1(table: dict[str, dict[str, float]]) -> float:
    """Mean F1 over every class that occurs in the gold or the predictions."""
    return r4(sum(v["f1"] for v in table.values()) / len(table)) if table else 0.0


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of items whose prediction equals the gold label."""
    return r4(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)) if gold else 0.0


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label -> {predicted label: count}, most frequent prediction first."""
    out: dict[str, Counter] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        out[g][p] += 1
    return {g: dict(sorted(c.items(), key=lambda kv: -kv[1])) for g, c in sorted(out.items())}


def by_band(confidences: Sequence[float | None], correct: Sequence[bool]) -> dict[str, dict[str, float]]:
    """Accuracy per confidence band, over items that have a prediction (calibration check)."""
    out: dict[str, dict[str, float]] = {}
    for label, lo, hi in BANDS:
        idx = [i for i, c in enumerate(confidences) if c is not None and lo <= c < hi]
        n = len(idx)
        out[label] = {"n": n, "accuracy": r4(sum(correct[i] for i in idx) / n) if n else 0.0}
    return out


def set_prf(gold_sets: Sequence[set[str]], pred_sets: Sequence[set[str]]) -> tuple[float, float, float]:
    """Micro P/R/F1 over sets of codes (one set per item), rounded."""
    tp = sum(len(g & p) for g, p in zip(gold_sets, pred_sets, strict=True))
    np_ = sum(len(p) for p in pred_sets)
    ng = sum(len(g) for g in gold_sets)
    p, r, f = prf(tp, np_, ng)
    return r4(p), r4(r), r4(f)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (mean Earth radius, as the geoparser measures it)."""
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def error_auc(errors: Sequence[float]) -> float:
    """Gritta et al.: area under the sorted log(1+error) curve, scaled to [0, 1] (lower is better)."""
    if not errors:
        return 0.0
    ys = sorted(min(1.0, math.log(1 + e) / math.log(MAX_KM)) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[k] + ys[k + 1]) / 2 for k in range(len(ys) - 1))
    return area / (len(ys) - 1)


def same_date(pred: str | None, gold: str | None, precision: str | None) -> bool:
    """Is the predicted ISO date the gold date at the gold's precision?

    day: the same day; week: within the 7 days starting at the gold value (a week is coded by
    its first day); month: the same year and month; year: the same year. A gold date without
    precision is compared as a day.
    """
    if not pred or not gold:
        return False
    if precision == "year":
        return pred[:4] == gold[:4]
    if precision == "month":
        return pred[:7] == gold[:7]
    if precision == "week":
        try:
            g, p = date.fromisoformat(gold[:10]), date.fromisoformat(pred[:10])
        except ValueError:
            return False
        return g <= p < g + timedelta(days=7)
    return pred[:10] == gold[:10]


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


__all__ = [
    "BANDS",
    "MAX_KM",
    "accuracy",
    "by_band",
    "confusion",
    "error_auc",
    "haversine_km",
    "macro_f1",
    "prf",
    "prf_table",
    "r4",
    "ratio",
    "same_date",
    "set_prf",
    "spans_overlap",
]


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve (the probability that a random positive outranks a random
    negative; ties count half). 0.0 when one class is absent."""
    pairs = sorted(zip(scores, labels, strict=True))
    pos = sum(1 for _, y in pairs if y)
    neg = len(pairs) - pos
    if not pos or not neg:
        return 0.0
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        rank_sum += (i + j + 1) / 2 * sum(1 for _, y in pairs[i:j] if y)
        i = j
    return r4((rank_sum - pos * (pos + 1) / 2) / (pos * neg))


def calibration(scores: Sequence[float], labels: Sequence[bool], bins: int = 10) -> tuple[float, list[dict[str, float]]]:
    """Expected calibration error over equal-width bins, and the reliability table
    (per bin: count, mean predicted probability, observed rate)."""
    rows: list[dict[str, float]] = []
    ece = 0.0
    n = len(scores)
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, p in enumerate(scores) if lo <= p < hi or (k == bins - 1 and p >= 1.0)]
        if not idx:
            continue
        mean_p = sum(scores[i] for i in idx) / len(idx)
        rate = sum(1 for i in idx if labels[i]) / len(idx)
        ece += len(idx) / n * abs(mean_p - rate)
        rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(idx), "mean_confidence": r4(mean_p), "rate_real": r4(rate)})
    return r4(ece), rows
