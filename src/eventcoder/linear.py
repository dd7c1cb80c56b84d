"""Sparse linear models over string features: the scoring the learned components share.

The detector, its multiclass typer and the speech-act model are logistic models whose
weights are keyed by feature strings (``lemma=attack``, ``w=disgraceful``), trained by the
scripts under ``scripts/`` and shipped as JSON. Scoring them is a sum over the features a
draft has; this module holds that sum once.
"""

from __future__ import annotations

import math


class SparseTable:
    """A model's ``weights`` as feature -> ((class slot, weight), ...), the slots in the order of
    its ``bias``: ``softmax`` then adds into a list instead of looking each class up in a dict.
    Each class still receives the same weights in the same (feature) order, so the sums are the
    same to the bit (``tests/test_linear.py``)."""

    __slots__ = ("classes", "rows")

    def __init__(self, classes: tuple[str, ...], rows: dict[str, tuple[tuple[int, float], ...]]) -> None:
        self.classes = classes
        self.rows = rows


def sparse_table(bias: dict[str, float], weights: dict[str, dict[str, float]]) -> SparseTable | None:
    """The table of a model whose weights name only classes of its bias (else None: ``softmax``
    keeps the dict path, which adds a class on first sight)."""
    classes = tuple(bias)
    slot = {c: i for i, c in enumerate(classes)}
    rows: dict[str, tuple[tuple[int, float], ...]] = {}
    for f, ws in weights.items():
        if any(c not in slot for c in ws):
            return None
        rows[f] = tuple((slot[c], w) for c, w in ws.items())
    return SparseTable(classes, rows)


def softmax(
    bias: dict[str, float], weights: dict[str, dict[str, float]], feats: list[str], table: SparseTable | None = None
) -> dict[str, float]:
    """P(class) of a multinomial model: ``bias`` per class, ``weights`` feature -> class ->
    weight; features the model never saw weigh nothing. ``table``: ``sparse_table`` of the same
    weights, used when ``bias`` has its classes in its order."""
    if table is not None and tuple(bias) == table.classes:
        acc = list(bias.values())
        rows = table.rows
        for f in feats:
            pairs = rows.get(f)
            if pairs is not None:
                for i, w in pairs:
                    acc[i] += w
        z = dict(zip(table.classes, acc, strict=True))
    else:
        z = dict(bias)
        for f in feats:
            for c, w in weights.get(f, {}).items():
                z[c] = z.get(c, 0.0) + w
    m = max(z.values())
    e = {c: math.exp(v - m) for c, v in z.items()}
    total = sum(e.values())
    return {c: v / total for c, v in e.items()}
