"""Sparse linear models over string features: the scoring the learned components share.

The detector, its multiclass typer and the speech-act model are logistic models whose
weights are keyed by feature strings (``lemma=attack``, ``w=disgraceful``), trained by the
scripts under ``scripts/`` and shipped as JSON. Scoring them is a sum over the features a
draft has; this module holds that sum once.
"""

from __future__ import annotations

import math


def softmax(bias: dict[str, float], weights: dict[str, dict[str, float]], feats: list[str]) -> dict[str, float]:
    """P(class) of a multinomial model: ``bias`` per class, ``weights`` feature -> class ->
    weight; features the model never saw weigh nothing."""
    z = dict(bias)
    for f in feats:
        for c, w in weights.get(f, {}).items():
            z[c] = z.get(c, 0.0) + w
    m = max(z.values())
    e = {c: math.exp(v - m) for c, v in z.items()}
    total = sum(e.values())
    return {c: v / total for c, v in e.items()}
