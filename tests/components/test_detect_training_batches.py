"""``scripts/train_detector.py``: the drafts of newly annotated batches can be left out or
weighted, to measure what a batch does to the detector (x21labels)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_detector as td  # noqa: E402


def _ex(doc: str, batch: str | None, y: int, feats: list[str]) -> dict:
    e = {"doc": doc, "y": y, "f": feats}
    if batch is not None:
        e["batch"] = batch
    return e


def test_dropped_batches_leave_training_and_weights_apply_by_prefix() -> None:
    exs = [
        _ex("a", "batch-003", 1, ["lemma=attack"]),
        _ex("b", "sbatch-w12-001", 0, ["lemma=charge"]),
        _ex("c", "sbatch-w13-004", 1, ["lemma=riot"]),
        _ex("d", "lbatch-000", 0, ["lemma=file"]),
    ]
    kept, dropped = td.select_batches(exs, "lbatch", "sbatch-w12=0.5,sbatch-w13=0")
    assert dropped == 1 and [e["doc"] for e in kept] == ["a", "b", "c"]
    assert "sw" not in kept[0] and kept[1]["sw"] == 0.5 and kept[2]["sw"] == 0.0


def test_a_cache_without_batches_cannot_be_split() -> None:
    with pytest.raises(ValueError, match="batch"):
        td.select_batches([_ex("a", None, 1, ["lemma=attack"])], "lbatch", "")
    # nothing asked: an old cache still trains
    assert td.select_batches([_ex("a", None, 1, ["lemma=attack"])], "", "")[1] == 0


def test_a_zero_weight_draft_teaches_nothing() -> None:
    """A riot labelled an event in one batch and not in another: the batch weighted 0 has no
    say, so the word keeps the sign the other batch gives it."""
    base = [_ex(f"p{k}", "batch-001", 1, ["lemma=riot"]) for k in range(20)]
    other = [_ex(f"n{k}", "sbatch-w13-000", 0, ["lemma=riot"]) for k in range(60)]
    exs, _ = td.select_batches(base + other, "", "sbatch-w13=0")
    _, w = td.train(exs, epochs=5, l2=1e-3, lr=0.1, min_count=1)
    assert w["lemma=riot"] > 0
    _, w_all = td.train(base + other, epochs=5, l2=1e-3, lr=0.1, min_count=1)
    assert w_all.get("lemma=riot", 0.0) < w["lemma=riot"]


def test_the_seed_changes_only_the_order_of_the_fit() -> None:
    exs = [_ex(f"d{k}", "batch-001", k % 2, ["lemma=attack", f"next={'the' if k % 2 else 'a'}"]) for k in range(40)]
    b1, w1 = td.train(exs, epochs=3, l2=1e-3, lr=0.1, min_count=1, seed=13)
    b2, w2 = td.train(exs, epochs=3, l2=1e-3, lr=0.1, min_count=1, seed=13)
    assert (b1, w1) == (b2, w2)
    _, w3 = td.train(exs, epochs=3, l2=1e-3, lr=0.1, min_count=1, seed=1)
    assert (w3["next=the"] > 0) == (w1["next=the"] > 0)
