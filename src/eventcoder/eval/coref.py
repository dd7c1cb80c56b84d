"""Coreference scores: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1.

The standard definitions (Vilain et al. 1995; Bagga & Baldwin 1998; Luo 2005), as the
reference CoNLL scorer computes them, over clusterings given as ``{item: cluster}`` maps
of the same items. Singletons count (as in ECB+ event-coreference evaluation): in MUC they
contribute no links; in B-cubed and CEAF-e they are clusters like any other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

Clustering = Mapping[Hashable, Hashable]


def clusters_of(assign: Clustering) -> list[set[Hashable]]:
    """The clusters of an assignment, as sets of items."""
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, c in assign.items():
        out[c].add(item)
    return list(out.values())


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _muc_side(key: list[set[Hashable]], resp: Clustering) -> float:
    num = den = 0
    for k in key:
        parts = {resp.get(m, ("missing", m)) for m in k}
        num += len(k) - len(parts)
        den += len(k) - 1
    return num / den if den else 0.0


def muc(gold: Clustering, pred: Clustering) -> tuple[float, float, float]:
    r = _muc_side(clusters_of(gold), pred)
    p = _muc_side(clusters_of(pred), gold)
    return p, r, _f(p, r)


def bcubed(gold: Clustering, pred: Clustering) -> tuple[float, float, float]:
    """Recall averaged over the gold items, precision over the predicted ones; an item
    missing on the other side shares nothing there."""
    gc = {m: c for c in map(frozenset, clusters_of(gold)) for m in c}
    pc = {m: c for c in map(frozenset, clusters_of(pred)) for m in c}
    if not gc or not pc:
        return 0.0, 0.0, 0.0
    empty: frozenset[Hashable] = frozenset()
    r = sum(len(c & pc.get(m, empty)) / len(c) for m, c in gc.items()) / len(gc)
    p = sum(len(c & gc.get(m, empty)) / len(c) for m, c in pc.items()) / len(pc)
    return p, r, _f(p, r)


def ceafe(gold: Clustering, pred: Clustering) -> tuple[float, float, float]:
    """Entity-based CEAF: the best one-to-one alignment under phi4 = 2|K∩R| / (|K|+|R|)."""
    key, resp = clusters_of(gold), clusters_of(pred)
    if not key or not resp:
        return 0.0, 0.0, 0.0
    where: dict[Hashable, int] = {m: j for j, c in enumerate(resp) for m in c}
    sim = np.zeros((len(key), len(resp)))
    for i, k in enumerate(key):
        for m in k:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
        for j in np.nonzero(sim[i])[0]:
            sim[i, j] = 2 * sim[i, j] / (len(k) + len(resp[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    r, p = total / len(key), total / len(resp)
    return p, r, _f(p, r)


def prf(prefix: str, p: float, r: float, f: float) -> dict[str, float]:
    """``{prefix}_p``, ``{prefix}_r``, ``{prefix}_f1``, rounded as every report shows them."""
    return {f"{prefix}_p": round(p, 4), f"{prefix}_r": round(r, 4), f"{prefix}_f1": round(f, 4)}


def conll(gold: Clustering, pred: Clustering) -> dict[str, float]:
    """MUC, B-cubed, CEAF-e (P, R, F1 each) and CoNLL F1, the mean of the three F1s."""
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("bcubed", bcubed), ("ceafe", ceafe)):
        out.update(prf(name, *fn(gold, pred)))
    out["conll_f1"] = round((out["muc_f1"] + out["bcubed_f1"] + out["ceafe_f1"]) / 3, 4)
    return out


__all__ = ["bcubed", "ceafe", "clusters_of", "conll", "muc", "prf"]
