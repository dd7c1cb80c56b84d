"""The detector's learners (x23detect): ``scripts/train_detector.py --learner`` and the explicit
feature conjunctions a model file may name (``components.detect.conjoin``). Made-up feature sets
of the shape the pipeline writes, so the tests are hermetic."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from eventcoder.components.detect import CONJUNCTIONS, DetectorModel, conjoin
from eventcoder.errors import ConfigError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import train_detector as td  # noqa: E402


def test_conjoin_crosses_every_value_of_both_families() -> None:
    feats = ["lemma=strike", "ctx_clause=main", "bias_type=ASSAULT", "sent_pos=0", "in_quote=False", "child=det", "child=amod"]
    out = conjoin(feats, (("lemma", "ctx_clause"), ("bias_type", "sent_pos"), ("lemma", "child"), ("lemma", "absent")))
    assert out == ["lemma*ctx_clause=strike|main", "bias_type*sent_pos=ASSAULT|0", "lemma*child=strike|det", "lemma*child=strike|amod"]
    assert conjoin(feats, ()) == []


def _examples(n: int = 400, seed: int = 5) -> list[dict]:
    """"strike" is an event in a main clause and not when a verb of saying governs it as a
    prediction: only the conjunction of the word with its clause tells the two apart, since
    "warn" drafts in a main clause are never events either."""
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        lemma = rnd.choice(["strike", "warn"])
        clause = rnd.choice(["main", "ccomp"])
        y = int((lemma == "strike") == (clause == "main"))
        out.append({"doc": f"d{k % 40}", "y": y, "f": ["lemma=" + lemma, "ctx_clause=" + clause, "bias_type=ASSAULT", f"noise={rnd.randrange(9)}"]})
    return out


@pytest.mark.parametrize("learner", ["adagrad-conj", "lr-conj"])
def test_a_conjunction_learner_separates_what_the_families_alone_cannot(learner: str) -> None:
    exs = _examples()
    b, w, pairs, info = td.fit_linear(learner, exs, [], epochs=6, min_count=2, c=1.0 if learner == "lr-conj" else None)
    assert pairs == [list(p) for p in CONJUNCTIONS]
    model = DetectorModel({"kind": "binary", "bias": b, "weights": w, "conjunctions": pairs, "threshold": 0.5, "calibration": None})

    def p(lemma: str, clause: str) -> float:
        return model.raw(["lemma=" + lemma, "ctx_clause=" + clause, "bias_type=ASSAULT"])
    assert p("strike", "main") > 0.8 and p("warn", "ccomp") > 0.8
    assert p("strike", "ccomp") < 0.2 and p("warn", "main") < 0.2
    # the same weights read without the conjunctions know nothing
    plain = DetectorModel({"kind": "binary", "bias": b, "weights": w, "threshold": 0.5, "calibration": None})
    assert abs(plain.raw(["lemma=strike", "ctx_clause=main", "bias_type=ASSAULT"]) - 0.5) < 0.2


def test_lr_chooses_c_by_inner_grouped_cv_and_matches_the_plain_learners_signs() -> None:
    rnd = random.Random(2)
    exs = [{"doc": f"d{k % 30}", "y": int(rnd.random() < (0.7 if k % 2 else 0.2)),
            "f": ["lemma=" + ("attack" if k % 2 else "talk"), f"noise={rnd.randrange(5)}"]} for k in range(300)]
    b, w, pairs, info = td.fit_linear("lr", exs, [], min_count=2)
    assert pairs == [] and info["C"] in td.LR_GRID and set(info["inner_log_loss"]) == {str(c) for c in td.LR_GRID}
    assert w["lemma=attack"] > w["lemma=talk"]
    predict, _ = td.fit_predictor("lr", exs, [], c=info["C"])
    assert predict([["lemma=attack"]])[0] > predict([["lemma=talk"]])[0]


def test_bad_conjunctions_are_a_coded_error() -> None:
    for bad in ([["lemma"]], "lemma*ctx", [["lemma", "ctx=main"]], [[1, 2]]):
        with pytest.raises(ConfigError) as err:
            DetectorModel({"kind": "binary", "bias": 0.0, "weights": {}, "conjunctions": bad, "threshold": 0.5, "calibration": None})
        assert "E562" in str(err.value) or "E306" in str(err.value)
    with pytest.raises(ValueError, match="unknown learner"):
        td.fit_predictor("svm", [], [])


def test_cv_deals_documents_whole_and_merges_dealings() -> None:
    import detector_cv as cv

    docs = [f"doc-{k}" for k in range(200)]
    for dealing in range(3):
        folds = [cv.dealt(d, dealing, 5) for d in docs]
        assert set(folds) == set(range(5)) and folds == [cv.dealt(d, dealing, 5) for d in docs]
    assert [cv.dealt(d, 0, 5) for d in docs] != [cv.dealt(d, 1, 5) for d in docs]
    rnd = random.Random(4)
    ys = [int(rnd.random() < 0.4) for _ in docs]
    raw = [min(0.99, max(0.01, 0.3 + 0.4 * y + rnd.uniform(-0.3, 0.3))) for y in ys]
    m = cv.measures(raw, ys, [cv.dealt(d, 0, 5) for d in docs], 5)
    assert 0.8 < m["auc"] <= 1.0 and m["log_loss_platt"] <= m["log_loss_raw"] + 0.05
    row = {"dealing": 0, **m}
    rep = cv.summarise({"learners": {"adagrad": {"dealings": [row, {**row, "dealing": 1, "auc": m["auc"] - 0.01}]},
                                     "lr": {"dealings": [{**row, "auc": m["auc"] + 0.02}, {**row, "dealing": 1}]}}})
    assert rep["learners"]["adagrad"]["summary"]["auc"]["spread"] == 0.01
    assert rep["learners"]["lr"]["auc_minus_adagrad"] == {0: 0.02, 1: 0.01}
