"""``scripts/genre_calibration.py --detector``: the confidence map is fitted for the detector it
will read — that file's learner repeats the out-of-fold fits, and the held-out fifth is read through
it (with its conjunctions), not through the shipped ``detector.json``."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _heldout(doc: str) -> bool:
    return int(hashlib.md5(doc.encode()).hexdigest(), 16) % 5 == 0


def _examples(n_docs: int = 60) -> list[dict]:
    """Two drafts a document: an attack verb in a report (mostly real) and a plan to meet (mostly not)."""
    rng = random.Random(3)
    out = []
    for i in range(n_docs):
        doc = f"toy-{i:03d}"
        out.append({"doc": doc, "y": int(rng.random() < 0.8), "f": ["lemma=attack", "tense=past", "type=ASSAULT"]})
        out.append({"doc": doc, "y": int(rng.random() < 0.2), "f": ["lemma=meet", "modal=will", "type=CONSULT"]})
    return out


def test_map_is_fitted_for_the_given_detector(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("genre_calibration", None)
    import genre_calibration as gc

    exs = _examples()
    assert any(_heldout(e["doc"]) for e in exs) and any(not _heldout(e["doc"]) for e in exs)
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps({"examples": exs, "stats": {}, "synthetic": [], "docs": sorted({e["doc"] for e in exs})}), encoding="utf-8")
    logits = tmp_path / "z.json"
    logits.write_text(json.dumps({"folds": 5, "threshold": 0.3, "docs": {}}), encoding="utf-8")
    # a retrained detector with a conjunction pair, not the shipped file
    # (an attack draft clears 0.15 only through the conjunction: sigmoid(-3 + 1) = 0.12, sigmoid(-3 + 1 + 2.5) = 0.62;
    # a meet draft never does: sigmoid(-3) = 0.05)
    det = {"kind": "binary", "bias": -3.0, "weights": {"lemma=attack": 1.0, "lemma*tense=attack|past": 2.5},
           "conjunctions": [["lemma", "tense"]], "threshold": 0.15, "calibration": {"kind": "platt", "a": 1.0, "b": 0.0},
           "meta": {"gov_walk": "root", "params": {"learner": "adagrad-conj"}}}
    dpath = tmp_path / "det.json"
    dpath.write_text(json.dumps(det), encoding="utf-8")
    out = tmp_path / "map.json"
    assert gc.main(["--examples-cache", str(cache), "--logits", str(logits), "--form", "platt", "--gate", "all",
                    "--detector", str(dpath), "--oof-cache", str(tmp_path / "oof.json"), "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["meta"]["detector"] == "det.json" and written["meta"]["detector_learner"] == "adagrad-conj"
    assert written["c"] == written["d"] == written["e"] == 0.0  # the platt form: no genre terms
    assert written["a"] > 0  # the out-of-fold probability still orders the drafts the right way
    # the held-out fifth was read through the given file and its conjunctions: exactly its attack drafts are kept
    assert written["meta"]["report"]["heldout_kept"] == sum(1 for e in exs if _heldout(e["doc"]) and "lemma=attack" in e["f"])
    assert len(json.loads((tmp_path / "oof.json").read_text(encoding="utf-8"))) == sum(1 for e in exs if not _heldout(e["doc"]))


def test_out_of_fold_fits_leave_out_the_families_the_detector_was_trained_without(tmp_path: Path, monkeypatch) -> None:
    """A file trained with ``--exclude-features 'ctx_*'`` gets a map fitted on out-of-fold
    probabilities that never read ``ctx_*`` either: here a sentence-context feature gives the answer
    away, so with it the out-of-fold probabilities split the real drafts from the others, without it
    every report of an attack is scored alike."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    sys.modules.pop("genre_calibration", None)
    import genre_calibration as gc

    rng = random.Random(5)
    exs = []
    for i in range(80):
        y = int(rng.random() < 0.5)
        exs.append({"doc": f"toy-{i:03d}", "y": y, "f": ["lemma=attack", "tense=past", f"ctx_quote={'no' if y else 'yes'}"]})
    cache = tmp_path / "cache.json"
    cache.write_text(json.dumps({"examples": exs, "stats": {}, "synthetic": [], "docs": sorted({e["doc"] for e in exs})}), encoding="utf-8")
    logits = tmp_path / "z.json"
    logits.write_text(json.dumps({"folds": 5, "threshold": 0.3, "docs": {}}), encoding="utf-8")
    train_ys = [e["y"] for e in exs if not _heldout(e["doc"])]

    def gap(exclude: str | None) -> float:
        det = {"kind": "binary", "bias": 0.0, "weights": {"lemma=attack": 0.1}, "threshold": 0.15, "calibration": {"kind": "platt", "a": 1.0, "b": 0.0},
               "meta": {"gov_walk": "root", "params": {"learner": "adagrad", "exclude_features": exclude}}}
        dpath = tmp_path / f"det-{exclude is not None}.json"
        dpath.write_text(json.dumps(det), encoding="utf-8")
        oof_path = tmp_path / f"oof-{exclude is not None}.json"
        assert gc.main(["--examples-cache", str(cache), "--logits", str(logits), "--form", "platt", "--gate", "all", "--threshold", "0.0",
                        "--detector", str(dpath), "--oof-cache", str(oof_path)]) == 0
        oof = json.loads(oof_path.read_text(encoding="utf-8"))
        real = [p for p, y in zip(oof, train_ys, strict=True) if y]
        other = [p for p, y in zip(oof, train_ys, strict=True) if not y]
        return sum(real) / len(real) - sum(other) / len(other)

    assert gap(None) > 0.3
    assert abs(gap("ctx_*")) < 0.05
